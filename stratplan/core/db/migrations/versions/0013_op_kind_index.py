"""an index of the log by operation kind

Who convenes a store without a roster is read from the coalition's first description on every
check of a role; without this index that read scanned the whole log (90 ms on 160,000 reports).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 13:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain CREATE INDEX: a batch operation would copy the whole log table.
    op.create_index('ix_sync_op_kind', 'sync_op', ['kind', 'hlc'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_sync_op_kind', table_name='sync_op')
