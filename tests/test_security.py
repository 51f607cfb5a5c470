"""Security as a feature: headers, cookies, CSRF, templates without inline script, password
hashes, sign-in throttling, redirects that stay on the site."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from wiki.auth.throttle import EXTENSION_KEY
from wiki.extensions import db
from wiki.models import User
from wiki.models.base import utcnow

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
    csp = dict(d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"]
               .split(";"))
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path,status,mimetype", RESPONSES.values(), ids=RESPONSES.keys())
def test_every_response_forbids_sniffing_and_limits_referrers(client, path, status, mimetype):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin",
                                                   "no-referrer")


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
    response = csrf_client.post("/login", data={"email": member.email, "password": PASSWORD,
                                                "csrf_token": forged})
    assert response.status_code == 400
    assert CSRF_FRENCH in text(response)


def test_a_token_from_another_browser_is_refused(csrf_app, member):
    attacker, victim = csrf_app.test_client(), csrf_app.test_client()
    token = csrf_token(attacker)
    response = victim.post("/login", data={"email": member.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 400


def test_a_form_posted_with_its_token_is_accepted(csrf_client, member):
    token = csrf_token(csrf_client)
    response = csrf_client.post("/login", data={"email": member.email, "password": PASSWORD,
                                                "csrf_token": token})
    assert response.status_code == 303


def test_signing_out_needs_the_token(csrf_client, member):
    csrf_client.post("/login", data={"email": member.email, "password": PASSWORD,
                                     "csrf_token": csrf_token(csrf_client)})
    assert csrf_client.post("/logout").status_code == 400
    assert csrf_client.get("/account").status_code == 200  # still signed in
    assert csrf_client.post("/logout", data={"csrf_token": csrf_token(csrf_client, "/account")}
                            ).status_code == 303
    assert csrf_client.get("/account").status_code == 302


def test_switching_language_needs_the_token(csrf_client):
    assert csrf_client.post("/language", data={"locale": "en", "next": "/"}).status_code == 400


def test_signing_in_renews_the_csrf_secret(csrf_client, member):
    before = csrf_token(csrf_client)
    csrf_client.post("/login", data={"email": member.email, "password": PASSWORD,
                                     "csrf_token": before})
    response = csrf_client.post("/language", data={"locale": "en", "next": "/",
                                                   "csrf_token": before})
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


@pytest.mark.parametrize("template", TEMPLATE_FILES,
                         ids=[str(p.relative_to(TEMPLATES)) for p in TEMPLATE_FILES])
def test_templates_have_no_inline_script_nor_event_handler(template):
    source = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(source), "inline <script>: the CSP blocks it"
    assert not EVENT_HANDLER.search(source), "on*= attribute: the CSP blocks it"
    assert not JS_URL.search(source), "javascript: URL"


# Passwords and throttling -------------------------------------------------------------------

def test_passwords_are_hashed_with_argon2id(client):
    client.post("/register", data={"name": "Nadia", "email": "nadia@example.org",
                                   "password": "une phrase longue",
                                   "confirm": "une phrase longue", "charter": "y"})
    stored = db.session.scalar(select(User.password_hash).where(User.email == "nadia@example.org"))
    assert stored.startswith("$argon2id$")
    assert "une phrase longue" not in stored


def fail(client, email, address="192.0.2.10"):
    return client.post("/login", data={"email": email, "password": "pas-le-bon-mdp"},
                       environ_base={"REMOTE_ADDR": address})


def test_an_account_locks_after_repeated_failures(app, client, member):
    app.config["LOGIN_MAX_FAILURES"] = 3
    assert [fail(client, member.email).status_code for _ in range(3)] == [401, 401, 401]
    response = client.post("/login", data={"email": member.email, "password": PASSWORD})
    assert response.status_code == 429
    html = text(response)
    assert "Trop d&#39;essais infructueux pour ce compte : réessayez dans 5 min." in html
    assert '<input autocomplete="username"' in html  # the form is still there
    locked_until = db.session.scalar(select(User.locked_until).where(User.id == member.id))
    assert locked_until > utcnow()


def test_the_lock_holds_from_another_address(app, client, member):
    app.config["LOGIN_MAX_FAILURES"] = 2
    fail(client, member.email, "192.0.2.10")
    fail(client, member.email, "192.0.2.10")
    assert fail(client, member.email, "198.51.100.7").status_code == 429


def test_an_account_unlocks_when_the_lock_time_is_over(app, client, member):
    app.config["LOGIN_MAX_FAILURES"] = 2
    fail(client, member.email)
    fail(client, member.email)
    db.session.execute(update(User).where(User.id == member.id)
                       .values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.post("/login", data={"email": member.email, "password": PASSWORD})
    assert response.status_code == 303


def test_one_address_is_throttled_across_accounts(app, client, member, other_member):
    app.extensions[EXTENSION_KEY].max_failures = 3
    fail(client, member.email)
    fail(client, other_member.email)
    fail(client, "personne@example.org")
    response = client.post("/login", data={"email": member.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "192.0.2.10"})
    assert response.status_code == 429
    assert "depuis votre adresse" in text(response)
    other = client.post("/login", data={"email": member.email, "password": PASSWORD},
                        environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 303


def test_the_address_throttle_is_a_sliding_window(app, client, member):
    throttle = app.extensions[EXTENSION_KEY]
    now = [1000.0]
    throttle.clock = lambda: now[0]
    throttle.max_failures, throttle.window_seconds = 2, 60
    fail(client, member.email)
    now[0] += 30
    fail(client, member.email)
    assert fail(client, member.email).status_code == 429
    now[0] += 31  # the first failure has left the window, the second has not
    assert fail(client, member.email).status_code == 401
    assert fail(client, member.email).status_code == 429


# Redirects ----------------------------------------------------------------------------------

OFFSITE = ["//evil.example", "//evil.example/login", "https://evil.example/", "/\\evil.example",
           "\\\\evil.example", "javascript:alert(1)", "/\t/evil.example", "evil.example", ""]


@pytest.mark.parametrize("target", OFFSITE)
def test_sign_in_never_redirects_off_site(client, member, target):
    response = client.post("/login", data={"email": member.email, "password": PASSWORD,
                                           "next": target})
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
