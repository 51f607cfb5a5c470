"""Calls to the network: exactly the matching members are told, answers form a thread, the
author resolves it, and the list filters and searches in French (web and API)."""

from __future__ import annotations

import pytest

from tests.contact_helpers import give_profile
from tests.helpers import sign_in, sign_out, text_of
from wiki.extensions import db
from wiki.models import Call

CALL = {
    "title": "Des expériences d'aller vers auprès de personnes âgées isolées",
    "body": "En **milieu rural**, dans le Chinonais.",
    "tags": ["aller-vers", "isolement"],
    "departement": "37",
}


@pytest.fixture
def people(make_user, member):
    """Members who match a call for aller-vers or isolement in 37, and some who do not."""
    made = {}
    for key, name, profile in (
        ("both", "Bea Both", {"departement": "37", "expertise": ("aller-vers",)}),
        ("other_tag", "Oscar Tag", {"departement": "37", "expertise": ("isolement", "prevention")}),
        ("tag_only", "Tania Tag", {"departement": "75", "expertise": ("aller-vers",)}),
        ("place_only", "Paul Place", {"departement": "37", "expertise": ("logement",)}),
        (
            "hidden",
            "Hugo Hors",
            {"departement": "37", "expertise": ("aller-vers",), "in_directory": False},
        ),
        ("no_place", "Nina Nulle", {"departement": None, "expertise": ("aller-vers",)}),
    ):
        user = make_user(f"{key.replace('_', '-')}@example.org", name)
        give_profile(user, **profile)
        made[key] = user
    give_profile(member, departement="37", expertise=("aller-vers", "isolement"))  # author
    return made


def post(client, headers, **changes):
    return client.post("/api/v1/calls", headers=headers, json={**CALL, **changes})


def test_a_call_notifies_exactly_the_members_whose_tags_and_departement_match(
    client, smtp, token_for, member, people
):
    response = post(client, token_for(member))

    assert response.status_code == 201
    assert response.get_json()["notified"] == 2
    told = sorted(m["To"] for m in smtp.messages)
    assert told == ["both@example.org", "other-tag@example.org"]
    [mail] = smtp.to("both@example.org")
    assert "Appel au réseau" in mail["Subject"]
    assert (
        f"http://wiki.test/calls/{response.get_json()['id']}"
        in mail.get_body(("plain",)).get_content()
    )
    assert member.email not in mail.as_string()


def test_a_whole_network_call_ignores_the_departement(client, smtp, token_for, member, people):
    response = post(client, token_for(member), departement=None, tags=["aller-vers"])

    assert response.get_json()["notified"] == 3
    assert sorted(m["To"] for m in smtp.messages) == [
        "both@example.org",
        "no-place@example.org",
        "tag-only@example.org",
    ]


def test_a_member_who_blocks_the_author_is_not_told(client, smtp, token_for, member, people):
    client.post(f"/api/v1/people/{member.handle}/block", headers=token_for(people["both"]))

    assert post(client, token_for(member)).get_json()["notified"] == 1
    assert [m["To"] for m in smtp.messages] == ["other-tag@example.org"]


