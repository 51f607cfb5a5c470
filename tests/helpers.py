"""Test helpers shared by the page tests."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import g
from sqlalchemy import update

from wiki.extensions import db
from wiki.models import SignInThrottle
from wiki.models.base import utcnow
from wiki.search.indexer import open_index


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


def time_passes() -> None:
    """Every delay of the sign-in throttle running now is over (as if its time had elapsed)."""
    db.session.execute(update(SignInThrottle).values(retry_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


# A CSRF token is signed with the second it was made: two answers a tick apart differ there.
_CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*>')


def without_csrf(text: str) -> str:
    """`text` with each CSRF token input blanked, to compare two answers word for word."""
    return _CSRF_INPUT.sub('<input name="csrf_token">', text)


def answer_of(response) -> str:
    """The text of an answer, what differs from one request to the next left out."""
    return without_csrf(text_of(response))


def words_in_the_index_files(app) -> set[str]:
    """Every word the index's files hold, those of the documents it marked deleted included
    (Whoosh forgets a replaced document's words only when it merges its segment)."""
    index = open_index(app)
    with index.reader() as reader:
        return {
            term.decode("utf-8", "replace") if isinstance(term, bytes) else str(term)
            for _field, term in reader.all_terms()
        }
