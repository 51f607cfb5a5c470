"""The reminder of a silent follow-up of effects: a published innovation sheet whose
follow-up has had no new entry for six months (or none, six months after its creation)
tells its authors, once per silence; a new entry starts the count again.

The reminder is a notification event (wiki.notifications): who hears of it is decided at
delivery, among the sheet's authors who may still see it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, cast, exists, func, literal, select

from wiki.models import FollowUp, NotificationEvent, Page, PageKind, PageStatus
from wiki.models.base import utcnow
from wiki.notifications.events import record_event
from wiki.notifications.subjects import subject_ref

REMINDER = "follow_up.reminder"
SILENCE_MONTHS = 6


def months_before(moment: datetime, months: int) -> datetime:
    """The same day `months` earlier (the month's last day when that day does not exist)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def silent_sheets(session, now: datetime | None = None) -> list[int]:
    """The ids of the published sheets whose follow-up has been silent for six months and
    whose authors were not reminded since the silence began."""
    now = now or utcnow()
    cutoff = months_before(now, SILENCE_MONTHS)
    last_entry = (
        select(func.max(FollowUp.created_at))
        .where(FollowUp.page_id == Page.id)
        .correlate(Page)
        .scalar_subquery()
    )
    silence_began = func.coalesce(last_entry, Page.created_at)
    reminded = exists().where(
        NotificationEvent.kind == REMINDER,
        NotificationEvent.subject == literal("page:") + cast(Page.id, String),
        NotificationEvent.created_at >= silence_began,
    )
    return list(
        session.scalars(
            select(Page.id)
            .where(
                Page.kind == PageKind.INNOVATION,
                Page.status == PageStatus.PUBLISHED.value,
                Page.hidden_at.is_(None),
                silence_began <= cutoff,
                ~reminded,
            )
            .order_by(Page.id)
        )
    )


def remind_follow_ups(session, now: datetime | None = None) -> int:
    """Record the reminders not yet sent; returns how many. The caller commits (delivery
    follows the commit)."""
    now = now or utcnow()
    page_ids = silent_sheets(session, now)
    for page_id in page_ids:
        event = record_event(session, REMINDER, None, subject_ref("page", page_id))
        event.created_at = now
    return len(page_ids)
