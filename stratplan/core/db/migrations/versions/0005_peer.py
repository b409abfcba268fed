"""needs, offers and pairings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 19:03:52.571317
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('peer_record',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('area', sa.String(length=64), nullable=False),
    sa.Column('data_json', sa.Text(), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('peer_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_record_kind'), ['kind'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('peer_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_record_kind'))

    op.drop_table('peer_record')
