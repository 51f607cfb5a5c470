"""Account domain: creating people, checking passwords (argon2id), sessions, API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import object_session

from wiki.auth.passwords import check_new_password
from wiki.content.slugs import slugify
from wiki.errors import InvalidInput, NotFound
from wiki.models import ApiToken, Role, User
from wiki.models.base import utcnow

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
TOKEN_PREFIX = "wk_"  # noqa: S105 - a prefix, not a secret
MAX_NAME_LENGTH = 120


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email):
        raise InvalidInput(
            _("Adresse électronique invalide : « %(email)s ».", email=email), field="email"
        )
    return email


def hash_password(password: str) -> str:
    """The argon2id hash of a password the policy already accepted (check_new_password)."""
    return _hasher.hash(password)


def _unused_handle(session, display_name: str, email: str) -> str:
    base = slugify(display_name) or slugify(email.split("@")[0]) or "membre"
    handle, n = base[:56], 2
    while session.scalar(select(User.id).where(User.handle == handle)) is not None:
        handle, n = f"{base[:56]}-{n}", n + 1
    return handle


def create_user(
    session,
    email: str,
    display_name: str,
    password: str | None = None,
    role: str = Role.MEMBER.value,
    *,
    pending: bool = False,
) -> User:
    """A new account. An operator's (command line, demo, import) is approved with its
    address confirmed; `pending`: a registration, which waits for confirmation and approval
    (wiki.approval)."""
    email = normalise_email(email)
    display_name = " ".join((display_name or "").split())
    if not display_name:
        raise InvalidInput(_("Le nom est obligatoire."), field="name")
    if len(display_name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            _("Le nom est trop long (%(count)d caractères au plus).", count=MAX_NAME_LENGTH),
            field="name",
        )
    if role not in {r.value for r in Role}:
        raise InvalidInput(
            _("Rôle inconnu « %(role)s » : member, moderator ou admin.", role=role), field="role"
        )
    if find_user(session, email) is not None:
        raise InvalidInput(_("Un compte existe déjà pour %(email)s.", email=email), field="email")
    if password is not None:
        check_new_password(password, email=email, name=display_name)
    user = User(
        email=email,
        display_name=display_name,
        role=role,
        handle=_unused_handle(session, display_name, email),
        password_hash=hash_password(password) if password is not None else None,
    )
    if not pending:
        user.approved_at = user.email_confirmed_at = utcnow()
    session.add(user)
    session.flush()
    return user


def find_user(session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def existing_user(session, email: str) -> User:
    """The account of `email`, which the caller knows exists (the demo's own accounts)."""
    user = find_user(session, email)
    if user is None:
        raise LookupError(f"no account for {email}")
    return user


@dataclass(frozen=True)
class LoginAttempt:
    """What check_credentials found, for record_attempt to write down."""

    user_id: int | None
    password_ok: bool
    checked_hash: str | None = None
    new_hash: str | None = None  # the same password under the hasher's current parameters


def check_credentials(session, email: str, password: str) -> LoginAttempt:
    """Reads the account and verifies the password.

    Writes nothing: argon2 takes a noticeable time, during which no write lock should be held.
    (Throttling is wiki.auth.throttle's, asked before this.)
    """
    user = find_user(session, email or "")
    if user is None or not user.password_hash or not user.active:
        _hasher.hash("timing-equaliser")  # same cost whether or not the account exists
        return LoginAttempt(None, False)
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return LoginAttempt(user.id, False, user.password_hash)
    new_hash = _hasher.hash(password) if _hasher.check_needs_rehash(user.password_hash) else None
    return LoginAttempt(user.id, True, user.password_hash, new_hash)


def complete_sign_in(session, attempt: LoginAttempt) -> User | None:
    """The account if the attempt succeeded and the account did not change meanwhile;
    upgrades an old hash. The caller, in a write transaction, commits."""
    if not attempt.password_ok or attempt.user_id is None:
        return None
    user = session.get(User, attempt.user_id)
    if user is None or not user.active or user.password_hash != attempt.checked_hash:
        return None  # deactivated or given a new password meanwhile
    if attempt.new_hash:
        user.password_hash = attempt.new_hash
    return user


def authenticate(session, email: str, password: str) -> User | None:
    """The account if the password is right (for scripts and tests: the sign-in view adds
    the throttle and runs the two halves in two transactions, so that no write lock is
    held while argon2 works)."""
    return complete_sign_in(session, check_credentials(session, email, password))


def user_for_session(session, session_id: str) -> User | None:
    """The account a session (or remember-me cookie) names, while that session is valid.

    The id is "<user id>:<generation>" (User.get_id); a session of an earlier generation,
    an old-style bare id, or a deactivated account gives None: that browser is signed out.
    """
    user_id, _, generation = (session_id or "").partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def end_sessions(session, user: User) -> None:
    """Every session of the account ends at its next request (each browser, each cookie).
    Atomic, so that two sign-outs at once both count; the caller commits."""
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
    )
    session.expire(user, ["session_generation"])


