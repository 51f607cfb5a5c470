"""The sign-in throttle: failures counted in the database, with a growing delay, so that
guessing is slow and nobody can lock anyone out.

Three counters, each a row of SignInThrottle shared by every worker and host:

- one account from one address (PAIR): after `free_failures` wrong passwords that address
  waits before trying that account again, 30 s, then twice as long each time (15 min at
  most). The owner, from another address, is not slowed at all.
- one address, whatever accounts it tries (ADDRESS): the same after `address_free_failures`,
  against an address spraying many accounts. IPv6 addresses count by their /64 network,
  which one subscriber holds entirely.
- one account from everywhere (ACCOUNT): a high ceiling against an attacker with many
  addresses. When it is reached the owner gets a mail, and addresses that never signed in
  to that account wait the growing delay; the addresses the owner signed in from (within
  `known_address_memory`) are not slowed, so the owner still signs in from home.

Keys are the email as typed (folded), not a user id: an address nobody has is counted and
answered exactly like an account's. Counters are forgotten `failure_memory` after their last
failure. Behind a reverse proxy the client address must be restored (werkzeug's ProxyFix),
or every visitor shares the proxy's.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, or_, select, update

from wiki.mail import send_mail
from wiki.models import SignInThrottle, ThrottleScope, User
from wiki.models.base import utcnow

MAX_EMAIL_KEY = 254
CEILING_MAIL = "login_ceiling_reached"


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int  # per account and address
    address_free_failures: int  # per address, over every account
    account_ceiling: int  # per account, over every address; then a mail to the owner
    first_delay: timedelta
    max_delay: timedelta
    failure_memory: timedelta  # a counter starts again this long after its last failure
    known_address_memory: timedelta  # an address the owner signed in from stays known

    @classmethod
    def from_config(cls, config) -> ThrottlePolicy:
        return cls(
            free_failures=config["LOGIN_FREE_FAILURES"],
            address_free_failures=config["LOGIN_ADDRESS_FREE_FAILURES"],
            account_ceiling=config["LOGIN_ACCOUNT_CEILING"],
            first_delay=timedelta(seconds=config["LOGIN_FIRST_DELAY_SECONDS"]),
            max_delay=timedelta(seconds=config["LOGIN_MAX_DELAY_SECONDS"]),
            failure_memory=timedelta(hours=config["LOGIN_FAILURE_MEMORY_HOURS"]),
            known_address_memory=timedelta(days=config["LOGIN_KNOWN_ADDRESS_DAYS"]),
        )

    def free(self, scope: str) -> int:
        return {
            ThrottleScope.PAIR: self.free_failures,
            ThrottleScope.ADDRESS: self.address_free_failures,
            ThrottleScope.ACCOUNT: self.account_ceiling,
        }[ThrottleScope(scope)]

    def delay_after(self, scope: str, failures: int) -> timedelta | None:
        """How long to wait after the `failures`-th failure; None while some are free."""
        beyond = failures - self.free(scope)
        if beyond < 0:
            return None
        return min(self.first_delay * (2 ** min(beyond, 32)), self.max_delay)


def email_key(email: str | None) -> str:
    return "".join((email or "").split()).lower()[:MAX_EMAIL_KEY]


def address_key(address: str | None) -> str:
    """The client address as counted: IPv4 as is, IPv6 by its /64 network."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "unknown")[:64]
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is the IPv4 client
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _keys(email: str, address: str) -> dict[ThrottleScope, str]:
    email, address = email_key(email), address_key(address)
    return {
        ThrottleScope.PAIR: f"{email} {address}",
        ThrottleScope.ADDRESS: address,
        ThrottleScope.ACCOUNT: email,
    }


def _rows(session, keys: dict[ThrottleScope, str]) -> dict[str, SignInThrottle]:
    found = session.scalars(
        select(SignInThrottle).where(
            or_(
                *(
                    and_(SignInThrottle.scope == scope.value, SignInThrottle.key == key)
                    for scope, key in keys.items()
                )
            )
        )
    )
    return {row.scope: row for row in found}


