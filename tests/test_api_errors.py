"""Every way a script can get the API wrong answers a 4xx JSON error, and changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from wiki.extensions import db
from wiki.models import IndexTask, Page, PageLink, Revision, Tag

PAGE = "/api/v1/pages/maraude-du-soir"


@dataclass
class Case:
    method: str
    path: str
    status: int
    code: str
    body: object = None  # JSON-encoded unless raw bytes/str are given
    raw: bytes | str | None = None
    content_type: str | None = "application/json"
    token: str | None = "member"  # member, outsider (not in the group), None, or a header
    headers: dict = field(default_factory=dict)


def page(**overrides) -> dict:
    payload = {"kind": "practice", "title": "Une visite", "body": "Texte."}
    payload.update(overrides)
    return payload


def edit(**overrides) -> dict:
    payload = {"title": "Maraude du soir", "body": "Modifiée.", "base_revision": 1}
    payload.update(overrides)
    return payload


CASES = {
    # the body itself
    "malformed-json": Case("POST", "/api/v1/pages", 400, "invalid_json", raw='{"title": '),
    "trailing-garbage": Case("POST", "/api/v1/pages", 400, "invalid_json", raw='{"title": "a"} x'),
    "json-array": Case("POST", "/api/v1/pages", 400, "not_an_object", raw="[1, 2]"),
    "json-string": Case("PUT", PAGE, 400, "not_an_object", raw='"Maraude"'),
    "json-null": Case("POST", "/api/v1/pages", 400, "not_an_object", raw="null"),
    "empty-body": Case("POST", "/api/v1/pages", 400, "invalid_json", raw=""),
    "nan": Case(
        "POST", "/api/v1/pages", 400, "invalid_json", raw='{"kind": "practice", "title": NaN}'
    ),
    "deep-nesting": Case("POST", "/api/v1/pages", 400, "invalid_json", raw="[" * 50_000),
    "huge-integer": Case(
        "PUT", PAGE, 400, "invalid_json", raw='{"title": "x", "base_revision": ' + "9" * 5000 + "}"
    ),
    "broken-utf8": Case(
        "POST",
        "/api/v1/pages",
        400,
        "invalid_encoding",
        raw=b'{"kind": "practice", "title": "R\xe9cit"}',
    ),
    "lone-surrogate": Case(
        "POST",
        "/api/v1/pages",
        400,
        "invalid_encoding",
        raw='{"kind": "practice", "title": "\\ud800"}',
    ),
    "nul-in-a-field": Case(
        "POST",
        "/api/v1/pages",
        400,
        "invalid_character",
        body=page(fields={"territory": "Tours\u0000"}),
    ),
    "text-plain": Case(
        "POST",
        "/api/v1/pages",
        415,
        "unsupported_media_type",
        raw=json.dumps(page()),
        content_type="text/plain",
    ),
    "form-encoded": Case(
        "POST",
        "/api/v1/pages",
        415,
        "unsupported_media_type",
        raw="kind=practice&title=Une+visite",
        content_type="application/x-www-form-urlencoded",
    ),
    "no-content-type": Case(
        "PUT", PAGE, 415, "unsupported_media_type", raw=json.dumps(edit()), content_type=None
    ),
    "latin1-charset": Case(
        "POST",
        "/api/v1/pages",
        415,
        "unsupported_media_type",
        raw=json.dumps(page()),
        content_type="application/json; charset=latin-1",
    ),
    "too-large": Case(
        "POST",
        "/api/v1/pages",
        413,
        "too_large",
        raw=b'{"kind": "practice", "title": "x", "body": "' + b"a" * (8 * 1024 * 1024) + b'"}',
    ),
    # keys and types
    "unknown-key": Case(
        "POST", "/api/v1/pages", 400, "unknown_keys", body=page(titre="Une visite")
    ),
    "unknown-key-on-put": Case("PUT", PAGE, 400, "unknown_keys", body=edit(version=2)),
    "unknown-field": Case(
        "POST", "/api/v1/pages", 400, "invalid", body=page(fields={"lieu": "Tours"})
    ),
    "field-of-the-other-kind": Case(
        "POST", "/api/v1/pages", 400, "invalid", body=page(fields={"objectives": "Aller vers"})
    ),
    "title-as-number": Case("POST", "/api/v1/pages", 400, "invalid_type", body=page(title=42)),
    "tags-as-string": Case(
        "POST", "/api/v1/pages", 400, "invalid_type", body=page(tags="aller-vers, quartier")
    ),
    "tags-with-a-number": Case(
        "POST", "/api/v1/pages", 400, "invalid_type", body=page(tags=["aller-vers", 3])
    ),
    "fields-as-list": Case(
        "POST", "/api/v1/pages", 400, "invalid_type", body=page(fields=["Tours"])
    ),
    "field-value-as-number": Case(
        "POST", "/api/v1/pages", 400, "invalid", body=page(fields={"territory": 45})
    ),
    "visibility-as-list": Case(
        "POST", "/api/v1/pages", 400, "invalid_type", body=page(visibility=["public"])
    ),
    "missing-title": Case(
        "POST", "/api/v1/pages", 400, "missing_key", body={"kind": "practice", "body": "Texte."}
    ),
    "blank-title": Case("POST", "/api/v1/pages", 400, "invalid", body=page(title="   ")),
    "title-too-long": Case("POST", "/api/v1/pages", 400, "invalid", body=page(title="a" * 301)),
    "unknown-kind": Case("POST", "/api/v1/pages", 400, "invalid", body=page(kind="recit")),
    "missing-kind": Case("POST", "/api/v1/pages", 400, "invalid", body={"title": "Une visite"}),
    "invalid-slug-in-body": Case(
        "POST", "/api/v1/pages", 400, "invalid", body=page(slug="Une Visite")
    ),
    "slug-taken": Case("POST", "/api/v1/pages", 409, "conflict", body=page(slug="maraude-du-soir")),
    "unknown-visibility": Case(
        "POST", "/api/v1/pages", 400, "invalid", body=page(visibility="secret")
    ),
    "unknown-group": Case(
        "POST", "/api/v1/pages", 403, "forbidden", body=page(visibility="group:inconnu")
    ),
    "group-the-caller-is-not-in": Case(
        "POST",
        "/api/v1/pages",
        403,
        "forbidden",
        body=page(visibility="group:atelier-praxis"),
        token="outsider",
    ),
    "restricting-an-edit-to-a-foreign-group": Case(
        "PUT",
        PAGE,
        403,
        "forbidden",
        body=edit(visibility="group:atelier-praxis"),
        token="outsider",
    ),
    "author-of-someone-else": Case(
        "POST", "/api/v1/pages", 403, "author_mismatch", body=page(author="karim@example.org")
    ),
    # revisions
    "stale-base-revision": Case("PUT", PAGE, 409, "stale_revision", body=edit(base_revision=0)),
    "future-base-revision": Case("PUT", PAGE, 409, "stale_revision", body=edit(base_revision=7)),
    "missing-base-revision": Case(
        "PUT", PAGE, 400, "missing_key", body={"title": "Maraude du soir"}
    ),
    "base-revision-as-string": Case("PUT", PAGE, 400, "invalid_type", body=edit(base_revision="1")),
    "base-revision-as-boolean": Case(
        "PUT", PAGE, 400, "invalid_type", body=edit(base_revision=True)
    ),
    "kind-change": Case("PUT", PAGE, 400, "kind_change", body=edit(kind="innovation")),
    "slug-change": Case("PUT", PAGE, 400, "slug_change", body=edit(slug="autre-page")),
    # addresses and methods
    "invalid-slug-in-url": Case("GET", "/api/v1/pages/Maraude_du_Soir", 400, "invalid_slug"),
    "invalid-slug-on-put": Case(
        "PUT", "/api/v1/pages/Maraude_du_Soir", 400, "invalid_slug", body=edit()
    ),
    "page-not-found": Case("GET", "/api/v1/pages/personne-ici", 404, "not_found"),
    "history-not-found": Case("GET", "/api/v1/pages/personne-ici/revisions", 404, "not_found"),
    "put-not-found": Case("PUT", "/api/v1/pages/personne-ici", 404, "not_found", body=edit()),
    "unknown-route": Case("GET", "/api/v1/pagez", 404, "not_found"),
    "delete-not-allowed": Case("DELETE", PAGE, 405, "method_not_allowed"),
    "patch-not-allowed": Case("PATCH", PAGE, 405, "method_not_allowed", body=edit()),
    "get-on-charter": Case("GET", "/api/v1/charter/check", 405, "method_not_allowed"),
    # who calls
    "anonymous-create": Case(
        "POST", "/api/v1/pages", 401, "unauthenticated", body=page(), token=None
    ),
    "anonymous-edit": Case("PUT", PAGE, 401, "unauthenticated", body=edit(), token=None),
    "anonymous-me": Case("GET", "/api/v1/me", 401, "unauthenticated", token=None),
    "basic-auth": Case(
        "POST",
        "/api/v1/pages",
        401,
        "unauthenticated",
        body=page(),
        token="Basic Y2xhaXJlOnNlY3JldA==",
    ),
    "bearer-without-token": Case("GET", PAGE, 401, "unauthenticated", token="Bearer "),
    "unknown-token": Case(
        "POST", "/api/v1/pages", 401, "unauthenticated", body=page(), token="Bearer wk_inconnu"
    ),
    "token-without-prefix": Case(
        "GET", "/api/v1/me", 401, "unauthenticated", token="Bearer abcdef"
    ),
    # the charter check
    "charter-text-as-number": Case(
        "POST", "/api/v1/charter/check", 400, "invalid_type", body={"text": 12}
    ),
    "charter-without-text": Case("POST", "/api/v1/charter/check", 400, "missing_key", body={}),
    "charter-unknown-key": Case(
        "POST", "/api/v1/charter/check", 400, "unknown_keys", body={"texte": "Bonjour"}
    ),
}


@pytest.fixture
def world(make_page, member, group, token_for):
    """A public page at revision 1, a group the member leads, and the member's token."""
    make_page("Maraude du soir", body="Départ à 20 h. [[Accueil de jour]]", tags=["quartier"])
    return {"member": token_for(member)["Authorization"]}


