"""programme layout, releases and local plans

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 19:01:10.070091
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('local_plan',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('release_id', sa.String(length=64), nullable=False),
    sa.Column('state_json', sa.Text(), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('local_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_local_plan_org_id'), ['org_id'], unique=False)

    op.create_table('programme_layout',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('layout_json', sa.Text(), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('programme_release',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('content_json', sa.Text(), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('programme_release')
    op.drop_table('programme_layout')
    with op.batch_alter_table('local_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_local_plan_org_id'))

    op.drop_table('local_plan')
