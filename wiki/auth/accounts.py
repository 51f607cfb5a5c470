"""Account domain: creating people, checking passwords (argon2id), throttling, API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from wiki.content.slugs import slugify
from wiki.errors import InvalidInput, TooManyRequests
from wiki.models import ApiToken, Role, User
from wiki.models.base import utcnow

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "wk_"


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email):
        raise InvalidInput(f"Adresse électronique invalide : « {email} ».", field="email")
    return email


def hash_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.",
            field="password")
    return _hasher.hash(password)


def _unused_handle(session, display_name: str, email: str) -> str:
    base = slugify(display_name) or slugify(email.split("@")[0]) or "membre"
    handle, n = base[:56], 2
    while session.scalar(select(User.id).where(User.handle == handle)) is not None:
        handle, n = f"{base[:56]}-{n}", n + 1
    return handle


def create_user(session, email: str, display_name: str, password: str | None = None,
                role: str = Role.MEMBER.value) -> User:
    email = normalise_email(email)
    display_name = " ".join((display_name or "").split())
    if not display_name:
        raise InvalidInput("Le nom est obligatoire.", field="name")
    if len(display_name) > 120:
        raise InvalidInput("Le nom est trop long (120 caractères au plus).", field="name")
    if role not in {r.value for r in Role}:
        raise InvalidInput(f"Rôle inconnu « {role} » : member, moderator ou admin.", field="role")
    if find_user(session, email) is not None:
        raise InvalidInput(f"Un compte existe déjà pour {email}.", field="email")
    user = User(email=email, display_name=display_name, role=role,
                handle=_unused_handle(session, display_name, email),
                password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    return user


def find_user(session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session, email: str, password: str, *, max_failures: int,
                 lock_seconds: int) -> User | None:
    """The account if the password is right; counts failures and locks the account a while.

    The caller commits either way, so that failures are remembered.
    """
    user = find_user(session, email or "")
    if user is None or not user.password_hash or not user.active:
        _hasher.hash("timing-equaliser")  # same cost whether or not the account exists
        return None
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise TooManyRequests(
            f"Trop d'essais infructueux pour ce compte : réessayez dans {minutes} min.")
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(seconds=lock_seconds)
            user.failed_logins = 0
        return None
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session, user: User, label: str = "") -> str:
    """A new personal API token; only its digest is stored, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, token_hash=_digest(token), label=label[:120]))
    return token


def user_from_token(session, token: str) -> User | None:
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    api_token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if api_token is None or not api_token.user.active:
        return None
    return api_token.user
