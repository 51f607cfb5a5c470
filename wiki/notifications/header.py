"""The header's counters for a signed-in member (unread notifications, unread messages):
one query a request, however many templates show them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from sqlalchemy import func, literal, select

from wiki.access import approved_member
from wiki.models import Notification, Participant


@dataclass(frozen=True)
class HeaderCounts:
    notifications: int = 0
    messages: int = 0


def header_counts(session, user) -> HeaderCounts:
    """Both counts in one statement of two indexed look-ups, kept for the request."""
    if not getattr(user, "is_authenticated", False):
        return HeaderCounts()
    cached = g.get("_header_counts")
    if cached is not None and cached[0] == user.id:
        return cached[1]
    notifications = (
        select(func.count(Notification.id))
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .scalar_subquery()
    )
    # Messages are an approved member's: a pending account has none to count.
    messages = (
        select(func.coalesce(func.sum(Participant.unread), 0))
        .where(Participant.user_id == user.id)
        .scalar_subquery()
        if approved_member(user) is not None
        else literal(0)
    )
    row = session.execute(select(notifications, messages)).one()
    counts = HeaderCounts(int(row[0] or 0), int(row[1] or 0))
    g._header_counts = (user.id, counts)
    return counts
