"""typed fields of pages: revisions.typed_fields, read from the text of every revision

Revision ID: b8d2e4f6a0c3
Revises: e5a7c9d1f3b6
Create Date: 2026-12-04 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b8d2e4f6a0c3'
down_revision = 'e5a7c9d1f3b6'  # main's head since (f2b6c8d0e4a7 when begun)
branch_labels = None
depends_on = None

pages = sa.table('pages', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                 sa.column('current_revision_id', sa.Integer),
                 sa.column('departement', sa.String))
revisions = sa.table('revisions', sa.column('id', sa.Integer), sa.column('page_id', sa.Integer),
                     sa.column('fields', sa.JSON), sa.column('typed_fields', sa.JSON))
BATCH = 500


def upgrade():
    from wiki.pages.typed_fields import derive
    from wiki.territories.locate import departement_of

    # A plain ADD COLUMN: a batch would copy the revisions table.
    op.add_column('revisions', sa.Column('typed_fields', sa.JSON(), nullable=False,
                                         server_default='{}'))
    bind = op.get_bind()
    kinds = dict(bind.execute(sa.select(pages.c.id, pages.c.kind)).all())
    last = 0
    while True:  # by batches of ids: a large wiki's revisions never all sit in memory
        rows = bind.execute(sa.select(revisions.c.id, revisions.c.page_id, revisions.c.fields)
                            .where(revisions.c.id > last).order_by(revisions.c.id)
                            .limit(BATCH)).all()
        if not rows:
            break
        for revision_id, page_id, fields in rows:
            # The text stays as it is; what it reads as is stored beside it.
            typed = derive(kinds.get(page_id, ''), fields if isinstance(fields, dict) else {})
            if typed:
                bind.execute(revisions.update().where(revisions.c.id == revision_id)
                             .values(typed_fields=typed))
        last = rows[-1][0]
    current = bind.execute(sa.select(pages.c.id, pages.c.departement, revisions.c.fields,
                                     revisions.c.typed_fields)
                           .join(revisions, revisions.c.id == pages.c.current_revision_id)
                           ).all()
    for page_id, stored, fields, typed in current:
        code = departement_of(fields if isinstance(fields, dict) else None,
                              typed if isinstance(typed, dict) else None)
        if code != stored:
            bind.execute(pages.update().where(pages.c.id == page_id).values(departement=code))


def downgrade():
    op.drop_column('revisions', 'typed_fields')  # SQLite 3.35+ drops a column in place
