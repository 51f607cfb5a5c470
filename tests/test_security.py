"""Security as a feature: headers, cookies, CSRF, templates without inline script, password
hashes, sign-in throttling, redirects that stay on the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from wiki.extensions import db
from wiki.models import User

PASSWORD = "mot-de-passe-solide"
TEMPLATES = Path(__file__).resolve().parents[1] / "wiki" / "templates"
CSRF_FRENCH = "Le formulaire a expiré ou n&#39;est pas authentique"


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def csrf_app(app):
    """The application as it runs for real: every form POST must carry its CSRF token."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


def csrf_token(client, path="/login") -> str:
    """The token a page's forms carry, as a browser would read it."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text(client.get(path))).group(1)


# Headers ------------------------------------------------------------------------------------

RESPONSES = {
    "an HTML page": ("/login", 200, "text/html"),
    "an HTML error": ("/no-such-page", 404, "text/html"),
    "a JSON error": ("/api/v1/no-such-thing", 404, "application/json"),
    "a method error": ("/logout", 405, "text/html"),
    "a stylesheet": ("/static/css/wiki.css", 200, "text/css"),
}


@pytest.mark.parametrize("path,status,mimetype", RESPONSES.values(), ids=RESPONSES.keys())
def test_every_response_carries_a_strict_csp(client, path, status, mimetype):
    response = client.get(path)
    assert (response.status_code, response.mimetype) == (status, mimetype)
    csp = dict(
        d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path,status,mimetype", RESPONSES.values(), ids=RESPONSES.keys())
def test_every_response_forbids_sniffing_and_limits_referrers(client, path, status, mimetype):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in (
        "same-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    )


def test_the_session_cookie_is_httponly_and_samesite_lax(client, member):
    response = client.post("/login", data={"email": member.email, "password": PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    attributes = {a.strip().split("=")[0].lower(): a for a in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert attributes["samesite"].strip() == "SameSite=Lax"


# CSRF ---------------------------------------------------------------------------------------


def test_a_form_posted_without_its_token_is_refused(csrf_client, member):
    response = csrf_client.post("/login", data={"email": member.email, "password": PASSWORD})
    assert response.status_code == 400
    assert CSRF_FRENCH in text(response)
    assert csrf_client.get("/account").status_code == 302  # not signed in


def test_a_form_posted_with_a_forged_token_is_refused(csrf_client, member):
    genuine = csrf_token(csrf_client)
    forged = genuine[:-6] + ("AAAAAA" if not genuine.endswith("AAAAAA") else "BBBBBB")
    response = csrf_client.post(
        "/login", data={"email": member.email, "password": PASSWORD, "csrf_token": forged}
    )
    assert response.status_code == 400
    assert CSRF_FRENCH in text(response)


def test_a_token_from_another_browser_is_refused(csrf_app, member):
    attacker, victim = csrf_app.test_client(), csrf_app.test_client()
    token = csrf_token(attacker)
    response = victim.post(
        "/login", data={"email": member.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 400


def test_a_form_posted_with_its_token_is_accepted(csrf_client, member):
    token = csrf_token(csrf_client)
    response = csrf_client.post(
        "/login", data={"email": member.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303


def test_signing_out_needs_the_token(csrf_client, member):
    csrf_client.post(
        "/login",
        data={"email": member.email, "password": PASSWORD, "csrf_token": csrf_token(csrf_client)},
    )
    assert csrf_client.post("/logout").status_code == 400
    assert csrf_client.get("/account").status_code == 200  # still signed in
    assert (
        csrf_client.post(
            "/logout", data={"csrf_token": csrf_token(csrf_client, "/account")}
        ).status_code
        == 303
    )
    assert csrf_client.get("/account").status_code == 302


def test_switching_language_needs_the_token(csrf_client):
    assert csrf_client.post("/language", data={"locale": "en", "next": "/"}).status_code == 400


def test_signing_in_renews_the_csrf_secret(csrf_client, member):
    before = csrf_token(csrf_client)
    csrf_client.post(
        "/login", data={"email": member.email, "password": PASSWORD, "csrf_token": before}
    )
    response = csrf_client.post(
        "/language", data={"locale": "en", "next": "/", "csrf_token": before}
    )
    assert response.status_code == 400


# Templates ----------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>|<script\b[^>]*>\s*[^<\s]", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I | re.S)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
TEMPLATE_FILES = sorted(p for p in TEMPLATES.rglob("*") if p.is_file())


def test_the_scan_sees_the_templates():
    assert len(TEMPLATE_FILES) >= 5
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert EVENT_HANDLER.search('<button type="submit"\n onclick="x()">')
    assert not INLINE_SCRIPT.search('<script src="/static/js/a.js"></script>')


@pytest.mark.parametrize(
    "template", TEMPLATE_FILES, ids=[str(p.relative_to(TEMPLATES)) for p in TEMPLATE_FILES]
)
def test_templates_have_no_inline_script_nor_event_handler(template):
    source = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(source), "inline <script>: the CSP blocks it"
    assert not EVENT_HANDLER.search(source), "on*= attribute: the CSP blocks it"
    assert not JS_URL.search(source), "javascript: URL"


# Caching ------------------------------------------------------------------------------------

SIGNED_IN_PAGES = [
    "/",
    "/account",
    "/practices",
    "/search?q=aller",
    "/recent",
    "/pages/aller-vers-les-habitants",
    "/no-such-page",
]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_nothing_a_signed_in_member_sees_is_stored_by_a_cache(
    client, member, login, make_page, path
):
    make_page("Aller vers les habitants", visibility="members")
    login(member)
    response = client.get(path)
    assert response.headers.get("Cache-Control") == "no-store", path


def test_the_page_that_shows_a_new_token_is_not_stored(client, member, login):
    login(member)
    response = client.post("/account/tokens", data={"label": "script"})
    assert response.status_code == 201
    assert "wk_" in text(response)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["/api/v1/me", "/api/v1/search?q=aller", "/api/v1/pages/aller-vers-les-habitants"]
)
def test_the_api_answers_to_a_token_are_not_stored(client, member, token_for, make_page, path):
    make_page("Aller vers les habitants", visibility="members")
    response = client.get(path, headers=token_for(member))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["/", "/pages/aller-vers-les-habitants", "/api/v1/pages/aller-vers-les-habitants"]
)
def test_public_pages_stay_cacheable_for_visitors(client, make_page, path):
    make_page("Aller vers les habitants")
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_stylesheets_stay_cacheable_for_members(client, member, login):
    login(member)
    response = client.get("/static/css/wiki.css")
    assert "no-store" not in response.headers.get("Cache-Control", "")


# Passwords and throttling -------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2id(client):
    client.post(
        "/register",
        data={
            "name": "Nadia",
            "email": "nadia@example.org",
            "password": "une phrase longue",
            "confirm": "une phrase longue",
            "charter": "y",
        },
    )
    stored = db.session.scalar(select(User.password_hash).where(User.email == "nadia@example.org"))
    assert stored.startswith("$argon2id$")
    assert "une phrase longue" not in stored


# Redirects ----------------------------------------------------------------------------------

OFFSITE = [
    "//evil.example",
    "//evil.example/login",
    "https://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", OFFSITE)
def test_sign_in_never_redirects_off_site(client, member, target):
    response = client.post(
        "/login", data={"email": member.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", OFFSITE)
def test_the_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", data={"locale": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_a_signed_in_visit_to_login_never_redirects_off_site(client, member, login):
    login(member)
    response = client.get("/login?next=//evil.example")
    assert response.headers["Location"] == "/"


def test_the_login_form_does_not_carry_an_off_site_next(client):
    html = text(client.get("/login?next=//evil.example"))
    assert '<input id="next" name="next" type="hidden" value="">' in html


def test_cookies_are_secure_when_served_over_https(monkeypatch, tmp_path):
    from wiki import create_app

    monkeypatch.setenv("WIKI_COOKIE_SECURE", "true")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=tmp_path)

    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_cookies_are_not_secure_by_default_so_make_run_works_over_http(app):
    assert app.config["SESSION_COOKIE_SECURE"] is False
