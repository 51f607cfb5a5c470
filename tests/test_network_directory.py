"""The directory at /people and GET /api/v1/people: French search, filters, pagination,
and the people terms kept in step with profiles (wiki index verify)."""

from __future__ import annotations

import pytest
from helpers import sign_in, text_of
from network_helpers import in_directory, set_profile
from sqlalchemy import delete, func, select

from wiki.cli import main
from wiki.extensions import db
from wiki.models import ProfileTerm, Tag
from wiki.pages.vocabulary import update_tag

EVERYTHING_PUBLIC = {
    name: "public"
    for name in (
        "status",
        "profession",
        "organisation",
        "sectors",
        "territory",
        "departement",
        "expertise",
        "presentation",
        "looking_for",
    )
}


@pytest.fixture
def network(make_user, member, other_member):
    """Three directory members in two départements, and one member out of the directory."""
    in_directory(
        member,
        status="salarie",
        profession="Éducatrice spécialisée",
        sectors=["protection-enfance"],
        territory="Tours nord",
        departement="37",
        expertise_tags=["aller-vers", "non-demande"],
        presentation="Prévention spécialisée auprès des adolescents.",
        visibility=EVERYTHING_PUBLIC,
    )
    in_directory(
        other_member,
        status="retraite",
        profession="Assistant de service social",
        sectors=["personnes-agees"],
        territory="Blois",
        departement="41",
        expertise_tags=["isolement", "aller-vers"],
        looking_for="Des expériences de visites à domicile",
        visibility=EVERYTHING_PUBLIC,
    )
    volunteer = make_user("lea@example.org", "Léa Roux")
    in_directory(
        volunteer,
        status="benevole",
        profession="",
        sectors=["vie-associative"],
        territory="Joué-lès-Tours",
        departement="37",
        expertise_tags=["quartier"],
        presentation="Habitante engagée dans son quartier.",
        visibility=EVERYTHING_PUBLIC,
    )
    hidden = make_user("paul@example.org", "Paul Durand")
    set_profile(
        hidden, profession="Éducateur spécialisé", departement="37", visibility=EVERYTHING_PUBLIC
    )
    return {"claire": member, "karim": other_member, "lea": volunteer, "paul": hidden}


def names(client, **query) -> list[str]:
    answer = client.get("/api/v1/people", query_string=query).get_json()
    return [person["display_name"] for person in answer["results"]]


def test_the_directory_lists_those_who_opted_in(client, network):
    page = text_of(client.get("/people"))
    for name in ("Claire Martin", "Karim Benali", "Léa Roux"):
        assert name in page
    assert "Paul Durand" not in page
    assert "3 membres" in page


def test_people_search_uses_the_french_analysis_of_page_search(client, network):
    assert names(client, q="éducatrices") == ["Claire Martin"]  # plural, accents
    assert names(client, q="educatrice specialisee") == ["Claire Martin"]
    assert names(client, q="l'assistant social") == ["Karim Benali"]  # elision, stop word


def test_people_search_reads_the_labels_of_tags_sectors_and_places(client, network):
    assert set(names(client, q="aller vers")) == {"Claire Martin", "Karim Benali"}
    assert names(client, q="personnes âgées") == ["Karim Benali"]
    assert set(names(client, q="Indre-et-Loire")) == {"Claire Martin", "Léa Roux"}
    assert names(client, q="bénévole") == ["Léa Roux"]  # the status, in words


def test_every_word_must_match_somewhere_in_the_profile(client, network):
    assert names(client, q="aller vers Blois") == ["Karim Benali"]


def test_with_nobody_matching_every_word_the_closest_profiles_are_shown(client, network):
    answer = client.get("/api/v1/people", query_string={"q": "adolescents licornes"}).get_json()
    assert answer["relaxed"] is True
    assert [p["display_name"] for p in answer["results"]] == ["Claire Martin"]
    assert "Personne ne correspond à tous les mots" in text_of(
        client.get("/people", query_string={"q": "adolescents licornes"})
    )


def test_the_name_weighs_more_than_the_presentation(client, network, make_user):
    namesake = make_user("quartier@example.org", "Camille Quartier")
    in_directory(namesake, visibility=EVERYTHING_PUBLIC)
    assert names(client, q="quartier")[0] == "Camille Quartier"


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"tag": "aller-vers"}, {"Claire Martin", "Karim Benali"}),
        ({"sector": "personnes-agees"}, {"Karim Benali"}),
        ({"departement": "37"}, {"Claire Martin", "Léa Roux"}),
        ({"departement": "Loir-et-Cher"}, {"Karim Benali"}),
        ({"status": "benevole"}, {"Léa Roux"}),
        ({"territory": "41"}, {"Karim Benali"}),
        ({"territory": "Joué-lès-Tours"}, {"Léa Roux"}),
        ({"tag": "aller-vers", "departement": "37"}, {"Claire Martin"}),
        ({"q": "aller vers", "status": "retraite"}, {"Karim Benali"}),
    ],
)
def test_the_directory_filters(client, network, filters, expected):
    assert set(names(client, **filters)) == expected


@pytest.mark.parametrize(
    "filters",
    [
        {"tag": "licornes"},
        {"sector": "astronautique"},
        {"departement": "999"},
        {"status": "chomeur"},
        {"page": "0"},
        {"per_page": "1000"},
        {"page": "x"},
        {"q": "x" * 600},
    ],
)
def test_bad_filters_are_a_clear_400(client, network, filters):
    response = client.get("/api/v1/people", query_string=filters)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]
    assert client.get("/people", query_string=filters).status_code == 400


