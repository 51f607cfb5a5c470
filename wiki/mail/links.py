"""Signed links in mails: unsubscribing works without signing in, and cannot be forged."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from wiki.urls import external_url

_SALT = "wiki.mail.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user, category: str) -> str:
    return _serializer().dumps([user.id, str(category)])


def unsubscribe_url(user, category: str) -> str:
    return external_url(f"/mail/unsubscribe/{unsubscribe_token(user, category)}")


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, category) of a token this wiki signed, else None."""
    try:
        user_id, category = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(category, str):
        return None
    return user_id, category
