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
