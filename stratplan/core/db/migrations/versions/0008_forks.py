"""forks are kept: sync_op is no longer unique on (device, seq)

A laptop restored from a backup writes sequence numbers again; both operations of such a
fork are stored (by id). SQLite cannot drop a constraint in place: batch mode rebuilds the
table, copying every operation exactly as signed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 10:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sync_op', recreate='always') as batch:
        batch.drop_constraint('uq_sync_op_device_seq', type_='unique')
        batch.create_index('ix_sync_op_device_seq', ['device', 'seq'], unique=False)


def downgrade() -> None:
    # Only possible on a store without forks (the old schema cannot hold both operations).
    with op.batch_alter_table('sync_op', recreate='always') as batch:
        batch.drop_index('ix_sync_op_device_seq')
        batch.create_unique_constraint('uq_sync_op_device_seq', ['device', 'seq'])
