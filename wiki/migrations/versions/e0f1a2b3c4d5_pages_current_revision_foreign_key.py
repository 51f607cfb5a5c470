"""the foreign key from a page to its current revision, on PostgreSQL too

The initial migration declared it with use_alter=True inside create_table: SQLite writes it
in the CREATE TABLE, but on PostgreSQL nothing ever added it. Added here where missing.

Revision ID: e0f1a2b3c4d5
Revises: d4e6f8a0b2c3
Create Date: 2026-12-02 09:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e0f1a2b3c4d5'
down_revision = 'd4e6f8a0b2c3'
branch_labels = None
depends_on = None

NAME = 'fk_pages_current_revision'


def _exists() -> bool:
    inspector = sa.inspect(op.get_bind())
    return any(fk.get('name') == NAME for fk in inspector.get_foreign_keys('pages'))


def upgrade():
    if op.get_bind().dialect.name == 'sqlite' or _exists():
        return
    op.create_foreign_key(NAME, 'pages', 'revisions', ['current_revision_id'], ['id'])


def downgrade():
    if op.get_bind().dialect.name != 'sqlite' and _exists():
        op.drop_constraint(NAME, 'pages', type_='foreignkey')
