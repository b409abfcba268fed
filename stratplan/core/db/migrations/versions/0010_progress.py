"""progress reports: reporting periods, reports per organisation, point and period, and their revisions

Derived tables (rebuilt from the period.* and progress.* operations); empty on an older store,
which has no such operations.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('progress_period',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('start', sa.String(length=10), nullable=False),
    sa.Column('end', sa.String(length=10), nullable=False),
    sa.Column('due', sa.String(length=10), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('progress_report',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('point_id', sa.String(length=64), nullable=False),
    sa.Column('period_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('values_json', sa.Text(), nullable=False),
    sa.Column('evidence_json', sa.Text(), nullable=False),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.Column('heads', sa.Text(), nullable=False),
    sa.Column('revision_count', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_report_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_report_point_id'), ['point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_report_period_id'), ['period_id'], unique=False)
    op.create_table('progress_revision',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('report_id', sa.String(length=64), nullable=False),
    sa.Column('parents', sa.Text(), nullable=False),
    sa.Column('author_id', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.Column('state_json', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('progress_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_revision_report_id'), ['report_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('progress_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_revision_report_id'))
    op.drop_table('progress_revision')
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_report_period_id'))
        batch_op.drop_index(batch_op.f('ix_progress_report_point_id'))
        batch_op.drop_index(batch_op.f('ix_progress_report_org_id'))
    op.drop_table('progress_report')
    op.drop_table('progress_period')
