"""A group page's slug ends with a random suffix, so that no public title ever collides with
it and no numbering tells a writer outside the group that a hidden page holds a title."""

from __future__ import annotations

import json
import re

from tests.helpers import sign_in
from wiki.extensions import db
from wiki.pages.editing import PRIVATE_SLUG_SUFFIX_LENGTH


def test_a_group_page_gets_a_random_suffix(client, member, group):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=practice",
        data={
            "title": "Zq group page",
            "body": "En atelier.",
            "visibility": "group:atelier-praxis",
            "tags": "",
        },
    )
    assert response.status_code == 302
    slug = response.headers["Location"].removeprefix("/pages/")
    assert re.fullmatch(rf"zq-group-page-[a-z0-9]{{{PRIVATE_SLUG_SUFFIX_LENGTH}}}", slug)


def test_two_group_pages_of_one_title_get_two_suffixes(make_page, group):
    first = make_page("Séance", body="Une.", visibility="group:atelier-praxis")
    second = make_page("Séance", body="Deux.", visibility="group:atelier-praxis")
    assert first.slug != second.slug
    assert first.slug.startswith("seance-") and second.slug.startswith("seance-")


def test_a_title_taken_by_a_hidden_page_gives_its_plain_slug(
    client, make_page, group, other_member, token_for
):
    make_page("Zq group page", body="En atelier.", visibility="group:atelier-praxis")
    sign_in(client, other_member)  # not in the group
    response = client.post(
        "/pages/new?kind=practice",
        data={"title": "Zq group page", "body": "En public.", "visibility": "public", "tags": ""},
    )
    assert response.headers["Location"] == "/pages/zq-group-page"
    api = client.post(
        "/api/v1/pages",
        headers=token_for(other_member),
        json={"kind": "practice", "title": "Zq other group page", "body": "x"},
    )
    assert api.get_json()["slug"] == "zq-other-group-page"


def test_public_pages_are_still_numbered_among_themselves(make_page):
    assert make_page("Récit", body="Un.").slug == "recit"
    assert make_page("Récit", body="Deux.").slug == "recit-2"


def test_an_explicit_slug_taken_by_a_hidden_page_is_still_refused(
    client, make_page, group, other_member, token_for
):
    """The one limit the README states: an explicit slug names one page."""
    make_page("Séance", body="x", visibility="group:atelier-praxis", slug="seance-explicite")
    response = client.post(
        "/api/v1/pages",
        headers=token_for(other_member),
        json={"kind": "practice", "title": "Autre", "body": "x", "slug": "seance-explicite"},
    )
    assert response.status_code == 409  # as for any taken slug: the error says no more


def test_an_imported_group_page_gets_a_suffix_too(app, member, group):
    from wiki.models import Page
    from wiki.pages.transfer import import_lines

    line = json.dumps(
        {
            "kind": "practice",
            "title": "Import du groupe",
            "body": "x",
            "visibility": "group:atelier-praxis",
        }
    )
    import_lines(db.session, [line], default_author=member)
    slug = db.session.scalar(db.select(Page.slug))
    assert re.fullmatch(rf"import-du-groupe-[a-z0-9]{{{PRIVATE_SLUG_SUFFIX_LENGTH}}}", slug)
