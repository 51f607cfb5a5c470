"""A member's notifications as they read them: newest first, only what they may still see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from wiki.models import Notification, NotificationEvent, Page, User
from wiki.models.base import utcnow
from wiki.notifications.subjects import find_subject
from wiki.notifications.text import notification_text, reason_text, someone, tag_labels_of


@dataclass
class NotificationView:
    id: int
    kind: str
    text: str
    reason: str
    path: str
    created_at: datetime
    read: bool

    def to_json(self, url) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "url": url(self.path),
            "created_at": self.created_at.isoformat() + "Z",
            "read": self.read,
        }


def unread_count(session, user: User) -> int:
    """One indexed count (user_id, read_at): cheap enough for every page's header."""
    return (
        session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def notifications_of(
    session,
    user: User,
    *,
    limit: int = 50,
    offset: int = 0,
    unread_only: bool = False,
    for_digest: set[str] | None = None,
) -> list[NotificationView]:
    """The member's notifications, newest first, leaving out any whose subject they may no
    longer see (a page made group-only since, say). `for_digest`: only those of these kinds
    not yet listed in a digest."""
    query = (
        select(Notification, NotificationEvent)
        .join(NotificationEvent, NotificationEvent.id == Notification.event_id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    if for_digest is not None:
        query = query.where(
            Notification.digested_at.is_(None), Notification.kind.in_(sorted(for_digest))
        )
    rows = session.execute(query.limit(limit).offset(offset)).all()
    _preload(session, [event for _n, event in rows])
    labels = tag_labels_of(
        n.reason.partition(":")[2] for n, _e in rows if n.reason.startswith("tag:")
    )
    views = []
    for notification, event in rows:
        subject = find_subject(session, user, event.subject)
        if subject is None:
            continue
        actor = session.get(User, event.actor_id) if event.actor_id else None
        views.append(
            NotificationView(
                id=notification.id,
                kind=notification.kind,
                text=notification_text(
                    notification.kind, actor.display_name if actor else someone(), subject.title
                ),
                reason=reason_text(notification.reason, labels),
                path=subject.path,
                created_at=notification.created_at,
                read=notification.read_at is not None,
            )
        )
    return views


def _preload(session, events: list[NotificationEvent]) -> None:
    """Actors and pages in two queries, so that the loop above reads the identity map."""
    actor_ids = {event.actor_id for event in events if event.actor_id}
    if actor_ids:
        list(session.scalars(select(User).where(User.id.in_(actor_ids))))
    page_ids = {
        int(event.subject.partition(":")[2])
        for event in events
        if event.subject.startswith("page:")
    }
    if page_ids:
        list(session.scalars(select(Page).where(Page.id.in_(page_ids))))


def mark_read(session, user: User, ids: list[int] | None = None) -> int:
    """Mark some (or, with None, all) of the member's notifications read."""
    query = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if ids is not None:
        if not ids:
            return 0
        query = query.where(Notification.id.in_(ids))
    result = session.execute(
        query.values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount
