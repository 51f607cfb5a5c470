"""Migration f2b8017525db on a wiki whose texts were rendered before images were restricted
to the wiki's own: each stored <img> from another site becomes what the renderer writes for it
today (a link, or its text inside a link), on every table that keeps a rendering."""

from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from wiki.content.markdown import render_markdown
from wiki.extensions import db
from wiki.models import FollowUp, Page, Revision

PREVIOUS_HEAD = "b8d2e4f6a0c3"
BODY = (
    '![Affiche](https://tracker.example/pixel.png "Été") puis ![](//elsewhere.example/a.gif) '
    "[![Logo](https://tracker.example/logo.png)](https://partenaire.example) "
    "![Plan](/static/plan.png) et [[Une page absente]]."
)
# What the previous version stored for BODY: the images from elsewhere kept as images.
OLD_HTML = (
    '<p><img src="https://tracker.example/pixel.png" alt="Affiche" title="Été"> puis '
    '<img src="//elsewhere.example/a.gif" alt=""> '
    '<a href="https://partenaire.example" rel="nofollow ugc noopener">'
    '<img src="https://tracker.example/logo.png" alt="Logo"></a> '
    '<img src="/static/plan.png" alt="Plan"> et '
    '<a class="wiki-link missing" '
    'href="/pages/new?slug=une-page-absente&amp;title=Une+page+absente"'
    ' rel="nofollow ugc noopener">Une page absente</a>.</p>\n'
)


def _stored(table: str, column: str, row_id: int) -> str:
    return db.session.execute(
        text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}
    ).scalar_one()


def test_upgrading_turns_stored_external_images_into_links(app, make_page, member):
    page = make_page("Affiches du quartier", body=BODY)
    follow_up = FollowUp(page_id=page.id, observed_on=date(2026, 3, 1), area="people", text=BODY)
    db.session.add(follow_up)
    db.session.commit()
    revision_id, follow_up_id, page_id = page.current_revision_id, follow_up.id, page.id
    today = db.session.get(Revision, revision_id).html  # as the renderer writes BODY now
    assert "tracker.example/pixel.png" in today and "<img" in today  # the local image
    db.session.close()  # the migrations run on their own connection
    directory = app.extensions["migrate"].directory
    downgrade(directory=directory, revision=PREVIOUS_HEAD)
    for table, row_id in (("revisions", revision_id), ("follow_ups", follow_up_id)):
        db.session.execute(
            text(f"UPDATE {table} SET html = :html WHERE id = :id"),
            {"html": OLD_HTML, "id": row_id},
        )
    db.session.commit()

    upgrade(directory=directory)
    db.session.expire_all()

    for table, row_id in (("revisions", revision_id), ("follow_ups", follow_up_id)):
        migrated = _stored(table, "html", row_id)
        assert migrated == today, table
        assert migrated.count("<img") == 1 and '<img src="/static/plan.png"' in migrated
        assert '<a href="https://tracker.example/pixel.png" title="Été"' in migrated
        assert ">//elsewhere.example/a.gif</a>" in migrated  # no text: its address
        assert "logo.png" not in migrated  # inside a link: its text alone
        assert 'class="wiki-link missing"' in migrated  # the rest is untouched
    assert db.session.get(Page, page_id).current.html == today


def test_upgrading_leaves_texts_without_external_images_as_they_are(app, make_page):
    page = make_page("Plan du local", body="![Plan](/static/plan.png) et du texte.")
    db.session.commit()
    revision_id = page.current_revision_id
    stored = _stored("revisions", "html", revision_id)
    db.session.close()
    directory = app.extensions["migrate"].directory
    downgrade(directory=directory, revision=PREVIOUS_HEAD)
    upgrade(directory=directory)
    assert _stored("revisions", "html", revision_id) == stored


def test_the_migration_leaves_todays_renderings_as_they_are():
    from importlib import import_module

    migration = import_module("wiki.migrations.versions.f2b8017525db_external_images_become_links")
    for body in (
        "![a & b](https://x.example/i.png?a=1&b=2)",
        '![](https://x.example/q.png "un \\"titre\\"")',
        "[lien ![i](https://x.example/i.png) suite](https://y.example)",
        "![x](javascript:alert(1))",
    ):
        rendered = render_markdown(body, None).html  # no external <img> left in it
        assert migration.without_external_images(rendered) == rendered, body
