"""the sign-in throttle in the database (per account and address, per address, per account);
the per-account lock columns go

Revision ID: b8d2f4a6c913
Revises: 7c1e5a9d2b40
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b8d2f4a6c913'
down_revision = '7c1e5a9d2b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(), nullable=True),
    sa.Column('retry_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('alerted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('scope', 'key', name='uq_sign_in_throttles_scope_key')
    )
    with op.batch_alter_table('sign_in_throttles', schema=None) as batch_op:
        batch_op.create_index('ix_sign_in_throttles_last_failure_at', ['last_failure_at'],
                              unique=False)
        batch_op.create_index('ix_sign_in_throttles_last_success_at', ['last_success_at'],
                              unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False,
                                      server_default='0'))
    with op.batch_alter_table('sign_in_throttles', schema=None) as batch_op:
        batch_op.drop_index('ix_sign_in_throttles_last_success_at')
        batch_op.drop_index('ix_sign_in_throttles_last_failure_at')
    op.drop_table('sign_in_throttles')
