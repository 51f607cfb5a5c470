"""Profiles: editing on the account page, the profile page, and who sees which field
(web and API), for an anonymous visitor, a member, the owner and a moderator."""

from __future__ import annotations

import pytest
from helpers import sign_in, sign_out, text_of
from network_helpers import in_directory, set_profile

from wiki.extensions import db
from wiki.network.fields import FIELD_NAMES
from wiki.network.profiles import initials

# A value for each field, and a piece of text only that field puts in the page.
VALUES = {
    "status": "retraite",
    "profession": "Conseillère ESF",
    "organisation": "CCAS de Joué",
    "sectors": ["personnes-agees"],
    "territory": "Quartier Sanitas",
    "departement": "37",
    "expertise_tags": ["isolement"],
    "presentation": "Je coordonne un **réseau** de voisinage.",
    "looking_for": "Des partenaires bailleurs",
}
SHOWN_AS = {
    "status": "Retraité·e",
    "profession": "Conseillère ESF",
    "organisation": "CCAS de Joué",
    "sectors": "Personnes âgées",
    "territory": "Quartier Sanitas",
    "departement": "Indre-et-Loire",
    "expertise": "Isolement",
    "presentation": "<strong>réseau</strong>",
    "looking_for": "Des partenaires bailleurs",
}
API_KEY = {name: "expertise_tags" if name == "expertise" else name for name in FIELD_NAMES}
LEVELS = ("public", "members", "hidden")
VIEWERS = ("anonymous", "member", "owner", "moderator")


def _expected(level: str, viewer: str) -> bool:
    return (
        level == "public"
        or (level == "members" and viewer != "anonymous")
        or viewer in ("owner", "moderator")
    )


def _levels(rotation: int) -> dict[str, str]:
    """Each field at a level; over the three rotations each field takes every level."""
    return {name: LEVELS[(index + rotation) % 3] for index, name in enumerate(FIELD_NAMES)}


@pytest.fixture
def people(member, other_member, moderator):
    return {"owner": member, "member": other_member, "moderator": moderator}


# --- the matrix: each field x each level x each viewer, web and API ---------------------------


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("rotation", [0, 1, 2])
def test_a_profile_page_shows_each_field_to_whom_its_member_chose(client, people, viewer, rotation):
    owner = people["owner"]
    levels = _levels(rotation)
    in_directory(owner, **VALUES, visibility=levels)
    if viewer != "anonymous":
        sign_in(client, people[viewer])
    page = text_of(client.get(f"/people/{owner.handle}"))
    for name, level in levels.items():
        assert (SHOWN_AS[name] in page) == _expected(level, viewer), (name, level, viewer)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("rotation", [0, 1, 2])
