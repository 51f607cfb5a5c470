"""approved adherents (approval and address confirmation dates) and confidential groups
(open or closed, requests to join and invitations)

Accounts that exist already are approved and their addresses confirmed: they were members
before approval existed. Groups that exist already become closed: until now nobody but
their members could learn of them, and opening one is a choice.

Revision ID: 5ef85aa116c5
Revises: b8d2f4a6c913
Create Date: 2026-12-03 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '5ef85aa116c5'
down_revision = 'b8d2f4a6c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    users = sa.table('users', sa.column('created_at', sa.DateTime()),
                     sa.column('approved_at', sa.DateTime()),
                     sa.column('email_confirmed_at', sa.DateTime()))
    op.execute(users.update().values(approved_at=users.c.created_at,
                                     email_confirmed_at=users.c.created_at))

    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))

    op.create_table('group_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_id', 'user_id', name='uq_group_requests_group_user')
    )
    with op.batch_alter_table('group_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_requests_user_id'), ['user_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('group_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_requests_user_id'))
    op.drop_table('group_requests')
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_column('closed')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
        batch_op.drop_column('approved_at')
