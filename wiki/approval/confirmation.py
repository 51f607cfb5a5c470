"""The signed link that confirms a registration's address (sent at registration)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from wiki.errors import InvalidInput
from wiki.mail import send_mail
from wiki.models import User
from wiki.models.base import utcnow
from wiki.urls import external_url

_SALT = "wiki.approval.confirm-email"
MAX_AGE = 7 * 24 * 3600  # a week to click it; a new link can be asked from the account page


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def confirmation_token(user: User) -> str:
    """Names the account and the address: a link for an address since changed is void."""
    return _serializer().dumps([user.id, user.email])


def confirmation_url(user: User) -> str:
    return external_url(f"/account/confirm/{confirmation_token(user)}")


def send_confirmation(session, user: User) -> None:
    send_mail(
        session,
        user,
        "email_confirmation",
        confirm_url=confirmation_url(user),
        days=MAX_AGE // 86400,
    )


def confirm_email(session, token: str) -> User:
    """The account whose address the token proves, now confirmed; InvalidInput otherwise."""
    try:
        user_id, email = _serializer().loads(token, max_age=MAX_AGE)
    except SignatureExpired:
        raise InvalidInput(
            _("Ce lien de confirmation a expiré : demandez-en un nouveau depuis votre compte.")
        ) from None
    except (BadSignature, ValueError, TypeError):
        raise InvalidInput(_("Ce lien de confirmation n'est pas valide.")) from None
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or user.email != email:
        raise InvalidInput(_("Ce lien de confirmation n'est pas valide."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user
