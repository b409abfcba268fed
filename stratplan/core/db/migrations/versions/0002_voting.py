"""voting rounds and ballots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 18:43:55.366199
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('vote_ballot',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('round_id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('entered_by_org', sa.String(length=64), nullable=False),
    sa.Column('author_id', sa.String(length=64), nullable=False),
    sa.Column('choices_json', sa.Text(), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.Column('valid', sa.Boolean(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('effective', sa.Boolean(), nullable=False),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('disagreement', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vote_ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_ballot_round_id'), ['round_id'], unique=False)

    op.create_table('vote_round',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('group_id', sa.String(length=64), nullable=False),
    sa.Column('settings_json', sa.Text(), nullable=False),
    sa.Column('opener_org', sa.String(length=64), nullable=False),
    sa.Column('opened_hlc', sa.BigInteger(), nullable=False),
    sa.Column('closed_hlc', sa.BigInteger(), nullable=False),
    sa.Column('close_op', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('vote_round')
    with op.batch_alter_table('vote_ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_ballot_round_id'))

    op.drop_table('vote_ballot')
