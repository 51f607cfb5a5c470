"""record_audit(): the trace of an action, added in the session of the action itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from wiki.models import AuditEntry, User


def record_audit(
    session, actor: User | None, action: str, target: str, *, reason: str = "", **details: Any
) -> AuditEntry:
    """Add the audit entry of `action` on `target` ("page:slug"...) to the session.

    Call it in the transaction of the action: both are committed or neither is. `actor`
    None means the command line (an operator on the server).
    """
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.display_name if actor is not None else "ligne de commande",
        action=action,
        target=target,
        reason=(reason or "").strip(),
        details=details,
    )
    session.add(entry)
    return entry


def audit_entries(
    session, *, target: str | None = None, action: str | None = None, limit: int = 100
) -> list[AuditEntry]:
    """The newest entries first, optionally for one target or one kind of action."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if target is not None:
        query = query.where(AuditEntry.target == target)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query.limit(limit)))


def audit_families(session) -> list[str]:
    """The kinds of action the log holds ("tag", "moderation", "user"...), sorted."""
    actions = session.scalars(select(AuditEntry.action).distinct())
    return sorted({action.partition(".")[0] for action in actions})


def audit_page(
    session, *, family: str | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[AuditEntry], int]:
    """One page of the log, newest first, optionally one kind of action ("tag" for tag.*)."""
    query = select(AuditEntry)
    if family:
        query = query.where(or_(AuditEntry.action == family, AuditEntry.action.like(f"{family}.%")))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    entries = session.scalars(
        query.options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(entries), total