def test_the_web_filters_keep_their_choice(client, network):
    page = text_of(client.get("/people", query_string={"tag": "aller-vers", "departement": "37"}))
    assert '<option value="aller-vers" selected>' in page
    assert '<option value="37" selected>' in page
    assert "1 membre" in page


def test_the_directory_is_paginated(client, network, make_user):
    for n in range(5):
        in_directory(make_user(f"p{n}@example.org", f"Zoé Membre {n}"))
    first = client.get("/api/v1/people", query_string={"per_page": 3}).get_json()
    second = client.get("/api/v1/people", query_string={"per_page": 3, "page": 3}).get_json()
    assert first["total"] == second["total"] == 8
    assert len(first["results"]) == 3 and len(second["results"]) == 2
    app_page = text_of(client.get("/people", query_string={"page": 2}))
    assert "Page 2 sur 1" not in app_page


def test_the_web_directory_paginates_with_its_filters(app, client, network, make_user):
    app.config["PER_PAGE"] = 2
    for n in range(3):
        in_directory(
            make_user(f"p{n}@example.org", f"Zoé Membre {n}"),
            departement="37",
            visibility=EVERYTHING_PUBLIC,
        )
    page = text_of(client.get("/people", query_string={"departement": "37"}))
    assert "Page 1 sur 3" in page
    assert 'href="/people?departement=37&amp;page=2"' in page


def test_people_answers_carry_the_contract_keys_and_no_email(client, network):
    answer = client.get("/api/v1/people", query_string={"q": "Claire"}).get_json()
    assert set(answer) >= {"total", "results"}
    person = answer["results"][0]
    assert person["handle"] == network["claire"].handle
    assert person["display_name"] == "Claire Martin"
    assert person["profession"] == "Éducatrice spécialisée"
    assert person["url"].endswith(f"/people/{network['claire'].handle}")
    assert "email" not in person


def test_the_directory_cards_read_well_on_a_phone(client, network):
    """The cards are one column under 20 rem (the CSS grid), the fields in reading order."""
    page = text_of(client.get("/people"))
    assert 'class="person-cards"' in page
    css = text_of(client.get("/static/css/network.css"))
    assert "minmax(min(100%, 20rem), 1fr)" in css


def test_a_signed_in_member_finds_members_only_fields(client, network, member, make_user):
    quiet = make_user("discret@example.org", "Jo Discret")
    in_directory(quiet, profession="Médiatrice sociale", visibility={"profession": "members"})
    assert names(client, q="médiatrice") == []
    sign_in(client, member)
    assert "Jo Discret" in text_of(client.get("/people", query_string={"q": "médiatrice"}))


# --- the people terms: written with the profile, verified, rebuilt ---------------------------


def test_the_terms_follow_a_new_display_name(client, network, member, login):
    login(member)
    client.post("/account", data={"display_name": "Claire Dupont-Martin", "locale": ""})
    assert names(client, q="Dupont") == ["Claire Dupont-Martin"]


def test_the_terms_follow_a_tag_that_is_renamed(client, network):
    update_tag(db.session, "aller-vers", label_fr="Démarches proactives", label_en="")
    db.session.commit()
    assert set(names(client, q="démarches proactives")) == {"Claire Martin", "Karim Benali"}


def test_the_terms_go_with_a_rolled_back_profile_change(client, network, member):
    from wiki.network.profiles import clean_changes, save_profile

    save_profile(db.session, member, clean_changes({"profession": "Juriste"}), ("fr",))
    db.session.rollback()
    assert names(client, q="juriste") == []
    assert names(client, q="éducatrice") == ["Claire Martin"]


def _run(app, *args):
    return app.test_cli_runner().invoke(main, list(args), catch_exceptions=False)


def test_index_verify_reports_people_terms_out_of_step(app, network, member):
    assert _run(app, "index", "verify").exit_code == 0
    db.session.execute(
        delete(ProfileTerm).where(
            ProfileTerm.user_id == member.id, ProfileTerm.field == "profession"
        )
    )
    db.session.commit()
    result = _run(app, "index", "verify")
    assert result.exit_code == 1
    assert f"@{member.handle}" in result.output


def test_index_rebuild_rewrites_the_people_terms(app, client, network, member):
    db.session.execute(delete(ProfileTerm))
    db.session.commit()
    assert names(client, q="éducatrice") == []
    assert _run(app, "index", "rebuild").exit_code == 0
    assert names(client, q="éducatrice") == ["Claire Martin"]
    assert _run(app, "index", "verify").exit_code == 0


def test_a_deleted_profile_leaves_no_terms(app, network, member):
    db.session.delete(member.profile)
    db.session.commit()
    assert (
        db.session.scalar(
            select(func.count()).select_from(ProfileTerm).where(ProfileTerm.user_id == member.id)
        )
        == 0
    )


def test_only_the_vocabulary_can_be_an_expertise(client, member, token_for):
    free = Tag(slug="jardins", label_fr="Jardins", controlled=False)
    db.session.add(free)
    db.session.commit()
    response = client.put(
        "/api/v1/me/profile", json={"expertise_tags": ["jardins"]}, headers=token_for(member)
    )
    assert response.status_code == 400


def _statements_for(client, path: str) -> int:
    from sqlalchemy import event

    count = 0

    def counted(*_args):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


def test_the_directory_does_not_query_once_per_card(client, member, make_user):
    in_directory(member, expertise_tags=["aller-vers"], visibility=EVERYTHING_PUBLIC)
    few = _statements_for(client, "/people")
    for n in range(10):
        in_directory(
            make_user(f"p{n}@example.org", f"Zoé Membre {n}"),
            expertise_tags=["isolement", "quartier"],
            visibility=EVERYTHING_PUBLIC,
        )
    assert _statements_for(client, "/people") == few
    assert _statements_for(client, "/api/v1/people") <= few + 2