def deactivate_user(session, user: User) -> None:
    """An admin closes an account: it can no longer sign in, its sessions end now, and its
    API tokens stop working (user_from_token checks `active`). The caller commits."""
    user.active = False
    end_sessions(session, user)


def update_account(
    user: User, display_name: str, locale: str | None, languages: tuple[str, ...]
) -> None:
    """The account's name and interface language (None: follow the browser)."""
    display_name = " ".join((display_name or "").split())
    if not display_name:
        raise InvalidInput(_("Le nom est obligatoire."), field="display_name")
    if len(display_name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            _("Le nom est trop long (%(count)d caractères au plus).", count=MAX_NAME_LENGTH),
            field="display_name",
        )
    if locale and locale not in languages:
        raise InvalidInput(_("Langue inconnue : « %(locale)s ».", locale=locale), field="locale")
    renamed = display_name != user.display_name
    user.display_name = display_name
    user.locale = locale or None
    session = object_session(user)
    if renamed and session is not None and user.id is not None:
        # Search finds pages by their authors' names: the new one, and the old no more.
        from wiki.search.backend import pages_signed_by, signatures_changed

        signatures_changed(session, pages_signed_by(session, user.id))


def new_password_hash(user: User, new_password: str) -> str:
    """The argon2id hash of `new_password` once the policy accepts it for this account
    (InvalidInput on new_password otherwise). Hashing takes a noticeable time: call it
    before the write transaction opens."""
    check_new_password(new_password, email=user.email, name=user.display_name, field="new_password")
    return hash_password(new_password)


def set_password_hash(session, user: User, password_hash: str) -> None:
    """Gives the account its new password (from new_password_hash, once the current one is
    proven: wiki.auth.reauth) and ends every session of it; the caller signs the current
    browser in again under the new generation, and commits."""
    user.password_hash = password_hash
    end_sessions(session, user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session, user: User, label: str = "") -> str:
    """A new personal API token; only its digest is stored, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, token_hash=_digest(token), label=label[:120]))
    return token


def list_tokens(session, user: User) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(session, user: User, token_id: int) -> None:
    """Deletes one of the person's own tokens; someone else's answers NotFound."""
    api_token = session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if api_token is None:
        raise NotFound(_("Ce jeton n'existe pas ou a déjà été révoqué."))
    session.delete(api_token)
    session.flush()


def user_from_token(session, token: str) -> User | None:
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    api_token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if api_token is None or not api_token.user.active:
        return None
    return api_token.user


def password_matches(user: User, password: str) -> bool:
    """Is `password` the account's own? (To confirm a grave step, such as deleting it.)"""
    try:
        return _hasher.verify(user.password_hash or "", password or "")
    except (VerificationError, InvalidHashError):
        return False
