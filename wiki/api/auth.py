"""Who calls the API: a personal token in `Authorization: Bearer <token>`, or nobody.

The API never looks at the session cookie: a request without a token sees what an anonymous
visitor sees, and cannot write. That is why the blueprint needs no CSRF token: a cross-site
form can send a cookie, never a bearer token.
"""

from __future__ import annotations

from datetime import timedelta

from flask import g, request
from sqlalchemy import select, update

from wiki.access import require_writer
from wiki.auth import accounts
from wiki.database import begin_write
from wiki.errors import NotAuthenticated
from wiki.extensions import db
from wiki.models import ApiToken, User
from wiki.models.base import utcnow

# last_used_at is a hint for the owner ("used a minute ago"), not an audit log: writing it at
# most once a minute keeps reads from taking SQLite's write lock on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def load_caller() -> None:
    """Before each API request: g.api_user is the token's account, or None if no header.

    A header that is present but malformed, or a token that matches no active account,
    is refused (401) rather than silently treated as anonymous.
    """
    g.api_user = None
    header = request.headers.get("Authorization")
    if header is None:
        return
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise NotAuthenticated(
            "En-tête Authorization invalide : « Bearer <jeton> » attendu.",
            details={"reason": "malformed_authorization"},
        )
    user = accounts.user_from_token(db.session, token)
    if user is None:
        raise NotAuthenticated(
            "Jeton d'accès inconnu ou révoqué.", details={"reason": "invalid_token"}
        )
    _touch(token)
    g.api_user = user


def _touch(token: str) -> None:
    digest = accounts._digest(token)
    now = utcnow()
    last_used = db.session.scalar(
        select(ApiToken.last_used_at).where(ApiToken.token_hash == digest)
    )
    if last_used is not None and now - last_used < LAST_USED_PRECISION:
        return
    begin_write()  # a deferred read transaction cannot safely turn into a write on SQLite
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == digest)
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def caller() -> User | None:
    return g.get("api_user")


def require_caller() -> User:
    """The caller's account, or 401 for an anonymous request."""
    return require_writer(caller())
