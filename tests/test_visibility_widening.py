"""Peers edit every page, but only those who answer for a page widen who may read it: the
member who created it (writing a later revision is not enough: any member may edit), the
facilitators of its group, the moderators. Through the API (403) and the edit
form (the choices not offered, and a sentence saying who may widen)."""

from __future__ import annotations

import html
import re

import pytest

from tests.helpers import sign_in, text_of
from wiki.access import widens_audience
from wiki.extensions import db
from wiki.groups.membership import add_member, create_group
from wiki.models import Page

BODY = "Le récit d'une visite, pour que la page ait un texte."
WHO_MAY_WIDEN = (
    "Seuls l'auteur de la page (qui l'a créée), les animateurs de son groupe et les "
    "modérateurs peuvent élargir sa visibilité."
)
FORM_HINT = (
    "seuls son auteur (qui l'a créée), les animateurs de son groupe et les modérateurs "
    "peuvent l'élargir"
)


def put(client, headers, page, **changes):
    db.session.refresh(page)
    return client.put(
        f"/api/v1/pages/{page.slug}",
        headers=headers,
        json={"title": page.title, "base_revision": page.version, **changes},
    )


def current(page) -> Page:
    db.session.commit()
    return db.session.get(Page, page.id)


@pytest.fixture
def members_page(make_page, member):
    return make_page("Une visite à domicile", body=BODY, visibility="members", author=member)


@pytest.fixture
def workshop(group, member, other_member, make_user):
    """The group of the `group` fixture (member facilitates) with other_member in it, and a
    second group both belong to."""
    add_member(db.session, group.slug, other_member.email, "member")
    create_group(db.session, "groupe-balint", "Groupe Balint")
    add_member(db.session, "groupe-balint", other_member.email, "member")
    add_member(db.session, "groupe-balint", member.email, "member")
    db.session.commit()
    return group


@pytest.mark.parametrize(
    ("current_value", "requested", "wider"),
    [
        ("members", "public", True),
        ("group:a", "members", True),
        ("group:a", "public", True),
        ("group:a", "group:b", True),
        ("public", "members", False),
        ("public", "group:a", False),
        ("members", "group:a", False),
        ("members", "members", False),
        ("group:a", "group:a", False),
    ],
)
def test_what_widens_a_pages_audience(current_value, requested, wider):
    assert widens_audience(current_value, requested) is wider


# --- the API ---------------------------------------------------------------------------------


def test_a_peer_may_not_make_a_members_page_public(client, token_for, other_member, members_page):
    response = put(client, token_for(other_member), members_page, visibility="public")
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "forbidden"
    assert error["message"] == WHO_MAY_WIDEN
    assert error["details"]["field"] == "visibility"
    page = current(members_page)
    assert (page.visibility, page.version) == ("members", 1)


def test_a_peer_still_edits_the_text(client, token_for, other_member, members_page):
    response = put(client, token_for(other_member), members_page, body="Un texte amélioré.")
    assert response.status_code == 200
    assert response.get_json()["visibility"] == "members"


def test_a_peer_may_narrow_a_public_page(client, token_for, other_member, make_page, member):
    page = make_page("Permanence publique", body=BODY, author=member)
    response = put(client, token_for(other_member), page, visibility="members")
    assert response.status_code == 200
    assert current(page).visibility == "members"


def test_the_creator_may_widen(client, token_for, member, members_page):
    assert put(client, token_for(member), members_page, visibility="public").status_code == 200
    assert current(members_page).visibility == "public"


def test_writing_a_later_revision_does_not_give_the_right_to_widen(
    client, token_for, other_member, members_page
):
    """The trick the rule closes: a trivial edit, then the page opened to everyone."""
    headers = token_for(other_member)
    assert put(client, headers, members_page, body="Ma contribution.").status_code == 200
    response = put(client, headers, members_page, visibility="public")
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["message"] == WHO_MAY_WIDEN
    assert error["details"]["field"] == "visibility"
    page = current(members_page)
    assert (page.visibility, page.version) == ("members", 2)


def test_the_creator_still_widens_after_others_edited(
    client, token_for, member, other_member, members_page
):
    assert put(client, token_for(other_member), members_page, body="Un ajout.").status_code == 200
    assert put(client, token_for(member), members_page, visibility="public").status_code == 200
    assert current(members_page).visibility == "public"


def test_an_editor_may_still_narrow(client, token_for, other_member, make_page, member):
    page = make_page("Permanence publique", body=BODY, author=member)
    headers = token_for(other_member)
    assert put(client, headers, page, body="Ma contribution.").status_code == 200
    assert put(client, headers, page, visibility="members").status_code == 200
    assert current(page).visibility == "members"


def test_a_moderator_may_widen(client, token_for, moderator, members_page):
    response = put(client, token_for(moderator), members_page, visibility="public")
    assert response.status_code == 200