def test_posting_on_the_web_says_how_many_were_told(client, smtp, member, people):
    sign_in(client, member)

    response = client.post(
        "/calls/new",
        data={
            "title": CALL["title"],
            "body": CALL["body"],
            "controlled_tags": ["aller-vers"],
            "tags": "isolement",
            "departement": "37",
        },
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "2 membre(s) de l&#39;annuaire en sont avertis" in text_of(response)
    assert "<strong>milieu rural</strong>" in text_of(response)


def test_a_call_needs_a_title_and_a_tag_and_a_known_departement(client, token_for, member):
    headers = token_for(member)
    assert post(client, headers, tags=[]).status_code == 400
    assert post(client, headers, title="  ").status_code == 400
    bad = post(client, headers, departement="99")
    assert bad.status_code == 400 and bad.get_json()["error"]["details"]["field"] == "departement"
    assert post(client, headers, departement="Indre-et-Loire").get_json()["departement"] == "37"
    assert client.post("/api/v1/calls", json=CALL).status_code == 401
    sign_in(client, member)
    page = client.post("/calls/new", data={"title": "Une question", "departement": ""})
    assert page.status_code == 400 and "au moins une étiquette" in text_of(page)


def test_answers_form_a_thread_and_the_author_resolves_the_call(
    client, smtp, token_for, member, other_member
):
    mine, theirs = token_for(member), token_for(other_member)
    call = post(client, mine).get_json()

    answer = client.post(
        f"/api/v1/calls/{call['id']}/answers",
        headers=theirs,
        json={"body": "Nous le faisons à *Loches*."},
    )
    assert answer.status_code == 201
    assert "<em>Loches</em>" in answer.get_json()["html"]
    assert len(smtp.to(member.email)) == 1  # the author hears of the answer
    assert client.post(f"/api/v1/calls/{call['id']}/resolve", headers=theirs).status_code == 403

    resolved = client.post(f"/api/v1/calls/{call['id']}/resolve", headers=mine).get_json()
    assert resolved["state"] == "resolved" and len(resolved["answers"]) == 1
    late = client.post(
        f"/api/v1/calls/{call['id']}/answers", headers=theirs, json={"body": "Trop tard ?"}
    )
    assert late.status_code == 403


def test_answering_and_resolving_on_the_web(client, token_for, member, other_member):
    call = post(client, token_for(member)).get_json()
    sign_in(client, other_member)
    page = text_of(client.get(f"/calls/{call['id']}"))
    assert "marquer l'appel résolu" not in page
    assert (
        client.post(f"/calls/{call['id']}/answers", data={"body": "Voyez Chinon."}).status_code
        == 303
    )
    sign_out(client)

    sign_in(client, member)
    page = text_of(client.get(f"/calls/{call['id']}"))
    assert "Voyez Chinon." in page and "1 réponse" in page
    assert client.post(f"/calls/{call['id']}/resolve").status_code == 303
    assert db.session.get(Call, call["id"]).state == "resolved"
    assert "ne reçoit plus de réponse" in text_of(client.get(f"/calls/{call['id']}"))


def test_the_list_filters_by_tag_departement_and_state(client, token_for, member):
    headers = token_for(member)
    tours = post(client, headers, title="Jardins partagés à Tours", tags=["quartier"]).get_json()
    paris = post(client, headers, title="Maraude à Paris", departement="75").get_json()
    everywhere = post(
        client, headers, title="Groupe Balint en ligne", departement=None, tags=["groupe-balint"]
    ).get_json()
    client.post(f"/api/v1/calls/{paris['id']}/resolve", headers=headers)

    def ids(**params):
        answer = client.get("/api/v1/calls", headers=headers, query_string=params).get_json()
        return sorted(call["id"] for call in answer["results"])

    assert ids() == sorted([tours["id"], everywhere["id"]])
    assert ids(state="resolved") == [paris["id"]]
    assert ids(state="all", departement="75") == [paris["id"]]
    assert ids(tag="quartier") == [tours["id"]]
    assert client.get("/api/v1/calls?state=closed", headers=headers).status_code == 400


def test_calls_are_found_by_a_simple_french_search(client, token_for, member):
    headers = token_for(member)
    wanted = post(client, headers).get_json()
    post(client, headers, title="Accueil de jour", body="Un lieu pour les familles.")

    def found(q, client_=client):
        results = client_.get("/api/v1/calls", headers=headers, query_string={"q": q})
        return [call["id"] for call in results.get_json()["results"]]

    assert found("personne agee isolée") == [wanted["id"]]  # accents, plural, stems
    assert found("RURAL") == [wanted["id"]]
    assert found("rural famille") == []
    sign_in(client, member)
    page = text_of(client.get("/calls?q=isolement+des+personnes"))
    assert CALL["title"].replace("'", "&#39;") in page and "Accueil de jour" not in page


def test_anonymous_visitors_see_no_call(client, token_for, member):
    call = post(client, token_for(member)).get_json()

    assert client.get("/api/v1/calls").get_json()["total"] == 0
    assert client.get(f"/api/v1/calls/{call['id']}").status_code == 404
    page = client.get("/calls")
    assert page.status_code == 200 and "réservés aux membres" in text_of(page)
    assert CALL["title"] not in text_of(page)
    assert client.get(f"/calls/{call['id']}").status_code == 302  # to the sign-in


def test_notified_is_the_authors_business(client, token_for, member, other_member):
    call = post(client, token_for(member)).get_json()

    seen = client.get(f"/api/v1/calls/{call['id']}", headers=token_for(other_member)).get_json()
    assert "notified" not in seen


@pytest.mark.parametrize(
    "request_",
    [
        ("POST", "/api/v1/calls", {**CALL, "tags": [1]}),
        ("POST", "/api/v1/calls", {**CALL, "tags": "aller-vers"}),
        ("POST", "/api/v1/calls", {**CALL, "departement": 37}),
        ("POST", "/api/v1/calls", {**CALL, "color": "red"}),
        ("GET", "/api/v1/calls?per_page=0", None),
        ("GET", "/api/v1/calls?q=" + "x" * 600, None),
    ],
    ids=[
        "tag-not-text",
        "tags-not-a-list",
        "departement-number",
        "unknown-key",
        "per-page-zero",
        "query-too-long",
    ],
)
def test_bad_input_is_a_clear_400(client, token_for, member, request_):
    method, url, body = request_
    response = client.open(url, method=method, json=body, headers=token_for(member))

    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_an_id_beyond_any_integer_is_simply_not_found(client, token_for, member):
    headers = token_for(member)
    huge = 2**63
    assert client.get(f"/api/v1/calls/{huge}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/conversations/{huge}", headers=headers).status_code == 404
    assert (
        client.post(
            "/api/v1/reports", headers=headers, json={"target": f"message:{huge}", "reason": "?"}
        ).status_code
        == 404
    )
    sign_in(client, member)
    assert client.get(f"/calls/{huge}").status_code == 404
    assert client.get(f"/messages/{huge}").status_code == 404


def test_mails_written_after_the_request_link_to_where_it_came_from(
    app, client, smtp, token_for, member, people
):
    """The call's mails are written by the background thread, after the request: without
    WIKI_BASE_URL, their links lead to the address the author used, not the local server."""
    from wiki.aftercommit import after_commit

    app.config["MAIL_DELIVERY"] = "background"

    call = post(client, token_for(member)).get_json()

    assert after_commit(app).wait_until_idle(timeout=30)
    assert sorted(m["To"] for m in smtp.messages) == ["both@example.org", "other-tag@example.org"]
    for mail in smtp.messages:
        text = mail.get_body(("plain",)).get_content()
        assert f"http://wiki.test/calls/{call['id']}" in text
        assert "127.0.0.1" not in mail.as_string()


def test_wiki_base_url_is_the_address_of_every_mail(app, client, smtp, token_for, member, people):
    from wiki.aftercommit import after_commit

    app.config.update(MAIL_DELIVERY="background", BASE_URL="https://wiki.alters.example/")

    call = post(client, token_for(member)).get_json()

    assert after_commit(app).wait_until_idle(timeout=30)
    assert len(smtp.messages) == 2
    for mail in smtp.messages:
        text = mail.get_body(("plain",)).get_content()
        assert f"https://wiki.alters.example/calls/{call['id']}" in text
        assert "wiki.test" not in mail.as_string()
