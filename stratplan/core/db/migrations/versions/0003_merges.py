"""merged state of concurrent proposal edits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 18:57:05.732396
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_json', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('heads', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('conflicts_json', sa.Text(), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_column('conflicts_json')
        batch_op.drop_column('heads')
        batch_op.drop_column('merged_json')

