"""The charter check and drafts through the API: 422 with the findings and nothing written,
justifications that let a passage stay, drafts saved anyway and seen by their authors only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from wiki.extensions import db
from wiki.models import CharterJustification, Page, Revision

ACCOUNT = "Madame Dupont, schizophrène, habite au 12 rue des Lilas (06 12 34 56 78)."


def payload(**overrides) -> dict:
    values = {
        "kind": "practice",
        "title": "Une visite au domicile",
        "body": ACCOUNT,
        "tags": ["aller-vers"],
        "fields": {"territory": "Tours"},
    }
    values.update(overrides)
    return values


@pytest.fixture
def auth(token_for, member):
    return token_for(member)


def pages_and_revisions() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Page.id))),
        db.session.scalar(select(func.count(Revision.id))),
    )


def test_publishing_a_text_with_findings_answers_422_and_writes_nothing(client, auth):
    response = client.post("/api/v1/pages", json=payload(), headers=auth)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "charter_findings"
    kinds = {f["kind"] for f in error["details"]["findings"]}
    assert {"person_name", "diagnosis", "address", "phone"} <= kinds
    assert all(ACCOUNT[f["start"] : f["end"]] == f["text"] for f in error["details"]["findings"])
    assert pages_and_revisions() == (0, 0)


def test_the_title_fields_and_summary_are_checked_too(client, auth):
    response = client.post(
        "/api/v1/pages",
        json=payload(
            body="Une visite.",
            fields={"territory": "12 rue des Lilas"},
            summary="avec Madame Dupont",
        ),
        headers=auth,
    )
    assert response.status_code == 422
    parts = {f["field"] for f in response.get_json()["error"]["details"]["findings"]}
    assert parts == {"territory", "summary"}


def test_justified_passages_let_the_page_be_published(
    client, auth, member, token_for, other_member, moderator
):
    body = "Madame R. a été dite schizophrène par le service, ce qu'elle conteste."
    justification = {"text": "schizophrène", "reason": "Le mot du service, cité et discuté."}
    assert client.post("/api/v1/pages", json=payload(body=body), headers=auth).status_code == 422
    response = client.post(
        "/api/v1/pages", json=payload(body=body, justifications=[justification]), headers=auth
    )
    assert response.status_code == 201, response.get_json()
    page = response.get_json()
    assert page["status"] == "published"
    assert page["charter"]["findings"] == []
    assert [(j["text"], j["reason"]) for j in page["charter"]["justified"]] == [
        ("schizophrène", "Le mot du service, cité et discuté.")
    ]
    stored = db.session.scalar(select(CharterJustification))
    assert (stored.kind, stored.author_id) == ("diagnosis", member.id)
    # The reasons are for the authors and the moderators.
    url = f"/api/v1/pages/{page['slug']}"
    assert client.get(url, headers=token_for(other_member)).get_json()["charter"] == {
        "findings": [],
        "justified": [],
        "checked": True,
    }
    assert client.get(url).get_json()["charter"]["justified"] == []
    assert (
        len(client.get(url, headers=token_for(moderator)).get_json()["charter"]["justified"]) == 1
    )


def test_a_justification_needs_a_reason(client, auth):
    response = client.post(
        "/api/v1/pages",
        json=payload(justifications=[{"text": "schizophrène", "reason": " "}]),
        headers=auth,
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_justifications"


def test_a_draft_is_saved_with_its_findings_and_seen_by_its_authors_only(
    client, auth, token_for, other_member
):
    response = client.post("/api/v1/pages", json=payload(status="draft"), headers=auth)
    assert response.status_code == 201
    draft = response.get_json()
    assert draft["status"] == "draft"
    assert {f["kind"] for f in draft["charter"]["findings"]} >= {"diagnosis", "phone"}
    url = f"/api/v1/pages/{draft['slug']}"
    assert client.get(url, headers=auth).status_code == 200
    assert client.get(url, headers=token_for(other_member)).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(url + "/revisions").status_code == 404
    assert (
        client.put(
            url, json={"title": "x", "base_revision": 1}, headers=token_for(other_member)
        ).status_code
        == 404
    )


def test_publishing_a_draft_runs_the_check(client, auth):
    slug = client.post("/api/v1/pages", json=payload(status="draft"), headers=auth).get_json()[
        "slug"
    ]
    url = f"/api/v1/pages/{slug}"
    refused = client.put(
        url, json={"title": "Une visite au domicile", "base_revision": 1}, headers=auth
    )
    assert refused.status_code == 422
    assert db.session.scalar(select(Page.status).where(Page.slug == slug)) == "draft"
    published = client.put(
        url,
        json={
            "title": "Une visite au domicile",
            "base_revision": 1,
            "body": "Madame D. habite le quartier.",
        },
        headers=auth,
    )
    assert published.status_code == 200, published.get_json()
    assert published.get_json()["status"] == "published"
    assert client.get(url).status_code == 200


def test_an_edit_with_findings_answers_422_and_keeps_the_page(client, auth, make_page):
    page = make_page("Accueil de jour", body="Un accueil sans condition.")
    response = client.put(
        f"/api/v1/pages/{page.slug}",
        json={"title": page.title, "base_revision": 1, "body": ACCOUNT},
        headers=auth,
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Page, page.id).version == 1


def test_a_published_page_does_not_go_back_to_draft(client, auth, make_page):
    page = make_page("Accueil de jour", body="Un accueil sans condition.")
    response = client.put(
        f"/api/v1/pages/{page.slug}",
        json={"title": page.title, "base_revision": 1, "status": "draft"},
        headers=auth,
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["field"] == "status"


def test_an_unknown_status_is_refused(client, auth):
    response = client.post(
        "/api/v1/pages", json=payload(status="secret", body="Un texte."), headers=auth
    )
    assert response.status_code == 400


def test_a_drafts_slug_does_not_tell_others_it_exists(client, auth, token_for, other_member):
    draft = client.post(
        "/api/v1/pages", json=payload(status="draft", body="Un récit."), headers=auth
    ).get_json()
    assert draft["slug"].startswith("une-visite-au-domicile-")
    theirs = client.post(
        "/api/v1/pages", json=payload(body="Un autre récit."), headers=token_for(other_member)
    ).get_json()
    assert theirs["slug"] == "une-visite-au-domicile"


def test_a_text_too_long_for_the_check_answers_400_and_a_draft_saves(client, auth):
    from wiki.content.charter_names import MAX_MODEL_TOKENS

    body = "Un mot " * (MAX_MODEL_TOKENS // 2 + 1)
    response = client.post("/api/v1/pages", json=payload(body=body), headers=auth)
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "text_too_long_to_check"
    assert error["details"]["field"] == "body" and pages_and_revisions() == (0, 0)
    checked = client.post("/api/v1/charter/check", json={"text": body}, headers=auth)
    assert checked.status_code == 400 and checked.get_json()["error"]["details"]["field"] == "text"
    draft = client.post("/api/v1/pages", json=payload(body=body, status="draft"), headers=auth)
    assert draft.status_code == 201
    assert draft.get_json()["charter"] == {"findings": [], "justified": [], "checked": False}
    clean = client.post("/api/v1/pages", json=payload(title="Court", body="Un mot."), headers=auth)
    assert clean.get_json()["charter"]["checked"] is True


def test_an_edit_keeps_what_the_current_version_justified(
    client, auth, member, token_for, other_member
):
    body = "Madame R. a été dite schizophrène par le service, ce qu'elle conteste."
    reason = "Le mot du service, cité et discuté."
    created = client.post(
        "/api/v1/pages",
        json=payload(body=body, justifications=[{"text": "schizophrène", "reason": reason}]),
        headers=auth,
    ).get_json()
    url = f"/api/v1/pages/{created['slug']}"
    peer = token_for(other_member)
    edit = {"title": created["title"], "base_revision": 1}
    edited = client.put(url, json={**edit, "body": body + " Elle revient le lundi."}, headers=peer)
    assert edited.status_code == 200, edited.get_json()
    rows = db.session.scalars(select(CharterJustification).order_by(CharterJustification.id)).all()
    assert [(r.revision.number, r.text, r.reason, r.author_id) for r in rows] == [
        (1, "schizophrène", reason, member.id),
        (2, "schizophrène", reason, member.id),  # the reason stays its writer's
    ]
    # What is new is checked; a justification covers its own kind only.
    again = client.put(
        url, json={**edit, "body": body + " Elle est bipolaire.", "base_revision": 2}, headers=peer
    )
    assert again.status_code == 422
    assert [f["text"] for f in again.get_json()["error"]["details"]["findings"]] == ["bipolaire"]
