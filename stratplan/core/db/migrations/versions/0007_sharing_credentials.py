"""sharing: credentials, held operations, peers

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 20:39:53.291396
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sync_credential',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sig', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sync_held',
    sa.Column('op_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('op_id')
    )
    op.create_table('sync_peer',
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('vector_json', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('seen_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('device_id')
    )


def downgrade() -> None:
    op.drop_table('sync_peer')
    op.drop_table('sync_held')
    op.drop_table('sync_credential')