def test_the_api_gives_each_field_to_whom_its_member_chose(
    client, people, token_for, viewer, rotation
):
    owner = people["owner"]
    levels = _levels(rotation)
    in_directory(owner, **VALUES, visibility=levels)
    headers = token_for(people[viewer]) if viewer != "anonymous" else {}
    answer = client.get(f"/api/v1/people/{owner.handle}", headers=headers).get_json()
    for name, level in levels.items():
        assert (API_KEY[name] in answer) == _expected(level, viewer), (name, level, viewer)
    assert ("visibility" in answer) == (viewer == "owner")  # the owner's settings only


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("rotation", [0, 1, 2])
def test_the_directory_lists_each_field_to_whom_its_member_chose(
    client, people, token_for, viewer, rotation
):
    """The same matrix on the directory's cards and GET /api/v1/people's results: a card
    may show fewer fields than the profile, never one its viewer may not see."""
    owner = people["owner"]
    levels = _levels(rotation)
    in_directory(owner, **VALUES, visibility=levels)
    headers = token_for(people[viewer]) if viewer != "anonymous" else {}
    answer = client.get("/api/v1/people", headers=headers).get_json()
    [listed] = [p for p in answer["results"] if p["handle"] == owner.handle]
    for name, level in levels.items():
        assert (API_KEY[name] in listed) == _expected(level, viewer), (name, level, viewer)
    assert ("visibility" in listed) == (viewer == "owner") and "email" not in listed
    if viewer != "anonymous":
        sign_in(client, people[viewer])
    page = text_of(client.get("/people"))
    cards = page.split('class="person-cards"')[1].split("</ul>")[0]
    assert owner.display_name in cards
    for name, level in levels.items():
        on_card = name not in ("presentation", "looking_for")  # the profile page's
        assert (SHOWN_AS[name] in cards) == (on_card and _expected(level, viewer)), (
            name,
            level,
            viewer,
        )


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_search_finds_a_field_only_for_those_who_may_see_it(client, people, token_for, viewer):
    owner = people["owner"]
    in_directory(
        owner,
        **VALUES,
        visibility={name: "hidden" for name in FIELD_NAMES} | {"looking_for": "members"},
    )
    headers = token_for(people[viewer]) if viewer != "anonymous" else {}
    for query, level in (("bailleurs", "members"), ("Sanitas", "hidden"), ("coordonne", "hidden")):
        answer = client.get("/api/v1/people", query_string={"q": query}, headers=headers).get_json()
        assert (answer["total"] == 1) == _expected(level, viewer), (query, viewer)
        if viewer != "anonymous":
            sign_in(client, people[viewer])
        page = text_of(client.get("/people", query_string={"q": query}))
        sign_out(client)
        assert (owner.display_name in page) == _expected(level, viewer), (query, viewer)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_filter_on_a_hidden_field_finds_nobody_who_may_not_see_it(
    client, people, token_for, viewer
):
    owner = people["owner"]
    in_directory(
        owner,
        **VALUES,
        visibility={
            "status": "hidden",
            "departement": "members",
            "sectors": "public",
            "expertise": "hidden",
        },
    )
    headers = token_for(people[viewer]) if viewer != "anonymous" else {}
    for filters, level in (
        ({"status": "retraite"}, "hidden"),
        ({"departement": "37"}, "members"),
        ({"territory": "Indre-et-Loire"}, "members"),
        ({"sector": "personnes-agees"}, "public"),
        ({"tag": "isolement"}, "hidden"),
    ):
        total = client.get("/api/v1/people", query_string=filters, headers=headers).get_json()[
            "total"
        ]
        assert (total == 1) == _expected(level, viewer), (filters, viewer)


# --- who may see a profile at all ----------------------------------------------------------


def test_a_profile_is_out_of_the_directory_until_its_member_opts_in(client, member, other_member):
    set_profile(member, profession="Éducatrice spécialisée")
    sign_in(client, other_member)
    assert client.get(f"/people/{member.handle}").status_code == 404
    assert "Claire Martin" not in text_of(client.get("/people"))
    sign_out(client)
    assert client.get(f"/api/v1/people/{member.handle}").status_code == 404


def test_a_hidden_profile_answers_like_a_handle_that_does_not_exist(client, member):
    set_profile(member, profession="Éducatrice spécialisée")
    hidden = client.get(f"/api/v1/people/{member.handle}")
    missing = client.get("/api/v1/people/personne-de-ce-nom")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()


def test_a_member_sees_their_own_profile_out_of_the_directory(client, member):
    set_profile(member, profession="Éducatrice spécialisée")
    sign_in(client, member)
    page = text_of(client.get(f"/people/{member.handle}"))
    assert "Éducatrice spécialisée" in page
    assert "n'apparaît pas dans l'annuaire" in page
    assert "Modifier mon profil" in page


def test_a_moderator_sees_a_profile_out_of_the_directory(client, member, moderator):
    set_profile(member, profession="Éducatrice spécialisée")
    sign_in(client, moderator)
    assert client.get(f"/people/{member.handle}").status_code == 200


def test_a_deactivated_member_leaves_the_directory(client, member):
    in_directory(member, profession="Éducatrice spécialisée")
    member.active = False
    db.session.commit()
    assert client.get(f"/people/{member.handle}").status_code == 404
    assert client.get("/api/v1/people").get_json()["total"] == 0


def test_a_member_without_a_profile_has_no_profile_page(client, member, other_member):
    sign_in(client, other_member)
    assert client.get(f"/people/{member.handle}").status_code == 404


# --- the profile page ----------------------------------------------------------------------


def test_a_profile_shows_an_avatar_of_the_initials(client, member):
    in_directory(member)
    page = text_of(client.get(f"/people/{member.handle}"))
    assert 'class="avatar hue-' in page
    assert ">CM</span>" in page


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Camille Lefèvre", "CL"),
        ("Yanis", "Y"),
        ("Jean-Pierre Roux", "JR"),
        ("élodie de la Tour", "ÉT"),
        ("   ", "?"),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_the_presentation_is_safe_markdown_rendered_at_save(client, member):
    profile = in_directory(
        member,
        presentation="Un *réseau* <script>alert(1)</script> [lien](javascript:alert(1))",
        visibility={"presentation": "public"},
    )
    assert "<em>réseau</em>" in profile.presentation_html
    page = text_of(client.get(f"/people/{member.handle}"))
    assert "<em>réseau</em>" in page
    assert "<script>alert" not in page
    assert 'href="javascript' not in page


