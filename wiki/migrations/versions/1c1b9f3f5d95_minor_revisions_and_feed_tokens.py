"""minor revisions (« modification mineure »), and personal feed tokens

Revision ID: 1c1b9f3f5d95
Revises: 194c56d1d06a
Create Date: 2026-12-03 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '1c1b9f3f5d95'
down_revision = '194c56d1d06a'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (with its default, SQLite takes NOT NULL): a batch would copy the
    # table, and dropping the old one fails on SQLite once pages point at its revisions.
    op.add_column('revisions', sa.Column('minor', sa.Boolean(), server_default=sa.false(),
                                         nullable=False))
    op.create_table('feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash'),
    sa.UniqueConstraint('user_id')
    )


def downgrade():
    op.drop_table('feed_tokens')
    op.drop_column('revisions', 'minor')  # SQLite 3.35+ drops a column in place