def test_a_group_member_may_not_open_a_group_page(
    client, token_for, other_member, workshop, make_page, make_user
):
    author = make_user("autrice@example.org", "Autrice")
    add_member(db.session, workshop.slug, author.email)
    page = make_page(
        "Séance du groupe", body=BODY, visibility=f"group:{workshop.slug}", author=author
    )
    headers = token_for(other_member)
    for wider in ("members", "public", "group:groupe-balint"):
        response = put(client, headers, page, visibility=wider)
        assert response.status_code == 403, wider
        assert response.get_json()["error"]["message"] == WHO_MAY_WIDEN
    assert current(page).visibility == f"group:{workshop.slug}"


def test_the_groups_facilitator_may_open_a_group_page(
    client, token_for, member, workshop, make_page, make_user
):
    author = make_user("autrice@example.org", "Autrice")
    add_member(db.session, workshop.slug, author.email)
    page = make_page(
        "Séance du groupe", body=BODY, visibility=f"group:{workshop.slug}", author=author
    )
    response = put(client, token_for(member), page, visibility="members")  # member facilitates
    assert response.status_code == 200


# --- the edit form ---------------------------------------------------------------------------


def visibility_options(page: str) -> list[str]:
    select = re.search(r'<select[^>]*name="visibility".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def test_the_form_offers_a_peer_only_what_does_not_widen(
    client, other_member, members_page, workshop
):
    sign_in(client, other_member)
    page = text_of(client.get(f"/pages/{members_page.slug}/edit"))
    assert visibility_options(page) == ["members", "group:atelier-praxis", "group:groupe-balint"]
    assert FORM_HINT in html.unescape(page)


def test_the_form_offers_the_creator_every_choice_and_no_warning(client, member, members_page):
    sign_in(client, member)
    page = text_of(client.get(f"/pages/{members_page.slug}/edit"))
    assert visibility_options(page)[:2] == ["public", "members"]
    assert "peuvent l'élargir" not in html.unescape(page)


def test_a_forged_form_keeps_the_text_and_says_who_may_widen(client, other_member, members_page):
    sign_in(client, other_member)
    response = client.post(
        f"/pages/{members_page.slug}/edit",
        data={
            "title": members_page.title,
            "body": "Mon texte soigneusement réécrit.",
            "visibility": "public",
            "base_revision": "1",
        },
    )
    assert response.status_code == 403
    page = html.unescape(text_of(response))
    assert "Mon texte soigneusement réécrit." in page
    assert WHO_MAY_WIDEN in page
    assert current(members_page).visibility == "members"


def save_through_the_form(client, page, visibility, body="Mon texte soigneusement réécrit."):
    db.session.refresh(page)
    return client.post(
        f"/pages/{page.slug}/edit",
        data={
            "title": page.title,
            "body": body,
            "visibility": visibility,
            "base_revision": str(page.version),
        },
    )


def test_the_form_offers_an_editor_of_a_later_revision_only_what_does_not_widen(
    client, other_member, members_page
):
    sign_in(client, other_member)
    assert save_through_the_form(client, members_page, "members").status_code == 302
    page = text_of(client.get(f"/pages/{members_page.slug}/edit"))
    assert "public" not in visibility_options(page)
    assert FORM_HINT in html.unescape(page)


def test_an_editor_of_a_later_revision_may_not_widen_through_the_form(
    client, other_member, members_page
):
    sign_in(client, other_member)
    assert save_through_the_form(client, members_page, "members").status_code == 302
    response = save_through_the_form(client, members_page, "public", body="Et maintenant ?")
    assert response.status_code == 403
    assert WHO_MAY_WIDEN in html.unescape(text_of(response))
    page = current(members_page)
    assert (page.visibility, page.version) == ("members", 2)


def test_the_creator_widens_through_the_form(client, member, other_member, members_page):
    sign_in(client, other_member)
    assert save_through_the_form(client, members_page, "members").status_code == 302
    sign_in(client, member)
    assert save_through_the_form(client, members_page, "public").status_code == 302
    assert current(members_page).visibility == "public"


def test_a_moderator_widens_through_the_form(client, moderator, members_page):
    sign_in(client, moderator)
    assert save_through_the_form(client, members_page, "public").status_code == 302
    assert current(members_page).visibility == "public"


def test_the_groups_facilitator_opens_a_group_page_through_the_form(
    client, member, workshop, make_page, make_user
):
    author = make_user("autrice@example.org", "Autrice")
    add_member(db.session, workshop.slug, author.email)
    page = make_page(
        "Séance du groupe", body=BODY, visibility=f"group:{workshop.slug}", author=author
    )
    sign_in(client, member)  # member facilitates the workshop
    assert save_through_the_form(client, page, "members").status_code == 302
    assert current(page).visibility == "members"


def test_an_editor_narrows_through_the_form(client, other_member, make_page, member):
    page = make_page("Permanence publique", body=BODY, author=member)
    sign_in(client, other_member)
    assert save_through_the_form(client, page, "public").status_code == 302  # an edit
    assert save_through_the_form(client, page, "members").status_code == 302
    assert current(page).visibility == "members"
