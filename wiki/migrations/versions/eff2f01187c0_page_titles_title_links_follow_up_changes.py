"""page titles and title links (links by title, renamed pages keep theirs), follow-up changes

Revision ID: eff2f01187c0
Revises: f1a2b3c4d5e6
Create Date: 2026-12-02 07:30:00

Existing data: every title a page bore is remembered from its revisions; the wiki links of
every current text are recorded by title; and the texts with a link shown as missing are
rendered again, since `[[Exact title]]` now leads to the page of that title.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eff2f01187c0'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None

_pages = sa.table("pages", sa.column("id"), sa.column("slug"), sa.column("title"),
                  sa.column("current_revision_id"))
_revisions = sa.table("revisions", sa.column("id"), sa.column("page_id"), sa.column("title"),
                      sa.column("body"), sa.column("html"),
                      sa.column("created_at", sa.DateTime()))
_page_titles = sa.table("page_titles", sa.column("page_id"), sa.column("title_key"),
                        sa.column("last_used_at", sa.DateTime()))
_page_title_links = sa.table("page_title_links", sa.column("source_id"),
                             sa.column("title_key"))
_page_links = sa.table("page_links", sa.column("source_id"), sa.column("target_slug"))
_CHUNK = 500


def upgrade():
    op.create_table('page_titles',
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('title_key', sa.String(length=300), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('page_id', 'title_key')
    )
    with op.batch_alter_table('page_titles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_titles_title_key'), ['title_key'], unique=False)

    op.create_table('page_title_links',
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('title_key', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['pages.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('source_id', 'title_key')
    )
    with op.batch_alter_table('page_title_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_title_links_title_key'), ['title_key'], unique=False)

    op.create_table('follow_up_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('area', sa.String(length=20), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_ups.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow_up_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_changes_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_changes_page_id'), ['page_id'], unique=False)

    _remember_titles()
    _relink_texts()


def _remember_titles():
    from wiki.content.slugs import title_key

    connection = op.get_bind()
    last_used = {}
    rows = connection.execute(
        sa.select(_revisions.c.page_id, _revisions.c.title,
                  sa.func.max(_revisions.c.created_at))
        .group_by(_revisions.c.page_id, _revisions.c.title))
    for page_id, title, moment in rows:
        key = (page_id, title_key(title or ""))
        if key[1] and (key not in last_used or moment > last_used[key]):
            last_used[key] = moment
    values = [{"page_id": p, "title_key": k, "last_used_at": m}
              for (p, k), m in sorted(last_used.items())]
    for start in range(0, len(values), _CHUNK):
        connection.execute(_page_titles.insert(), values[start:start + _CHUNK])


def _resolver(connection):
    """Links resolved as wiki/pages/links.py did when this revision was written: slug, then
    current title (oldest page), then former title (most recently used)."""
    from wiki.content.slugs import title_key

    def resolve(targets):
        slugs = sorted({t.slug for t in targets})
        found = set()
        for start in range(0, len(slugs), _CHUNK):
            found.update(connection.scalars(sa.select(_pages.c.slug).where(
                _pages.c.slug.in_(slugs[start:start + _CHUNK]))))
        resolution = {t: t.slug for t in targets if t.slug in found}
        keys = sorted({t.title_key for t in targets if t not in resolution})
        best = {}
        for start in range(0, len(keys), _CHUNK):
            rows = connection.execute(
                sa.select(_page_titles.c.title_key, _page_titles.c.last_used_at, _pages.c.id,
                          _pages.c.slug, _pages.c.title)
                .join(_pages, _pages.c.id == _page_titles.c.page_id)
                .where(_page_titles.c.title_key.in_(keys[start:start + _CHUNK])))
            for key, moment, page_id, slug, title in rows:
                rank = ((0, page_id) if title_key(title) == key
                        else (1, -moment.timestamp(), page_id))
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, slug)
        for target in targets:
            if target not in resolution and target.title_key in best:
                resolution[target] = best[target.title_key][1]
        return resolution

    return resolve


def _relink_texts():
    from wiki.content.markdown import render_markdown

    connection = op.get_bind()
    resolve = _resolver(connection)
    current = connection.execute(
        sa.select(_pages.c.id, _revisions.c.id, _revisions.c.body, _revisions.c.html)
        .join(_revisions, _revisions.c.id == _pages.c.current_revision_id)
        .where(_revisions.c.body.contains("[[")))
    for page_id, revision_id, body, html in current.all():
        rendered = render_markdown(body, resolve)
        keys = sorted(rendered.title_keys)
        if keys:
            connection.execute(_page_title_links.insert(),
                               [{"source_id": page_id, "title_key": k} for k in keys])
        if 'class="wiki-link missing"' not in (html or "") or rendered.html == html:
            continue
        connection.execute(_revisions.update().where(_revisions.c.id == revision_id)
                           .values(html=rendered.html))
        connection.execute(_page_links.delete().where(_page_links.c.source_id == page_id))
        connection.execute(_page_links.insert(), [
            {"source_id": page_id, "target_slug": s} for s in sorted(rendered.linked_slugs)])


def downgrade():
    with op.batch_alter_table('follow_up_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_changes_page_id'))
        batch_op.drop_index(batch_op.f('ix_follow_up_changes_created_at'))

    op.drop_table('follow_up_changes')
    with op.batch_alter_table('page_title_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_title_links_title_key'))

    op.drop_table('page_title_links')
    with op.batch_alter_table('page_titles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_titles_title_key'))

    op.drop_table('page_titles')