def test_the_profile_offers_a_place_for_other_areas_actions(client, member):
    in_directory(member)
    page = text_of(client.get(f"/people/{member.handle}"))
    assert '<ul class="profile-actions">' in page


# --- editing on the account page, without JavaScript ------------------------------------------

FORM = {
    "status": "salarie",
    "profession": "Éducatrice spécialisée",
    "organisation": "ADSEA",
    "sectors": ["protection-enfance", "education-jeunesse"],
    "territory": "Tours nord",
    "departement": "37",
    "expertise": ["aller-vers", "non-demande"],
    "presentation": "Je travaille en **prévention spécialisée**.",
    "looking_for": "Des récits d'aller vers",
    "in_directory": "y",
    "accepts_contact": "members",
    **{f"vis_{name}": "public" for name in FIELD_NAMES},
}


def test_the_directory_opt_in_is_off_by_default_on_the_account_page(client, member):
    sign_in(client, member)
    page = text_of(client.get("/account"))
    assert 'id="profil"' in page
    assert 'id="in_directory"' in page and 'checked id="in_directory"' not in page


def test_a_member_fills_in_their_profile_on_the_account_page(client, member):
    sign_in(client, member)
    response = client.post("/account/profile", data=FORM)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account#profil")
    profile = member.profile
    assert profile.in_directory is True
    assert profile.profession == "Éducatrice spécialisée"
    assert [tag.slug for tag in profile.expertise] == ["aller-vers", "non-demande"]
    assert profile.sectors == ["protection-enfance", "education-jeunesse"]
    assert "<strong>prévention spécialisée</strong>" in profile.presentation_html
    account = text_of(client.get("/account"))
    assert 'value="Éducatrice spécialisée"' in account
    assert 'checked id="in_directory"' in account


def test_the_account_page_keeps_each_fields_visibility(client, member):
    sign_in(client, member)
    client.post("/account/profile", data={**FORM, "vis_territory": "hidden"})
    assert member.profile.field_visibility["territory"] == "hidden"
    account = text_of(client.get("/account"))
    assert '<option selected value="hidden">' in account


def test_a_mistake_in_the_profile_form_is_shown_beside_its_field(client, member):
    sign_in(client, member)
    response = client.post("/account/profile", data={**FORM, "profession": "x" * 500})
    assert response.status_code == 400
    page = text_of(response)
    assert 'class="field has-error"' in page
    assert member.profile is None


def test_an_unknown_choice_in_the_profile_form_is_refused(client, member):
    sign_in(client, member)
    response = client.post("/account/profile", data={**FORM, "vis_status": "everyone"})
    assert response.status_code == 400
    assert member.profile is None


def test_saving_a_profile_needs_a_signed_in_member(client):
    response = client.post("/account/profile", data=FORM)
    assert response.status_code in (302, 401)
    assert "/login" in response.headers.get("Location", "/login")


# --- the API: PUT /api/v1/me/profile and GET /api/v1/me ---------------------------------------

PUT_BODY = {
    "display_name": "Claire M.",
    "status": "benevole",
    "profession": "",
    "organisation": "Amicale du quartier",
    "sectors": ["vie-associative"],
    "territory": "Saint-Pierre-des-Corps",
    "expertise_tags": ["quartier", "Bénévolat"],
    "presentation": "Habitante engagée.",
    "looking_for": "Des idées de fête de quartier",
    "in_directory": True,
    "accepts_contact": "nobody",
    "visibility": {"territory": "hidden", "presentation": "public"},
}


def test_put_me_profile_sets_the_profile_with_the_contract_keys(client, member, token_for):
    response = client.put("/api/v1/me/profile", json=PUT_BODY, headers=token_for(member))
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["display_name"] == "Claire M."
    assert answer["expertise_tags"] == ["benevolat", "quartier"]
    assert answer["in_directory"] is True
    assert answer["accepts_contact"] == "nobody"
    assert answer["visibility"]["territory"] == "hidden"
    assert answer["visibility"]["status"] == "members"  # a default, untouched
    assert member.display_name == "Claire M."


