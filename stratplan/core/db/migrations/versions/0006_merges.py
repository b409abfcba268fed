"""consolidation merges

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 19:38:17.740484
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('merge_record',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=64), nullable=False),
    sa.Column('sources_json', sa.Text(), nullable=False),
    sa.Column('source_heads_json', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('merge_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merge_record_target'), ['target'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('merge_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merge_record_target'))

    op.drop_table('merge_record')
