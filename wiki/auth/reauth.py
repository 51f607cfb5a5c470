"""The current password asked again before a grave step (a new password, deleting the
account), through the sign-in throttle: a stolen session may not guess it without limit.

The attempts count on the sign-in's own counters (wiki.auth.throttle, keyed by the
account's email and the client address), so that a guess costs the same through any door:
after the free failures that address waits, its attempts, even right, are refused unchecked,
and a right password starts its counter again, as a sign-in does. The owner, from another
address, is not slowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from wiki.auth import accounts, throttle
from wiki.models import User


@dataclass(frozen=True)
class Reauthentication:
    """What check_password_again found, for record_reauthentication to write down."""

    wait: int  # seconds this address must wait; 0: the password was checked
    password_ok: bool = False
    checked_hash: str | None = None


def check_password_again(
    session, policy: throttle.ThrottlePolicy, user: User, password: str, address: str
) -> Reauthentication:
    """Reads only: the throttle first (a waiting attempt costs no hashing and counts for
    nothing), then argon2, which must run outside any write transaction."""
    wait = throttle.wait_seconds(session, policy, user.email, address)
    if wait:
        return Reauthentication(wait)
    return Reauthentication(0, accounts.password_matches(user, password), user.password_hash)


def record_reauthentication(
    session,
    policy: throttle.ThrottlePolicy,
    user: User,
    address: str,
    attempt: Reauthentication,
) -> bool:
    """Whether the grave step may go on: the password was right and the account's has not
    changed since it was checked. Counts a failure, or resets this address's counter, as
    the sign-in does. The caller, in a write transaction, commits (a failure too)."""
    current_hash = session.scalar(select(User.password_hash).where(User.id == user.id))
    if attempt.password_ok and current_hash == attempt.checked_hash:
        throttle.record_success(session, user.email, address)
        return True
    throttle.record_failure(session, policy, user.email, address, user)
    return False


def wait_message(seconds: int) -> str:
    if seconds < 60:
        return _("Trop de mots de passe erronés : réessayez dans %(seconds)d s.", seconds=seconds)
    return _(
        "Trop de mots de passe erronés : réessayez dans %(minutes)d min.",
        minutes=math.ceil(seconds / 60),
    )
