"""HTTP caching for anonymous readers (issue 13): a page view carries an ETag and a
Last-Modified, and an unchanged public page answers 304 to an anonymous visitor; anything
that changes what a reader may see of it changes its ETag, and nothing seen by a signed-in
member, nor a draft, a group's or the members' page, nor a hidden page is ever validated or
kept by a shared cache."""

from __future__ import annotations

import pytest

from tests.helpers import sign_in, sign_out
from wiki.extensions import db
from wiki.pages.editing import PageDraft, save_revision

SLUG = "aller-vers-les-habitants"


@pytest.fixture
def page(make_page):
    return make_page(
        "Aller vers les habitants",
        slug=SLUG,
        body="Nous frappons aux portes du quartier, un mardi sur deux.",
    )


def first_view(client, slug: str = SLUG, **headers):
    response = client.get(f"/pages/{slug}", headers=headers)
    assert response.status_code == 200
    return response


def again(client, response, slug: str = SLUG):
    """The browser's second request: its copy's validators."""
    return client.get(f"/pages/{slug}", headers={"If-None-Match": response.headers["ETag"]})


def new_revision(page, member, **changes):
    current = page.current
    draft = PageDraft(
        kind=page.kind,
        title=changes.pop("title", current.title),
        body=changes.pop("body", current.body),
        fields=dict(current.fields),
        tags=[t.slug for t in page.tags],
        visibility=changes.pop("visibility", page.visibility),
        **changes,
    )
    save_revision(db.session, page, draft, member, page.version)
    db.session.commit()


# --- an unchanged public page ------------------------------------------------------------


def test_an_unchanged_public_page_answers_304_to_an_anonymous_reader(page, client):
    response = first_view(client)
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert {"Cookie", "Accept-Language"} <= set(response.vary)
    unchanged = again(client, response)
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    assert unchanged.headers["ETag"] == response.headers["ETag"]


def test_if_modified_since_alone_answers_304_when_nothing_changed(page, client):
    response = first_view(client)
    since = client.get(
        f"/pages/{SLUG}", headers={"If-Modified-Since": response.headers["Last-Modified"]}
    )
    assert since.status_code == 304


def test_a_wrong_etag_gets_the_page(page, client):
    first_view(client)
    response = client.get(f"/pages/{SLUG}", headers={"If-None-Match": '"autre-chose"'})
    assert response.status_code == 200
    assert "Nous frappons aux portes" in response.get_data(as_text=True)


# --- what changes the ETag -----------------------------------------------------------------


def test_a_new_revision_changes_the_etag(page, client, member):
    response = first_view(client)
    new_revision(page, member, body="Nous frappons aux portes, et parfois on nous ouvre.")
    changed = again(client, response)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != response.headers["ETag"]
    assert "parfois on nous ouvre" in changed.get_data(as_text=True)


def test_a_visibility_change_is_never_answered_304(page, client, member):
    response = first_view(client)
    new_revision(page, member, visibility="members")
    changed = again(client, response)
    assert changed.status_code == 404  # the page is no longer the anonymous reader's
    assert "ETag" not in changed.headers
    new_revision(page, member, visibility="public")
    back = again(client, response)
    assert back.status_code == 200
    assert back.headers["ETag"] != response.headers["ETag"]


def test_masking_a_revision_changes_the_etag(page, client, member):
    from wiki.pages.masking import suppress_revision

    new_revision(page, member, body="Madame Zorbalinde nous ouvre sa porte.")
    new_revision(page, member, body="Une habitante nous ouvre sa porte.")
    response = first_view(client)
    suppress_revision(db.session, page, 2, member, "nom d'une personne accompagnée")
    db.session.commit()
    changed = again(client, response)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != response.headers["ETag"]
    since = client.get(
        f"/pages/{SLUG}", headers={"If-Modified-Since": response.headers["Last-Modified"]}
    )
    assert since.status_code in (200, 304)  # the second is the same second: ETag decides
    assert again(client, changed).status_code == 304


def test_hiding_the_page_is_never_answered_304(page, client, moderator):
    from wiki.moderation.actions import hide

    response = first_view(client)
    hide(db.session, moderator, f"page:{SLUG}", "propos injurieux")
    db.session.commit()
    hidden = again(client, response)
    assert hidden.status_code != 304
    assert "ETag" not in hidden.headers
    assert "Nous frappons aux portes" not in hidden.get_data(as_text=True)


def test_a_new_comment_changes_the_etag(page, client, member):
    from wiki.comments.commenting import post_comment

    response = first_view(client)
    post_comment(db.session, member, page, "Merci pour ce récit.", "<p>Merci pour ce récit.</p>")
    db.session.commit()
    changed = again(client, response)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != response.headers["ETag"]


def test_the_etag_differs_by_language(page, client):
    french = first_view(client, **{"Accept-Language": "fr"})
    english = first_view(client, **{"Accept-Language": "en"})
    assert french.headers["ETag"] != english.headers["ETag"]
    response = client.get(
        f"/pages/{SLUG}", headers={"Accept-Language": "en", "If-None-Match": french.headers["ETag"]}
    )
    assert response.status_code == 200


# --- never for someone signed in, nor for what is not everyone's --------------------------


def test_a_signed_in_member_is_never_answered_304(page, client, member):
    anonymous = first_view(client)
    sign_in(client, member)
    response = first_view(client)
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert again(client, anonymous).status_code == 200
    sign_out(client)


@pytest.mark.parametrize("visibility", ["members", "group"])
def test_a_members_or_group_page_is_never_validated(make_page, client, member, group, visibility):
    audience = "members" if visibility == "members" else f"group:{group.slug}"
    private = make_page(
        "Un récit pour l'atelier",
        slug="recit-atelier",
        visibility=audience,
        body="Ce que nous nous sommes dit en atelier.",
    )
    sign_in(client, member)
    response = first_view(client, private.slug)
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    response = client.get(f"/pages/{private.slug}", headers={"If-None-Match": "*"})
    assert response.status_code == 200
    sign_out(client)
    assert client.get(f"/pages/{private.slug}", headers={"If-None-Match": "*"}).status_code == 404


def test_a_draft_is_never_validated(make_page, client, member):
    draft = make_page("Un brouillon", slug="un-brouillon", status="draft", body="Pas encore relu.")
    sign_in(client, member)
    response = first_view(client, draft.slug)
    assert "ETag" not in response.headers
    assert client.get(f"/pages/{draft.slug}", headers={"If-None-Match": "*"}).status_code == 200
    sign_out(client)
    assert client.get(f"/pages/{draft.slug}", headers={"If-None-Match": "*"}).status_code == 404


def test_a_message_waiting_for_the_visitor_is_not_answered_304(page, client):
    response = first_view(client)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Vous êtes déconnecté.")]
    shown = again(client, response)
    assert shown.status_code == 200
    assert "Vous êtes déconnecté." in shown.get_data(as_text=True)


def test_anonymising_in_place_changes_the_etag(page, client, moderator):
    from wiki.pages.masking import anonymise_page

    response = first_view(client)
    anonymise_page(db.session, page, "mardi", "jeudi", moderator, "un jour qui identifie")
    db.session.commit()
    changed = again(client, response)
    assert changed.status_code == 200
    assert "un jeudi sur deux" in changed.get_data(as_text=True)
