"""record_audit(): the trace of an action, added in the session of the action itself."""

from __future__ import annotations

from sqlalchemy import select

from wiki.models import AuditEntry, User


def record_audit(session, actor: User | None, action: str, target: str, *, reason: str = "",
                 **details) -> AuditEntry:
    """Add the audit entry of `action` on `target` ("page:slug"...) to the session.

    Call it in the transaction of the action: both are committed or neither is. `actor`
    None means the command line (an operator on the server).
    """
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.display_name if actor is not None else "ligne de commande",
        action=action, target=target, reason=(reason or "").strip(), details=details,
    )
    session.add(entry)
    return entry


def audit_entries(session, *, target: str | None = None, action: str | None = None,
                  limit: int = 100) -> list[AuditEntry]:
    """The newest entries first, optionally for one target or one kind of action."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if target is not None:
        query = query.where(AuditEntry.target == target)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query.limit(limit)))
