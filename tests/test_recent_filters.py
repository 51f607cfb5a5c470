"""/recent with its filters, the « modification mineure » flag, and the same filters on the
Atom feed of recent changes."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import Revision

ATOM = "{http://www.w3.org/2005/Atom}"


def edit(client, slug, body, base, title, *, minor=False, summary="", **fields):
    data = {
        "title": title,
        "body": body,
        "visibility": "public",
        "summary": summary,
        "tags": "",
        "base_revision": str(base),
        **fields,
    }
    if minor:
        data["minor"] = "y"
    response = client.post(f"/pages/{slug}/edit", data=data)
    assert response.status_code == 302, text_of(response)[:500]
    return response


def main_of(response) -> str:
    """The page's <main>: what it says (the header's forms carry a fresh CSRF token)."""
    html = text_of(response)
    return html[html.index("<main") : html.index("</main>")]


def titles_in_feed(response) -> list[str]:
    assert response.status_code == 200
    feed = ET.fromstring(response.data)
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def test_the_edit_form_offers_a_minor_edit_and_records_it(client, member, make_page):
    make_page("Premier récit", body="Texte.")
    sign_in(client, member)
    assert "Modification mineure" in text_of(client.get("/pages/premier-recit/edit"))
    assert "Modification mineure" not in text_of(client.get("/pages/new?kind=practice"))

    edit(client, "premier-recit", "Texte corrigé.", 1, "Premier récit", minor=True)
    edit(client, "premier-recit", "Texte complété.", 2, "Premier récit")

    flags = db.session.scalars(db.select(Revision.minor).order_by(Revision.number)).all()
    assert flags == [False, True, False]


def test_hiding_minor_edits(client, member, make_page):
    make_page("Premier récit", body="Texte.")
    sign_in(client, member)
    edit(
        client,
        "premier-recit",
        "Texte corrigé.",
        1,
        "Premier récit",
        minor=True,
        summary="Coquille",
    )
    edit(client, "premier-recit", "Texte complété.", 2, "Premier récit", summary="Ajout")

    everything = text_of(client.get("/recent"))
    kept = text_of(client.get("/recent?hide_minor=1"))
    assert "Coquille" in everything and "mineure" in everything
    assert "Coquille" not in kept and "Ajout" in kept
    assert 'name="hide_minor" value="1" checked' in kept


def test_only_new_pages(client, member, make_page):
    make_page("Premier récit", body="Texte.")
    make_page("Second récit", body="Texte.")
    sign_in(client, member)
    edit(client, "premier-recit", "Revu.", 1, "Premier récit revu")

    html = text_of(client.get("/recent?new=1"))
    assert "Premier récit revu" in html  # its title now, in the list of its first version
    assert html.count("nouvelle page") == 2 and "version 2" not in html


def test_by_kind_and_by_tag(client, make_page):
    make_page("Une maraude", tags=["aller-vers"])
    make_page("Une fiche", kind="innovation", fields={"context": "Un quartier."})

    by_kind = text_of(client.get("/recent?kind=innovation"))
    by_tag = text_of(client.get("/recent?tag=aller-vers"))
    assert "Une fiche" in by_kind and "Une maraude" not in by_kind
    assert "Une maraude" in by_tag and "Une fiche" not in by_tag
    assert '<link rel="alternate" type="application/atom+xml"' in by_tag
    assert 'href="/feeds/tags/aller-vers.atom"' in by_tag


def test_by_member(client, make_page, other_member):
    make_page("Par Claire")
    make_page("Par Karim", author=other_member)

    html = text_of(client.get(f"/recent?member={other_member.handle}"))
    assert "Par Karim" in html and "Par Claire" not in html
    nobody = text_of(client.get("/recent?member=personne-de-ce-nom"))
    assert "Aucune modification ne répond à ces filtres." in nobody


def test_the_group_filter_offers_and_accepts_only_ones_own_groups(
    client, member, other_member, make_page, group
):
    make_page("Récit de l'atelier", visibility=f"group:{group.slug}")
    make_page("Récit public")
    sign_in(client, member)
    html = text_of(client.get(f"/recent?group={group.slug}"))
    assert "Récit de l&#39;atelier" in html and "Récit public" not in html
    assert f'<option value="{group.slug}" selected>' in html

    sign_in(client, other_member)
    assert 'name="group"' not in text_of(client.get("/recent"))
    hidden = client.get(f"/recent?group={group.slug}")
    missing = client.get("/recent?group=nulle-part")
    assert hidden.status_code == missing.status_code == 404
    assert main_of(hidden) == main_of(missing)


def test_follow_ups_are_listed_and_filtered_by_their_pages(client, member, make_page):
    make_page(
        "Une fiche", kind="innovation", fields={"context": "Un quartier."}, tags=["aller-vers"]
    )
    make_page("Un récit")
    sign_in(client, member)
    response = client.post(
        "/pages/une-fiche/follow-ups",
        data={"observed_on": "2025-03-03", "area": "people", "text": "Les habitants reviennent."},
    )
    assert response.status_code == 302

    by_tag = text_of(client.get("/recent?tag=aller-vers"))
    assert "Effet ajouté au suivi" in by_tag and "Un récit" not in by_tag
    assert "Effet ajouté au suivi" not in text_of(client.get("/recent?new=1"))


def test_bad_filters_are_a_clear_400_or_404(client):
    assert client.get("/recent?kind=planete").status_code == 400
    assert client.get("/recent?new=peut-etre").status_code == 400
    assert client.get("/recent?tag=nulle-part").status_code == 404
    assert client.get("/feeds/recent.atom?kind=planete").status_code == 400


def test_the_pagination_keeps_the_filters(app, client, make_page):
    app.config["PER_PAGE"] = 1  # two changes a page
    for n in range(3):
        make_page(f"Récit {n}", tags=["aller-vers"])
    html = text_of(client.get("/recent?tag=aller-vers"))
    assert "/recent?page=2&amp;tag=aller-vers" in html or "tag=aller-vers&amp;page=2" in html


def test_the_feed_takes_the_same_filters(client, member, make_page):
    make_page("Une maraude", tags=["aller-vers"])
    make_page(
        "Une fiche", kind="innovation", fields={"context": "Un quartier.", "objectives": "Y aller."}
    )
    sign_in(client, member)
    edit(
        client,
        "une-fiche",
        "",
        1,
        "Une fiche",
        minor=True,
        context="Un quartier, revu.",
        objectives="Y aller.",
    )

    assert titles_in_feed(client.get("/feeds/recent.atom?tag=aller-vers")) == ["Une maraude"]
    assert titles_in_feed(client.get("/feeds/recent.atom?kind=innovation")) == [
        "Une fiche",
        "Une fiche",
    ]
    assert titles_in_feed(client.get("/feeds/recent.atom?hide_minor=1")) == [
        "Une fiche",
        "Une maraude",
    ]
    feed = ET.fromstring(client.get("/feeds/recent.atom?tag=aller-vers").data)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://wiki.test/feeds/recent.atom?tag=aller-vers"
    )


def test_the_api_takes_a_minor_edit_and_shows_it_in_the_history(
    client, token_for, member, make_page
):
    make_page("Premier récit", body="Texte.")
    headers = token_for(member)
    response = client.put(
        "/api/v1/pages/premier-recit",
        headers=headers,
        json={
            "title": "Premier récit",
            "body": "Texte, corrigé.",
            "base_revision": 1,
            "minor": True,
        },
    )
    assert response.status_code == 200, response.json
    assert (
        client.put(
            "/api/v1/pages/premier-recit",
            headers=headers,
            json={"title": "Premier récit", "base_revision": 2, "minor": "oui"},
        ).status_code
        == 400
    )

    history = client.get("/api/v1/pages/premier-recit/revisions").json["revisions"]
    assert [r["minor"] for r in history] == [True, False]


def test_the_filter_form_works_without_javascript(client):
    html = text_of(client.get("/recent"))
    assert '<form class="recent-filters" method="get" action="/recent"' in html
    for name in ("kind", "tag", "member", "new", "hide_minor"):
        assert f'name="{name}"' in html


def test_the_old_name_of_a_merged_tag_filters_by_its_successor(client, moderator, make_page):
    from wiki.pages.vocabulary import merge_tags

    make_page("Une maraude", tags=["isolement"])
    merge_tags(db.session, "isolement", "aller-vers", actor=moderator, reason="Doublon")
    db.session.commit()

    html = text_of(client.get("/recent?tag=isolement"))
    assert "Une maraude" in html
    assert '<option value="aller-vers" selected>' in html