def test_put_me_profile_leaves_out_keys_unchanged(client, member, token_for):
    headers = token_for(member)
    client.put("/api/v1/me/profile", json=PUT_BODY, headers=headers)
    client.put("/api/v1/me/profile", json={"profession": "Animatrice"}, headers=headers)
    answer = client.get("/api/v1/me", headers=headers).get_json()["profile"]
    assert answer["profession"] == "Animatrice"
    assert answer["organisation"] == "Amicale du quartier"
    assert answer["visibility"]["territory"] == "hidden"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"status": "chomeur"}, "status"),
        ({"visibility": {"territory": "friends"}}, "visibility"),
        ({"visibility": {"email": "public"}}, "visibility"),
        ({"expertise_tags": ["licornes"]}, "expertise_tags"),
        ({"sectors": ["astronautique"]}, "sectors"),
        ({"departement": "999"}, "departement"),
        ({"accepts_contact": "everyone"}, "accepts_contact"),
        ({"in_directory": "yes"}, "in_directory"),
        ({"profession": "x" * 500}, "profession"),
        ({"display_name": "   "}, "display_name"),
    ],
)
def test_put_me_profile_refuses_bad_values_clearly(client, member, token_for, body, field):
    response = client.put("/api/v1/me/profile", json=body, headers=token_for(member))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["message"]
    assert error.get("details", {}).get("field", field) == field
    assert member.profile is None


def test_put_me_profile_refuses_unknown_keys(client, member, token_for):
    response = client.put(
        "/api/v1/me/profile", json={"email": "x@example.org"}, headers=token_for(member)
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "unknown_keys"


def test_put_me_profile_needs_a_token(client):
    assert client.put("/api/v1/me/profile", json={"profession": "x"}).status_code == 401


def test_me_gives_the_callers_whole_profile(client, member, token_for):
    set_profile(member, territory="Tours", visibility={"territory": "hidden"})
    answer = client.get("/api/v1/me", headers=token_for(member)).get_json()
    assert answer["profile"]["territory"] == "Tours"
    assert answer["profile"]["in_directory"] is False


def test_a_profile_can_be_reported_to_the_moderators(client, member, other_member, token_for):
    in_directory(member)
    response = client.post(
        "/api/v1/reports",
        headers=token_for(other_member),
        json={"target": f"profile:{member.handle}", "reason": "Faux profil"},
    )
    assert response.status_code == 201


def test_a_profile_out_of_the_directory_cannot_be_reported(client, member, other_member, token_for):
    set_profile(member, profession="x")
    response = client.post(
        "/api/v1/reports",
        headers=token_for(other_member),
        json={"target": f"profile:{member.handle}", "reason": "Faux profil"},
    )
    assert response.status_code == 404


# --- an account waiting for its approval ------------------------------------------------------


def test_a_pending_account_gets_what_an_anonymous_visitor_gets_of_the_network(
    client, member, make_user, token_for
):
    """« Adhérents validés » only: a registration still waiting for a moderator sees the
    public fields alone, reaches nobody, reads no call, and is in nobody's directory."""
    in_directory(member, **VALUES, visibility={"territory": "members", "profession": "public"})
    pending = make_user("attente@example.org", "Inès Attente")
    pending.approved_at = None
    db.session.commit()
    in_directory(
        pending, profession="Conseillère en insertion", visibility={"profession": "public"}
    )
    headers = token_for(pending)

    answer = client.get(f"/api/v1/people/{member.handle}", headers=headers).get_json()
    assert answer["profession"] == "Conseillère ESF" and "territory" not in answer
    found = client.get("/api/v1/people", query_string={"q": "Sanitas"}, headers=headers)
    assert found.get_json()["total"] == 0
    started = client.post(
        "/api/v1/conversations",
        headers=headers,
        json={"to": member.handle, "subject": "Bonjour", "body": "Un mot"},
    )
    assert started.status_code == 404  # as an unknown handle: nobody it may reach
    assert client.get("/api/v1/calls", headers=headers).get_json()["total"] == 0
    assert client.get(f"/api/v1/people/{pending.handle}").status_code == 404
    assert pending.display_name not in text_of(client.get("/people"))

    sign_in(client, pending)
    page = text_of(client.get(f"/people/{member.handle}"))
    assert "Conseillère ESF" in page and "Quartier Sanitas" not in page
    assert f"/messages/new?to={member.handle}" not in page
    # It is told why, not that the member takes no messages.
    assert "une fois votre compte validé par un modérateur" in page
    assert "ne reçoit pas de nouveaux messages" not in page
    form = text_of(client.get(f"/messages/new?to={member.handle}"))
    assert "ne reçoit pas de nouveaux messages" not in form
