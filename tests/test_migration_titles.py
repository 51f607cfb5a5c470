"""Migration eff2f01187c0 on a wiki that already has pages: every title a page bore is
remembered, links by title are recorded, and a text whose [[Exact title]] showed as missing
is rendered again so that it leads to the page."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from wiki.extensions import db
from wiki.models import Page, PageLink, PageTitle, PageTitleLink
from wiki.pages.editing import PageDraft, save_revision

FRAPPER = "Frapper à la porte : visites auprès de personnes âgées isolées"


def test_upgrading_an_existing_wiki_links_by_title(app, make_page, member):
    target = make_page("Ancien titre", body="Des visites.", slug="frapper-a-la-porte")
    save_revision(
        db.session,
        target,
        PageDraft(kind="practice", title=FRAPPER, body="Des visites."),
        member,
        1,
    )
    linking = make_page("Un récit voisin", body=f"Voir [[{FRAPPER}]] et [[Ancien titre]].")
    # Read before the downgrade: the older schema lacks columns the models have since.
    linking_id, target_id = linking.id, target.id
    db.session.commit()
    directory = app.extensions["migrate"].directory
    downgrade(directory=directory, revision="d53f1d25388e")
    # What the previous version stored: both links shown as missing.
    old_html = (
        '<p>Voir <a class="wiki-link missing" href="/pages/new?slug=x">x</a> et '
        '<a class="wiki-link missing" href="/pages/new?slug=y">y</a>.</p>'
    )
    db.session.execute(
        text("UPDATE revisions SET html = :html WHERE page_id = :id"),
        {"html": old_html, "id": linking_id},
    )
    db.session.commit()

    upgrade(directory=directory)
    db.session.expire_all()

    titles = set(db.session.execute(select(PageTitle.page_id, PageTitle.title_key)))
    assert (target_id, "ancien titre") in titles
    assert (target_id, "frapper a la porte : visites aupres de personnes agees isolees") in titles
    page = db.session.get(Page, linking.id)
    assert page.current.html.count('href="/pages/frapper-a-la-porte"') == 2
    assert "frapper-a-la-porte" in set(
        db.session.scalars(select(PageLink.target_slug).where(PageLink.source_id == linking.id))
    )
    assert set(
        db.session.scalars(
            select(PageTitleLink.title_key).where(PageTitleLink.source_id == linking.id)
        )
    ) == {"frapper a la porte : visites aupres de personnes agees isolees", "ancien titre"}
