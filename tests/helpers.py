"""Test helpers shared by the page tests."""

from __future__ import annotations

from flask import g


def sign_in(client, user) -> None:
    """Sign `user` in by writing Flask-Login's session keys (the login form is tested apart)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    # The app fixture keeps one application context for the whole test, so Flask-Login's
    # per-request cache of the user (g._login_user) would outlive this change.
    g.pop("_login_user", None)


def sign_out(client) -> None:
    with client.session_transaction() as session:
        session.clear()
    g.pop("_login_user", None)


def text_of(response) -> str:
    return response.get_data(as_text=True)
