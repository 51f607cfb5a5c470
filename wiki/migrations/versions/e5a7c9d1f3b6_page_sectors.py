"""a page's sectors (from its sector / sectors field), for the lists' sector filter and facet

Revision ID: e5a7c9d1f3b6
Revises: f2b6c8d0e4a7
Create Date: 2026-12-20 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5a7c9d1f3b6'
down_revision = 'f2b6c8d0e4a7'
branch_labels = None
depends_on = None

pages = sa.table('pages', sa.column('id', sa.Integer), sa.column('current_revision_id', sa.Integer),
                 sa.column('sectors', sa.String))
revisions = sa.table('revisions', sa.column('id', sa.Integer), sa.column('fields', sa.JSON))


def upgrade():
    from wiki.pages.sectors import encode, page_sectors

    # A plain ADD COLUMN: a batch would copy the pages table (its revisions point at it).
    op.add_column('pages', sa.Column('sectors', sa.String(length=400), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.select(pages.c.id, revisions.c.fields)
                        .join(revisions, revisions.c.id == pages.c.current_revision_id)).all()
    for page_id, fields in rows:
        value = encode(page_sectors(fields if isinstance(fields, dict) else None))
        if value is not None:
            bind.execute(pages.update().where(pages.c.id == page_id).values(sectors=value))
    # The PostgreSQL search backend's rows gain the département's name and the stage words
    # with this version: emptied here, they are written again at the next start
    # (PostgresBackend.ensure fills an empty index), as a new Whoosh index name does.
    if bind.dialect.name == 'postgresql':
        op.execute('DELETE FROM page_search')


def downgrade():
    op.drop_column('pages', 'sectors')  # SQLite 3.35+ drops a column in place
