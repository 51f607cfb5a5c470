"""Hiding and restoring what was reported, and closing reports: each act in the audit log,
in its own transaction.

Each area says how its items are moderated by registering a handler with
`@moderatable("page")` (beside its `@reportable` finder): how to find the item whatever its
visibility, how to show it in the queue, and how to hide or restore it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wiki.errors import InvalidInput, NotFound
from wiki.models import Report, ReportStatus, User
from wiki.models.base import utcnow
from wiki.moderation.audit import record_audit
from wiki.moderation.reports import MAX_REASON, parse_target


@dataclass
class ItemInContext:
    """What a moderator sees of a reported item in the queue."""

    kind: str
    label: object  # « Page », « Message »... (lazy gettext)
    title: str
    excerpt: str
    url: str | None  # where the moderator reads it whole, if anywhere
    author: User | None
    hidden: bool


@dataclass
class Handler:
    find: Callable  # (session, reference) -> the item or None, whatever its visibility
    describe: Callable  # (item) -> ItemInContext
    set_hidden: Callable  # (session, item, hidden_at | None, actor, reason) -> None


_HANDLERS: dict[str, Handler] = {}


def moderatable(kind: str, *, describe: Callable, set_hidden: Callable):
    """Register the finder of `kind` ("page", "comment"...) with how it is shown and hidden."""

    def register(find: Callable) -> Callable:
        _HANDLERS[kind] = Handler(find, describe, set_hidden)
        return find

    return register


def moderatable_kinds() -> list[str]:
    return sorted(_HANDLERS)


def item_of(session, target: str):
    """The handler and the item a target ("page:slug") names; NotFound if it is gone."""
    kind, reference = parse_target(target)
    handler = _HANDLERS.get(kind)
    item = handler.find(session, reference) if handler is not None else None
    if item is None:
        raise NotFound("Cet élément n'existe plus.")
    return handler, item


def in_context(session, target: str) -> ItemInContext | None:
    """The reported item as the queue shows it, or None if it was deleted since."""
    try:
        handler, item = item_of(session, target)
    except (NotFound, InvalidInput):
        return None
    return handler.describe(item)


def _checked_reason(reason: object) -> str:
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput(
            "Indiquez le motif : il figure au journal de modération.", field="reason"
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"Le motif est trop long ({MAX_REASON} caractères au plus).", field="reason"
        )
    return reason


def close_open_reports(session, actor: User, target: str, status: str, resolution: str) -> int:
    """Close the open reports of `target` (hidden from elsewhere than the queue too)."""
    reports = list(
        session.scalars(
            select(Report).where(Report.target == target, Report.status == ReportStatus.OPEN)
        )
    )
    for report in reports:
        report.status, report.handled_by_id = status, actor.id
        report.handled_at, report.resolution = utcnow(), resolution
    return len(reports)


def hide(session, actor: User, target: str, reason: object) -> None:
    """Hide `target` from everyone but its author and the moderators; its open reports are
    resolved. Already hidden: a 400, nothing recorded twice."""
    reason = _checked_reason(reason)
    handler, item = item_of(session, target)
    if handler.describe(item).hidden:
        raise InvalidInput("Cet élément est déjà masqué.", field="reason")
    handler.set_hidden(session, item, utcnow(), actor, reason)
    closed = close_open_reports(session, actor, target, ReportStatus.RESOLVED, reason)
    record_audit(session, actor, "moderation.hide", target, reason=reason, reports=closed)


def restore(session, actor: User, target: str, reason: object) -> None:
    """Show a hidden item again, to everyone who may see it."""
    reason = _checked_reason(reason)
    handler, item = item_of(session, target)
    if not handler.describe(item).hidden:
        raise InvalidInput("Cet élément n'est pas masqué.", field="reason")
    handler.set_hidden(session, item, None, actor, reason)
    record_audit(session, actor, "moderation.restore", target, reason=reason)


def dismiss(session, actor: User, report_id: int, reason: object) -> Report:
    """Close an open report with nothing to do (the reason says why)."""
    reason = _checked_reason(reason)
    report = session.get(Report, report_id)
    if report is None or report.status != ReportStatus.OPEN:
        raise NotFound("Ce signalement n'est plus ouvert.")
    report.status, report.handled_by_id = ReportStatus.DISMISSED, actor.id
    report.handled_at, report.resolution = utcnow(), reason
    record_audit(session, actor, "report.dismiss", report.target, reason=reason, report=report.id)
    return report


@dataclass
class QueueEntry:
    report: Report
    item: ItemInContext | None  # None: deleted since it was reported


def open_queue(session, *, page: int = 1, per_page: int = 20) -> tuple[list[QueueEntry], int]:
    """The open reports, oldest first (the one waiting longest comes first), and their total."""
    total = (
        session.scalar(select(func.count(Report.id)).where(Report.status == ReportStatus.OPEN)) or 0
    )
    reports = session.scalars(
        select(Report)
        .where(Report.status == ReportStatus.OPEN)
        .options(selectinload(Report.reporter))
        .order_by(Report.created_at, Report.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return [QueueEntry(report, in_context(session, report.target)) for report in reports], total
