"""Test helpers shared by the page tests."""

from __future__ import annotations


def sign_in(client, user) -> None:
    """Sign `user` in by writing Flask-Login's session keys (the login form is tested apart)."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True


def sign_out(client) -> None:
    with client.session_transaction() as session:
        session.clear()


def text_of(response) -> str:
    return response.get_data(as_text=True)
