"""Personal feed tokens: one per member, only its SHA-256 stored, shown once when made;
making a new one revokes the old (a leaked feed address is stopped by regenerating it)."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, select

from wiki.models import FeedToken, User

FEED_TOKEN_PREFIX = "wf_"  # noqa: S105 - a prefix, not a secret
MAX_TOKEN_LENGTH = 200


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed_token(session, user: User) -> str:
    """A new feed token for `user`, replacing any other; the caller commits."""
    revoke_feed_token(session, user)
    token = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(FeedToken(user_id=user.id, token_hash=_digest(token)))
    return token


def revoke_feed_token(session, user: User) -> bool:
    """Forget the member's feed token; True if there was one."""
    result = session.execute(delete(FeedToken).where(FeedToken.user_id == user.id))
    session.flush()
    return bool(result.rowcount)


def feed_token_of(session, user: User) -> FeedToken | None:
    return session.scalar(select(FeedToken).where(FeedToken.user_id == user.id))


def user_from_feed_token(session, token: str | None) -> User | None:
    """The active member whose feed token this is, or None."""
    if not token or not token.startswith(FEED_TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    user = session.scalar(
        select(User)
        .join(FeedToken, FeedToken.user_id == User.id)
        .where(FeedToken.token_hash == _digest(token))
    )
    if user is None or not user.active:
        return None
    return user
