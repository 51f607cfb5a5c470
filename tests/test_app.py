"""The application as a whole: it starts, sends its security headers, answers errors cleanly."""


def test_every_page_carries_a_csp_without_inline_script(client):
    response = client.get("/no-such-thing")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_unknown_page_is_a_french_404(client):
    response = client.get("/no-such-thing")
    assert response.status_code == 404
    assert "Cette page n&#39;existe pas." in response.get_data(as_text=True)


def test_unknown_api_route_is_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_method_not_allowed_names_the_allowed_methods(client):
    response = client.delete("/api/v1/openapi.json")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_a_nul_character_in_a_field_or_tag_is_refused(app, member):
    import pytest

    from wiki.errors import InvalidInput
    from wiki.pages.kinds import clean_fields
    from wiki.pages.tagging import resolve_tags

    with pytest.raises(InvalidInput):
        clean_fields("practice", {"territory": "Tours\x00"})
    with pytest.raises(InvalidInput):
        resolve_tags(app.extensions["sqlalchemy"].session, ["isol\x00ement"])


def test_the_navigation_marks_the_current_section(client):
    html = client.get("/recent").get_data(as_text=True)

    assert '<a href="/recent" aria-current="page">' in html
    assert '<a href="/tags" aria-current' not in html
