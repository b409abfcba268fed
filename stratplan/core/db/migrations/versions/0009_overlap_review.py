"""overlap reviews: pairs dismissed as "not a duplicate" and pairs linked as related

A derived table (rebuilt from the overlap.* operations); empty on an older store, which has
no such operations.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('overlap_review',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('a', sa.String(length=64), nullable=False),
    sa.Column('b', sa.String(length=64), nullable=False),
    sa.Column('dismiss_cl', sa.Integer(), nullable=False),
    sa.Column('dismiss_org', sa.String(length=64), nullable=False),
    sa.Column('dismiss_author', sa.String(length=64), nullable=False),
    sa.Column('dismiss_hlc', sa.BigInteger(), nullable=False),
    sa.Column('relate_cl', sa.Integer(), nullable=False),
    sa.Column('relate_org', sa.String(length=64), nullable=False),
    sa.Column('relate_author', sa.String(length=64), nullable=False),
    sa.Column('relate_hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('overlap_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_overlap_review_a'), ['a'], unique=False)
        batch_op.create_index(batch_op.f('ix_overlap_review_b'), ['b'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('overlap_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overlap_review_b'))
        batch_op.drop_index(batch_op.f('ix_overlap_review_a'))
    op.drop_table('overlap_review')
