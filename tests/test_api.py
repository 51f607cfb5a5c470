"""The JSON API under /api/v1, used as a script would: token, JSON in, JSON out."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from wiki.extensions import db
from wiki.models import ApiToken, Page, Revision


@pytest.fixture
def auth(token_for, member):
    """The member's bearer header."""
    return token_for(member)


def new_page(**overrides) -> dict:
    payload = {
        "kind": "practice",
        "title": "Une visite à domicile sans demande",
        "body": "Madame R. n'avait rien demandé.",
        "tags": ["aller-vers", "Écoute"],
        "fields": {"territory": "Orléans"},
    }
    payload.update(overrides)
    return payload


# --- reading -------------------------------------------------------------------------------


def test_a_public_page_reads_as_json_with_its_authors(client, make_page, member, other_member):
    from wiki.pages.editing import PageDraft, save_revision

    page = make_page(
        "Accueil de jour à Orléans",
        body="Un **accueil** sans condition.",
        tags=["aller-vers"],
        fields={"territory": "Orléans"},
    )
    save_revision(
        db.session,
        page,
        PageDraft(
            kind="practice",
            title=page.title,
            body="Un accueil inconditionnel.",
            tags=["aller-vers"],
        ),
        other_member,
        base_revision=1,
    )
    db.session.commit()

    response = client.get("/api/v1/pages/accueil-de-jour-a-orleans")

    assert response.status_code == 200
    page_json = response.get_json()
    assert page_json["slug"] == "accueil-de-jour-a-orleans"
    assert page_json["title"] == "Accueil de jour à Orléans"
    assert page_json["kind"] == "practice"
    assert page_json["tags"] == ["aller-vers"]
    assert page_json["visibility"] == "public"
    assert page_json["fields"] == {}
    assert page_json["body"] == "Un accueil inconditionnel."
    assert page_json["revision"] == 2
    assert page_json["updated_at"].endswith("+00:00")
    assert page_json["authors"] == [
        {"handle": member.handle, "display_name": "Claire Martin"},
        {"handle": other_member.handle, "display_name": "Karim Benali"},
    ]
    assert page_json["url"].endswith("/pages/accueil-de-jour-a-orleans")


def test_the_html_is_the_sanitised_rendering(client, make_page):
    make_page("Page rendue", body="**gras** <script>alert(1)</script>")
    html = client.get("/api/v1/pages/page-rendue").get_json()["html"]
    assert "<strong>gras</strong>" in html
    assert "<script" not in html


def test_french_text_is_sent_as_utf8_not_escaped(client, make_page):
    make_page("Récit d'un éducateur")
    raw = client.get("/api/v1/pages/recit-d-un-educateur").get_data()
    assert "Récit d'un éducateur".encode() in raw
    assert b"\\u00e9" not in raw


def test_a_missing_page_is_a_json_404(client):
    response = client.get("/api/v1/pages/personne-ici")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_history_lists_revisions_newest_first(client, make_page, member, other_member):
    from wiki.pages.editing import PageDraft, save_revision

    page = make_page("Groupe Balint du jeudi")
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title="Groupe Balint du mardi", summary="Le jour a changé"),
        other_member,
        base_revision=1,
    )
    db.session.commit()

    history = client.get("/api/v1/pages/groupe-balint-du-jeudi/revisions").get_json()

    assert history["slug"] == "groupe-balint-du-jeudi"
    assert [r["revision"] for r in history["revisions"]] == [2, 1]
    latest = history["revisions"][0]
    assert latest["title"] == "Groupe Balint du mardi"
    assert latest["summary"] == "Le jour a changé"
    assert latest["author"] == {"handle": other_member.handle, "display_name": "Karim Benali"}
    assert latest["created_at"]


# --- visibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/pages/entre-membres", "/api/v1/pages/entre-membres/revisions"]
)
def test_a_members_page_is_hidden_from_anonymous_callers(client, make_page, path):
    make_page("Entre membres", visibility="members")
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path", ["/api/v1/pages/entre-membres", "/api/v1/pages/entre-membres/revisions"]
)
def test_a_members_page_is_shown_to_a_member_with_a_token(
    client, make_page, token_for, other_member, path
):
    make_page("Entre membres", visibility="members")
    assert client.get(path, headers=token_for(other_member)).status_code == 200


