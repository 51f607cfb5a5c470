"""Sessions end when they should: at sign-out, at a new password, at an admin's deactivation.

Each test replays a cookie captured earlier, as someone who copied it (a shared computer,
a stolen laptop, a proxy log) would, and checks that it no longer opens the account.
"""

from __future__ import annotations

from flask import Response
from flask_login import login_user

from wiki.auth.accounts import deactivate_user
from wiki.extensions import db

PASSWORD = "mot-de-passe-solide"
NEW_PASSWORD = "un tout nouveau secret"


def sign_in(client, user, password: str = PASSWORD) -> None:
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]


def session_cookie(client) -> str:
    return client.get_cookie("session", domain="wiki.test").value


def replayed(app, cookie: str, name: str = "session"):
    """A new browser holding nothing but `cookie`."""
    browser = app.test_client()
    browser.set_cookie(name, cookie, domain="wiki.test")
    return browser


def opens_the_account(browser) -> bool:
    return browser.get("/account").status_code == 200


def test_a_copied_cookie_opens_the_account_while_the_session_lasts(app, client, member):
    sign_in(client, member)
    assert opens_the_account(replayed(app, session_cookie(client)))  # the test's own check


def test_signing_out_ends_the_session_for_a_replayed_cookie(app, client, member):
    sign_in(client, member)
    cookie = session_cookie(client)
    assert client.post("/logout").status_code == 303
    assert not opens_the_account(replayed(app, cookie))


def test_signing_out_ends_the_other_browsers_too(app, client, member):
    elsewhere = app.test_client()
    sign_in(elsewhere, member)
    sign_in(client, member)
    client.post("/logout")
    assert not opens_the_account(elsewhere)


def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(app, client, member):
    elsewhere = app.test_client()
    sign_in(elsewhere, member)
    sign_in(client, member)
    old_cookie = session_cookie(client)
    response = client.post(
        "/account/password",
        data={"old_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 303
    assert opens_the_account(client)
    assert not opens_the_account(elsewhere)
    assert not opens_the_account(replayed(app, old_cookie))  # this browser's old cookie too


def test_deactivating_an_account_ends_its_sessions(app, client, member):
    sign_in(client, member)
    cookie = session_cookie(client)
    deactivate_user(db.session, member)
    db.session.commit()
    assert not opens_the_account(replayed(app, cookie))
    assert not opens_the_account(client)


def test_the_deactivate_command_ends_the_sessions(app, client, member):
    sign_in(client, member)
    result = app.test_cli_runner().invoke(args=["user", "deactivate", member.email])
    assert result.exit_code == 0, result.output
    assert "Compte désactivé" in result.output
    assert not opens_the_account(client)


def test_the_deactivate_command_names_an_unknown_account(app):
    result = app.test_cli_runner().invoke(args=["user", "deactivate", "personne@example.org"])
    assert result.exit_code == 1
    assert "Aucun compte pour personne@example.org." in result.output


def test_a_deactivated_accounts_token_stops_working(client, member, token_for):
    headers = token_for(member)
    deactivate_user(db.session, member)
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def remember_cookie(app, user) -> str:
    """The remember-me cookie Flask-Login gives at sign-in with remember=True."""
    with app.test_request_context("/login", method="POST"):
        login_user(user, remember=True)
        response = app.process_response(Response())
    for header in response.headers.getlist("Set-Cookie"):
        name, _, rest = header.partition("=")
        if name == app.config.get("REMEMBER_COOKIE_NAME", "remember_token"):
            return rest.split(";", 1)[0]
    raise AssertionError("no remember-me cookie was set")


def test_a_remember_me_cookie_signs_in_while_the_session_lasts(app, member):
    cookie = remember_cookie(app, member)
    assert opens_the_account(replayed(app, cookie, "remember_token"))


def test_signing_out_ends_a_remember_me_cookie(app, client, member):
    cookie = remember_cookie(app, member)
    sign_in(client, member)
    client.post("/logout")
    assert not opens_the_account(replayed(app, cookie, "remember_token"))


def test_a_session_from_before_the_generations_is_signed_out(app, member):
    """Sessions written before the upgrade held the bare id: they are not trusted."""
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = str(member.id)
    assert not opens_the_account(browser)
