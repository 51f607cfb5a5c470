"""A members-only or group page answers 404 to those who may not see it, everywhere on the web
interface, and shows in every list for those who may."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import Page
from wiki.pages.editing import PageDraft, save_revision

PAGE_ROUTES = [
    "/pages/{slug}",
    "/pages/{slug}/edit",
    "/pages/{slug}/history",
    "/pages/{slug}/diff?from=1&to=2",
    "/pages/{slug}/revisions/1",
]


@pytest.fixture
def restricted(make_page, member, group):
    """A public page; a members-only page and a group page that link to it, both edited once."""
    make_page("Page publique", body="Pour tout le monde.", tags=["isolement"])
    pages = {
        "members": make_page(
            "Réservé aux membres",
            body="Texte [[Page publique]].",
            tags=["isolement", "secret-des-membres"],
            visibility="members",
        ),
        "group": make_page(
            "Entre nous",
            body="Texte [[Page publique]].",
            tags=["isolement", "secret-du-groupe"],
            visibility="group:atelier-praxis",
        ),
    }
    for page in pages.values():
        draft = PageDraft(
            kind=page.kind,
            title=page.title,
            body="Texte revu [[Page publique]].",
            tags=[t.slug for t in page.tags],
            visibility=page.visibility,
        )
        save_revision(db.session, page, draft, member, 1)
    db.session.commit()
    return pages


def _slug(restricted: dict, kind: str) -> str:
    return restricted[kind].slug  # a group page's ends with a random suffix


@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_members_page_is_a_404_for_anonymous_visitors(client, restricted, route):
    assert client.get(route.format(slug=_slug(restricted, "members"))).status_code == 404


@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_group_page_is_a_404_for_members_outside_the_group(client, restricted, other_member, route):
    sign_in(client, other_member)
    assert client.get(route.format(slug=_slug(restricted, "group"))).status_code == 404


@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_group_page_is_shown_to_the_group(client, restricted, member, route):
    sign_in(client, member)
    assert client.get(route.format(slug=_slug(restricted, "group"))).status_code == 200


@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_members_page_is_shown_to_members(client, restricted, other_member, route):
    sign_in(client, other_member)
    assert client.get(route.format(slug=_slug(restricted, "members"))).status_code == 200


def test_revert_of_a_hidden_page_is_a_404(client, restricted, other_member):
    sign_in(client, other_member)
    slug = _slug(restricted, "group")
    response = client.post(f"/pages/{slug}/revert/1", data={"base_revision": "2"})
    assert response.status_code == 404
    assert db.session.scalar(select(Page.version).where(Page.slug == slug)) == 2


def test_edit_post_to_a_hidden_page_is_a_404(client, restricted, other_member):
    sign_in(client, other_member)
    slug = _slug(restricted, "group")
    response = client.post(
        f"/pages/{slug}/edit",
        data={"title": "Pris", "body": "Écrasé", "visibility": "public", "base_revision": "2"},
    )
    assert response.status_code == 404
    page = db.session.scalar(select(Page).where(Page.slug == slug))
    assert page.current.body == "Texte revu [[Page publique]]."


def test_follow_up_on_a_hidden_sheet_is_a_404(client, make_page, group, other_member):
    sheet = make_page("Fiche du groupe", kind="innovation", visibility="group:atelier-praxis")
    sign_in(client, other_member)
    response = client.post(
        f"/pages/{sheet.slug}/follow-ups",
        data={"observed_on": "2024-01-01", "area": "people", "text": "Intrus"},
    )
    assert response.status_code == 404


LISTS = [
    "/",
    "/practices",
    "/tags/isolement",
    "/recent",
    "/feeds/recent.atom",
    "/pages/page-publique",
]


@pytest.mark.parametrize("url", LISTS)
def test_lists_hide_restricted_pages_from_anonymous_visitors(client, restricted, url):
    html = text_of(client.get(url))
    assert "Page publique" in html
    assert "Réservé aux membres" not in html
    assert "Entre nous" not in html


@pytest.mark.parametrize("url", LISTS)
def test_lists_hide_group_pages_from_members_outside_the_group(
    client, restricted, other_member, url
):
    sign_in(client, other_member)
    html = text_of(client.get(url))
    assert "Réservé aux membres" in html
    assert "Entre nous" not in html


@pytest.mark.parametrize("url", LISTS)
def test_lists_show_group_pages_to_the_group(client, restricted, member, url):
    sign_in(client, member)
    html = text_of(client.get(url))
    assert "Réservé aux membres" in html
    assert "Entre nous" in html


def test_tag_index_counts_only_visible_pages_and_hides_free_tags_of_hidden_pages(
    client, restricted, other_member
):
    anonymous = text_of(client.get("/tags"))
    assert "secret-des-membres" not in anonymous and "secret-du-groupe" not in anonymous
    assert client.get("/tags/secret-du-groupe").status_code == 404
    sign_in(client, other_member)
    html = text_of(client.get("/tags"))
    assert "secret-des-membres" in html
    assert "secret-du-groupe" not in html
    assert client.get("/tags/secret-du-groupe").status_code == 404
    assert client.get("/tags/secret-des-membres").status_code == 200


def test_practices_count_only_visible_pages(client, restricted):
    assert "1 page" in text_of(client.get("/practices"))


# --- links from a page one may see to a page one may not --------------------------------------


@pytest.fixture
def circle(make_page, member, group):
    """A group page (its slug: cercle-ferme- and a random suffix)."""
    return make_page("Cercle fermé", body="Nos échanges.", visibility="group:atelier-praxis")


@pytest.fixture
def linking_page(make_page, circle):
    """A public page linking to a members-only page, a group page and a missing page."""
    make_page("Réunion interne", body="Compte rendu.", visibility="members")
    return make_page(
        "Page ouverte", body="Voir [[Réunion interne]], [[Cercle fermé]] et [[Page absente]]."
    )


def test_a_link_to_a_page_one_may_not_see_reads_like_a_link_to_a_missing_page(
    client, linking_page, circle
):
    from wiki.content.markdown import render_markdown

    html = client.get(f"/pages/{linking_page.slug}").get_data(as_text=True)
    as_if_missing = render_markdown(linking_page.current.body).html  # no page exists
    assert as_if_missing in html
    assert 'href="/pages/reunion-interne"' not in html
    assert circle.slug not in html


def test_those_who_may_see_the_target_get_the_real_link(
    client, login, member, linking_page, circle
):
    login(member)  # a member of the group
    html = client.get(f"/pages/{linking_page.slug}").get_data(as_text=True)
    assert '<a class="wiki-link" href="/pages/reunion-interne"' in html
    assert f'<a class="wiki-link" href="/pages/{circle.slug}"' in html


def test_a_member_outside_the_group_sees_only_the_members_link(
    client, login, other_member, linking_page, circle
):
    login(other_member)
    html = client.get(f"/pages/{linking_page.slug}").get_data(as_text=True)
    assert '<a class="wiki-link" href="/pages/reunion-interne"' in html
    assert circle.slug not in html
    assert 'class="wiki-link missing" href="/pages/new?slug=cercle-ferme&amp;' in html


def test_old_revisions_and_the_api_hide_the_link_too(
    client, linking_page, token_for, other_member, circle
):
    html = client.get(f"/pages/{linking_page.slug}/revisions/1").get_data(as_text=True)
    assert 'href="/pages/reunion-interne"' not in html
    anonymous = client.get(f"/api/v1/pages/{linking_page.slug}").get_json()["html"]
    assert 'href="/pages/reunion-interne"' not in anonymous
    as_member = client.get(
        f"/api/v1/pages/{linking_page.slug}", headers=token_for(other_member)
    ).get_json()
    assert 'href="/pages/reunion-interne"' in as_member["html"]
    assert circle.slug not in as_member["html"]