def snapshot() -> dict:
    """Everything a failed write could have changed."""
    db.session.expire_all()
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return {
        "pages": db.session.execute(
            select(Page.slug, Page.version, Page.title, Page.visibility, Page.updated_at).order_by(
                Page.slug
            )
        ).all(),
        "revisions": count(Revision),
        "tags": count(Tag),
        "links": count(PageLink),
        "index_tasks": count(IndexTask),
    }


def send(client, case: Case, tokens: dict):
    headers = dict(case.headers)
    if case.token is not None:
        headers["Authorization"] = tokens.get(case.token, case.token)
    data = case.raw
    if data is None and case.body is not None:
        data = json.dumps(case.body)
    return client.open(
        case.path,
        method=case.method,
        data=data,
        headers=headers,
        content_type=case.content_type if data is not None else None,
    )


def test_there_are_enough_cases():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_bad_request_is_a_json_4xx_and_changes_nothing(client, world, case, request, token_for):
    if case.token == "outsider":  # a member outside the group
        world["outsider"] = token_for(request.getfixturevalue("other_member"))["Authorization"]
    before = snapshot()

    response = send(client, case, world)

    assert response.status_code == case.status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) <= {"code", "message", "details"}
    assert body["error"]["code"] == case.code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"].strip()
    assert snapshot() == before


def test_unknown_keys_are_named(client, world):
    response = client.post(
        "/api/v1/pages",
        headers={"Authorization": world["member"]},
        json=page(titre="x", auteur="y"),
    )
    error = response.get_json()["error"]
    assert error["details"]["keys"] == ["auteur", "titre"]
    assert "auteur" in error["message"] and "titre" in error["message"]


def test_a_type_error_names_the_field(client, world):
    response = client.post(
        "/api/v1/pages", headers={"Authorization": world["member"]}, json=page(title=42)
    )
    assert response.get_json()["error"]["details"]["field"] == "title"


def test_a_stale_revision_says_which_is_current(client, world):
    response = client.put(
        PAGE, headers={"Authorization": world["member"]}, json=edit(base_revision=0)
    )
    details = response.get_json()["error"]["details"]
    assert details == {"current_revision": 1, "base_revision": 0}


def test_error_messages_are_french_and_unescaped(client, world):
    response = client.post(
        "/api/v1/pages", headers={"Authorization": world["member"]}, json=page(title=42)
    )
    assert "« title » doit être un texte.".encode() in response.get_data()
