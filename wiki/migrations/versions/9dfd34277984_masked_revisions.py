"""masked revisions: when, by whom and why a revision's content was masked

The columns are added and dropped in place (ALTER TABLE), never by rebuilding `revisions`:
on SQLite a rebuild drops the table, which the pages' foreign key to their current revision
forbids once a wiki has pages. Hence no foreign key here (who masked is kept by name; the
audit log has their account).

Revision ID: 9dfd34277984
Revises: f6a896289c0b
Create Date: 2026-12-03 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9dfd34277984'
down_revision = 'f6a896289c0b'
branch_labels = None
depends_on = None

COLUMNS = ('masked_at', 'masked_by_name', 'masked_reason')


def upgrade():
    op.add_column('revisions', sa.Column('masked_at', sa.DateTime(), nullable=True))
    op.add_column('revisions', sa.Column('masked_by_name', sa.String(length=120),
                                         nullable=False, server_default=''))
    op.add_column('revisions', sa.Column('masked_reason', sa.Text(), nullable=False,
                                         server_default=''))


def downgrade():
    for column in reversed(COLUMNS):
        if op.get_bind().dialect.name == 'sqlite':  # SQLite 3.35+, without a rebuild
            op.execute(f'ALTER TABLE revisions DROP COLUMN {column}')
        else:
            op.drop_column('revisions', column)
