"""a page's département (from its territory), for the département lists and the map

Revision ID: d0f4a6b8c2e5
Revises: 1c1b9f3f5d95
Create Date: 2026-12-04 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'd0f4a6b8c2e5'
down_revision = "a7c1e3f5b9d2"
branch_labels = None
depends_on = None

pages = sa.table('pages', sa.column('id', sa.Integer), sa.column('current_revision_id', sa.Integer),
                 sa.column('departement', sa.String))
revisions = sa.table('revisions', sa.column('id', sa.Integer), sa.column('fields', sa.JSON))


def upgrade():
    from wiki.territories.locate import departement_of

    # A plain ADD COLUMN: a batch would copy the pages table (its revisions point at it).
    op.add_column('pages', sa.Column('departement', sa.String(length=3), nullable=True))
    op.create_index('ix_pages_departement', 'pages', ['departement'])
    bind = op.get_bind()
    rows = bind.execute(sa.select(pages.c.id, revisions.c.fields)
                        .join(revisions, revisions.c.id == pages.c.current_revision_id)).all()
    for page_id, fields in rows:
        code = departement_of(fields if isinstance(fields, dict) else None)
        if code is not None:
            bind.execute(pages.update().where(pages.c.id == page_id)
                         .values(departement=code))


def downgrade():
    op.drop_index('ix_pages_departement', table_name='pages')
    op.drop_column('pages', 'departement')  # SQLite 3.35+ drops a column in place
