"""A NUL character in a request's arguments is a clear 400 on every route, the API's and the
site's, before any view reads it (PostgreSQL refuses to store or compare such text)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/people?tag=%C3%BE%00%0A",
        "/api/v1/pages?tag=a%00",
        "/api/v1/search?q=nuit%00",
        "/people?q=%00",
        "/search?q=a%00b",
        "/pages?tag=%00",
        "/recent?member=%00",
    ],
)
def test_a_nul_character_in_the_query_string_is_a_400(client, make_user, token_for, path):
    member = make_user("nadia@example.org")
    response = client.get(path, headers=token_for(member) if path.startswith("/api") else {})
    assert response.status_code == 400
    if path.startswith("/api"):
        error = response.get_json()["error"]
        assert error["message"] == "La requête contient un caractère nul."
        assert error["details"]["reason"] == "invalid_character"
    else:
        assert "La requête contient un caractère nul." in response.get_data(as_text=True)


def test_a_nul_character_in_a_form_changes_nothing(client, login, make_user):
    login(make_user("nadia@example.org"))
    response = client.post(
        "/pages/new", data={"kind": "account", "title": "Nuit\x00", "body": "Un récit."}
    )
    assert response.status_code == 400
    assert client.get("/pages/nuit").status_code == 404


def test_ordinary_arguments_pass(client):
    assert client.get("/search?q=nuit").status_code == 200