def wait_seconds(
    session, policy: ThrottlePolicy, email: str, address: str, now: datetime | None = None
) -> int:
    """Seconds before this address may try this account again; 0 if it may try now.
    Reads only: asked before the password is checked, so that a waiting attempt costs
    no hashing and counts for nothing."""
    now = now or utcnow()
    rows = _rows(session, _keys(email, address))
    pair = rows.get(ThrottleScope.PAIR)
    known = bool(
        pair and pair.last_success_at and pair.last_success_at > now - policy.known_address_memory
    )
    waits = [
        row.retry_at - now
        for scope, row in rows.items()
        if row.retry_at and row.retry_at > now and not (scope == ThrottleScope.ACCOUNT and known)
    ]
    return math.ceil(max(waits).total_seconds()) if waits else 0


def record_failure(
    session,
    policy: ThrottlePolicy,
    email: str,
    address: str,
    user: User | None,
    now: datetime | None = None,
) -> None:
    """Counts a wrong password on the three counters, atomically (two workers failing at
    once both count); mails the owner when the account's ceiling is reached. The caller,
    in a write transaction, commits."""
    now = now or utcnow()
    for scope, key in _keys(email, address).items():
        failures, alerted_at = _count(session, scope, key, now, policy.failure_memory)
        delay = policy.delay_after(scope, failures)
        session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.scope == scope.value, SignInThrottle.key == key)
            .values(retry_at=now + delay if delay else None)
        )
        if (
            scope == ThrottleScope.ACCOUNT
            and failures >= policy.account_ceiling
            and user is not None
            and user.active
            and (alerted_at is None or alerted_at < now - policy.failure_memory)
        ):
            _tell_the_owner(session, user, key, failures, now)
    _forget_stale(session, policy, now)


def record_success(session, email: str, address: str, now: datetime | None = None) -> None:
    """The owner signed in from this address: its counter for the account starts again,
    and the address is known, so the account's ceiling does not slow it. The address's own
    counter and the account's stay: a success on one's own account must not reset what an
    attacker spent elsewhere."""
    now = now or utcnow()
    key = _keys(email, address)[ThrottleScope.PAIR]
    _ensure_row(session, ThrottleScope.PAIR, key)
    session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.scope == ThrottleScope.PAIR.value, SignInThrottle.key == key)
        .values(failures=0, retry_at=None, last_success_at=now)
    )


def _count(
    session, scope: ThrottleScope, key: str, now: datetime, memory: timedelta
) -> tuple[int, datetime | None]:
    _ensure_row(session, scope, key)
    forgotten = or_(
        SignInThrottle.last_failure_at.is_(None), SignInThrottle.last_failure_at < now - memory
    )
    row = session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.scope == scope.value, SignInThrottle.key == key)
        .values(
            failures=case((forgotten, 1), else_=SignInThrottle.failures + 1), last_failure_at=now
        )
        .returning(SignInThrottle.failures, SignInThrottle.alerted_at)
        .execution_options(synchronize_session=False)
    ).one()
    return row.failures, row.alerted_at


def _ensure_row(session, scope: ThrottleScope, key: str) -> None:
    """The counter's row, created if missing; a concurrent creator is no error."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        # The same on_conflict_do_nothing(index_elements=...) as PostgreSQL's insert.
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    session.execute(
        insert(SignInThrottle)
        .values(scope=scope.value, key=key, failures=0)
        .on_conflict_do_nothing(index_elements=["scope", "key"])
    )


def _tell_the_owner(session, user: User, key: str, failures: int, now: datetime) -> None:
    session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.scope == ThrottleScope.ACCOUNT.value, SignInThrottle.key == key)
        .values(alerted_at=now)
    )
    send_mail(session, user, CEILING_MAIL, failures=failures)


def _forget_stale(session, policy: ThrottlePolicy, now: datetime) -> None:
    """Counters nobody failed on for a while, unless they remember a known address."""
    old_failure = or_(
        SignInThrottle.last_failure_at.is_(None),
        SignInThrottle.last_failure_at < now - policy.failure_memory,
    )
    not_known = or_(
        SignInThrottle.last_success_at.is_(None),
        SignInThrottle.last_success_at < now - policy.known_address_memory,
    )
    session.execute(
        delete(SignInThrottle)
        .where(old_failure, not_known)
        .execution_options(synchronize_session=False)
    )
