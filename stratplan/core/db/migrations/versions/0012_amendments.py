"""amendments: proposed changes to a revision's passages, and the decisions on them

Derived tables (rebuilt from the amend.* operations); empty on an older store, which has no
such operations.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 12:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('amendment',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('op_id', sa.String(length=64), nullable=False),
    sa.Column('proposal_id', sa.String(length=64), nullable=False),
    sa.Column('revision_id', sa.String(length=64), nullable=False),
    sa.Column('change', sa.String(length=16), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('old', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('author_id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_proposal_id'), ['proposal_id'], unique=False)
    op.create_table('amendment_decision',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('amendment_id', sa.String(length=64), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('parents', sa.Text(), nullable=False),
    sa.Column('author_id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('amendment_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_decision_amendment_id'), ['amendment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('amendment_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_decision_amendment_id'))
    op.drop_table('amendment_decision')
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_proposal_id'))
    op.drop_table('amendment')