# A group page's slug ends with a random suffix (« seance-de-l-atelier-k3x9m2qa »).
GROUP_PAGE_PATHS = ["/api/v1/pages/{slug}", "/api/v1/pages/{slug}/revisions"]


@pytest.mark.parametrize("path", GROUP_PAGE_PATHS)
def test_a_group_page_is_hidden_from_anonymous_callers(client, make_page, group, path):
    page = make_page("Séance de l'atelier", visibility="group:atelier-praxis")
    assert client.get(path.format(slug=page.slug)).status_code == 404


@pytest.mark.parametrize("path", GROUP_PAGE_PATHS)
def test_a_group_page_is_hidden_from_members_outside_the_group(
    client, make_page, group, token_for, other_member, path
):
    page = make_page("Séance de l'atelier", visibility="group:atelier-praxis")
    response = client.get(path.format(slug=page.slug), headers=token_for(other_member))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", GROUP_PAGE_PATHS)
def test_a_group_page_is_shown_to_the_group(client, make_page, group, auth, path):
    page = make_page("Séance de l'atelier", visibility="group:atelier-praxis")
    assert client.get(path.format(slug=page.slug), headers=auth).status_code == 200


def signed_in_browser(client, user) -> None:
    """A session cookie as Flask-Login sets it on sign-in."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_the_session_cookie_does_not_reveal_pages(client, make_page, member):
    make_page("Entre membres", visibility="members")
    signed_in_browser(client, member)
    assert client.get("/api/v1/pages/entre-membres").status_code == 404


def test_a_group_page_cannot_be_edited_from_outside_the_group(
    client, make_page, group, token_for, other_member
):
    page = make_page("Séance de l'atelier", visibility="group:atelier-praxis")
    response = client.put(
        f"/api/v1/pages/{page.slug}",
        headers=token_for(other_member),
        json={"title": "Piraté", "base_revision": 1},
    )
    assert response.status_code == 404
    assert db.session.scalar(select(Page.title)) == "Séance de l'atelier"


# --- tokens --------------------------------------------------------------------------------


def test_me_describes_the_token_owner(client, member, auth):
    response = client.get("/api/v1/me", headers=auth)
    assert response.status_code == 200
    account = response.get_json()
    profile = account.pop("profile")  # the network's part (tests/test_network_api.py)
    assert account == {
        "handle": member.handle,
        "display_name": "Claire Martin",
        "email": "claire@example.org",
        "role": "member",
        "locale": None,
        "approved": True,
        "email_confirmed": True,
    }
    assert profile["handle"] == member.handle


def test_me_needs_a_token(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_refused_even_on_a_public_read(client, make_page):
    make_page("Page publique")
    response = client.get(
        "/api/v1/pages/page-publique", headers={"Authorization": "Bearer wk_nimportequoi"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


def test_a_token_of_a_deactivated_account_is_refused(client, member, auth):
    member.active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_using_a_token_records_when(client, member, auth):
    assert db.session.scalar(select(ApiToken.last_used_at)) is None
    client.get("/api/v1/me", headers=auth)
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at)) is not None


# --- creating ------------------------------------------------------------------------------


def test_a_member_creates_a_page_from_the_import_format(client, member, auth):
    response = client.post("/api/v1/pages", headers=auth, json=new_page())

    assert response.status_code == 201
    created = response.get_json()
    assert created["slug"] == "une-visite-a-domicile-sans-demande"
    assert response.headers["Location"].endswith("/api/v1/pages/une-visite-a-domicile-sans-demande")
    assert created["revision"] == 1
    assert created["tags"] == ["aller-vers", "ecoute"]
    assert created["fields"] == {"territory": "Orléans"}
    assert created["authors"] == [{"handle": member.handle, "display_name": "Claire Martin"}]
    assert client.get(response.headers["Location"]).get_json() == created


def test_a_given_slug_is_kept(client, auth):
    response = client.post("/api/v1/pages", headers=auth, json=new_page(slug="visite-r"))
    assert response.get_json()["slug"] == "visite-r"


def test_an_innovation_sheet_is_created_with_its_fields(client, auth):
    sheet = {
        "kind": "innovation",
        "title": "Module « Aller vers »",
        "fields": {
            "duration": "2 jours",
            "context": "Des publics qui ne demandent rien",
            "objectives": "Identifier les publics",
        },
    }
    response = client.post("/api/v1/pages", headers=auth, json=sheet)
    assert response.status_code == 201
    assert response.get_json()["fields"] == sheet["fields"]


def test_a_member_may_restrict_a_page_to_their_group(client, group, auth):
    response = client.post(
        "/api/v1/pages", headers=auth, json=new_page(visibility="group:atelier-praxis")
    )
    assert response.status_code == 201
    assert client.get(response.headers["Location"]).status_code == 404


def test_the_author_is_the_caller(client, member, auth):
    response = client.post(
        "/api/v1/pages", headers=auth, json=new_page(author="Claire@Example.org")
    )
    assert response.status_code == 201
    revision = db.session.scalar(select(Revision))
    assert revision.author_id == member.id


def test_a_member_cannot_write_in_someone_elses_name(client, other_member, auth):
    response = client.post("/api/v1/pages", headers=auth, json=new_page(author="karim@example.org"))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "author_mismatch"
    assert db.session.scalar(select(Page)) is None


def test_an_admin_may_import_in_someone_elses_name(client, admin, other_member, token_for):
    response = client.post(
        "/api/v1/pages", headers=token_for(admin), json=new_page(author="karim@example.org")
    )
    assert response.status_code == 201
    assert response.get_json()["authors"] == [
        {"handle": other_member.handle, "display_name": "Karim Benali"}
    ]


def test_a_cookie_alone_does_not_authorise_a_write(client, member):
    signed_in_browser(client, member)
    response = client.post("/api/v1/pages", json=new_page())
    assert response.status_code == 401
    assert db.session.scalar(select(Page)) is None


def test_writes_need_no_csrf_token(app, auth):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/api/v1/pages", headers=auth, json=new_page())
    assert response.status_code == 201


# --- updating ------------------------------------------------------------------------------


def test_a_put_saves_a_new_revision(client, make_page, auth, other_member, token_for):
    make_page(
        "Permanence au centre social",
        body="Première version.",
        tags=["quartier"],
        fields={"territory": "Tours"},
    )
    response = client.put(
        "/api/v1/pages/permanence-au-centre-social",
        headers=token_for(other_member),
        json={
            "title": "Permanence au centre social",
            "base_revision": 1,
            "body": "Deuxième version.",
            "summary": "Précisions",
        },
    )
    assert response.status_code == 200
    saved = response.get_json()
    assert saved["revision"] == 2
    assert saved["body"] == "Deuxième version."
    # keys left out keep their value
    assert saved["tags"] == ["quartier"]
    assert saved["fields"] == {"territory": "Tours"}
    assert saved["visibility"] == "public"
    history = client.get("/api/v1/pages/permanence-au-centre-social/revisions").get_json()
    assert history["revisions"][0]["summary"] == "Précisions"


def test_a_put_leaving_out_visibility_never_widens_it(client, make_page, group, auth):
    page = make_page("Séance de l'atelier", body="Notes.", visibility="group:atelier-praxis")
    response = client.put(
        f"/api/v1/pages/{page.slug}",
        headers=auth,
        json={"title": "Séance du 3 mars", "base_revision": 1},
    )
    assert response.get_json()["visibility"] == "group:atelier-praxis"
    assert client.get(f"/api/v1/pages/{page.slug}").status_code == 404


def test_two_saves_on_one_base_the_second_gets_a_conflict(
    client, make_page, auth, other_member, token_for
):
    make_page("Maraude du soir", body="Départ à 20 h.")
    first = client.put(
        "/api/v1/pages/maraude-du-soir",
        headers=auth,
        json={"title": "Maraude du soir", "body": "Départ à 21 h.", "base_revision": 1},
    )
    second = client.put(
        "/api/v1/pages/maraude-du-soir",
        headers=token_for(other_member),
        json={"title": "Maraude du soir", "body": "Départ à 19 h.", "base_revision": 1},
    )

    assert first.status_code == 200
    assert second.status_code == 409
    error = second.get_json()["error"]
    assert error["code"] == "stale_revision"
    assert error["details"]["current_revision"] == 2
    page = client.get("/api/v1/pages/maraude-du-soir").get_json()
    assert (page["revision"], page["body"]) == (2, "Départ à 21 h.")


def test_a_put_may_change_visibility_to_members(client, make_page, auth):
    make_page("Maraude du soir", body="Départ à 20 h.")
    response = client.put(
        "/api/v1/pages/maraude-du-soir",
        headers=auth,
        json={"title": "Maraude du soir", "base_revision": 1, "visibility": "members"},
    )
    assert response.status_code == 200
    assert client.get("/api/v1/pages/maraude-du-soir").status_code == 404


# --- charter -------------------------------------------------------------------------------


def test_the_charter_check_points_out_an_email(client):
    pytest.importorskip("wiki.content.charter")
    text = "Écrire à jean.dupont@example.org pour le suivi."
    response = client.post("/api/v1/charter/check", json={"text": text})
    assert response.status_code == 200
    findings = response.get_json()["findings"]
    emails = [f for f in findings if f["kind"] == "email"]
    assert emails, findings
    assert text[emails[0]["start"] : emails[0]["end"]] == emails[0]["text"]
    assert "jean.dupont@example.org" in emails[0]["text"]


def test_the_charter_check_finds_nothing_in_a_plain_text(client):
    pytest.importorskip("wiki.content.charter")
    response = client.post(
        "/api/v1/charter/check", json={"text": "Nous avons parlé du quartier et de ses jardins."}
    )
    assert response.get_json() == {"findings": []}


# --- OpenAPI -------------------------------------------------------------------------------


def _documented_operations(document: dict) -> set[tuple[str, str]]:
    return {
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }


def test_every_api_route_is_in_the_openapi_document(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = _documented_operations(document)
    prefix = document["servers"][0]["url"]
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] != "api":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix(prefix))
        routes |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes, "the api blueprint has no routes?"
    assert routes - documented == set()


def test_the_openapi_document_describes_errors_and_bearer_tokens(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    error = document["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["required"] == ["code", "message"]
    for path in (
        "/search",
        "/pages",
        "/pages/{slug}",
        "/pages/{slug}/revisions",
        "/me",
        "/charter/check",
    ):
        assert path in document["paths"]


def test_every_reference_in_the_openapi_document_resolves(client):
    document = client.get("/api/v1/openapi.json").get_json()
    refs = re.findall(
        r'"\$ref": "#/([^"]+)"',
        client.get("/api/v1/openapi.json").get_data(as_text=True).replace('"$ref":"', '"$ref": "'),
    )
    assert refs
    for ref in refs:
        node = document
        for part in ref.split("/"):
            node = node[part]


def test_concurrent_saves_on_one_base_give_one_revision_and_one_conflict(
    app, make_page, auth, other_member, token_for
):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    make_page("Maraude du soir", body="Départ à 20 h.")
    writers = [(auth, "Départ à 21 h."), (token_for(other_member), "Départ à 19 h.")]
    start = Barrier(len(writers))

    def save(writer):
        headers, body = writer
        client = app.test_client()
        start.wait()
        response = client.put(
            "/api/v1/pages/maraude-du-soir",
            headers=headers,
            json={"title": "Maraude du soir", "body": body, "base_revision": 1},
        )
        return response.status_code, body

    with ThreadPoolExecutor(len(writers)) as pool:
        results = sorted(pool.map(save, writers))

    assert [status for status, _ in results] == [200, 409]
    winner = results[0][1]
    page = app.test_client().get("/api/v1/pages/maraude-du-soir").get_json()
    assert (page["revision"], page["body"]) == (2, winner)
