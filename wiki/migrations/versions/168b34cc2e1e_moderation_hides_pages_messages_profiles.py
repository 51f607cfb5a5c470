"""moderation hides pages, messages and profiles (the moment they were hidden)

Revision ID: 168b34cc2e1e
Revises: 5ef85aa116c5
Create Date: 2026-12-03 15:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '168b34cc2e1e'
down_revision = '5ef85aa116c5'
branch_labels = None
depends_on = None

TABLES = ('pages', 'messages', 'profiles')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))


def downgrade():
    # In place (SQLite 3.35+ drops a column): a batch would rebuild `pages`, which the
    # revisions' foreign keys forbid once the wiki has pages.
    for table in TABLES:
        op.drop_column(table, 'hidden_at')
