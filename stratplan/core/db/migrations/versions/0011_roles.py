"""roles and delegated votes: role grants, mandates, the programme's arrangements by organisation

Derived tables (rebuilt from the role.*, mandate.* and programme.* operations after the
migration), and the mandates a round's signed close lists as counting.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('vote_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counted_mandates', sa.Text(), nullable=False, server_default=''))
    op.create_table('role_event',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('group_id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('cl', sa.Integer(), nullable=False),
    sa.Column('signer_org', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('role_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_event_group_id'), ['group_id'], unique=False)
    op.create_table('vote_mandate',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('round_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('delegate_org', sa.String(length=64), nullable=False),
    sa.Column('signer_org', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.Column('valid', sa.Boolean(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vote_mandate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_mandate_round_id'), ['round_id'], unique=False)
    op.create_table('programme_layout_version',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('layout_id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.Column('layout_json', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('programme_layout_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_layout_version_layout_id'), ['layout_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('programme_layout_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_layout_version_layout_id'))
    op.drop_table('programme_layout_version')
    with op.batch_alter_table('vote_mandate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_mandate_round_id'))
    op.drop_table('vote_mandate')
    with op.batch_alter_table('role_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_event_group_id'))
    op.drop_table('role_event')
    with op.batch_alter_table('vote_round', schema=None) as batch_op:
        batch_op.drop_column('counted_mandates')
