"""Delivering events to the members they concern, as each may see the subject NOW.

An event is claimed and turned into notifications in one write transaction, so that a
crash leaves it for the next run and nobody gets it twice (one notification per member and
event, a unique key). A member whose channel for the kind is « par mail » gets the mail at
once, through wiki.mail in the same transaction.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Flask
from sqlalchemy import CursorResult, select, update

from wiki.database import begin_write
from wiki.extensions import db
from wiki.mail import send_mail
from wiki.models import (
    Channel,
    Notification,
    NotificationEvent,
    NotificationSetting,
    User,
)
from wiki.models.base import utcnow
from wiki.notifications.kinds import KINDS
from wiki.notifications.mails import mail_plan
from wiki.notifications.recipients import recipients
from wiki.notifications.subjects import find_subject
from wiki.urls import origin

BATCH = 100


def channels(session, user_ids, kind: str) -> dict[int, str]:
    """Each member's channel for `kind`: their setting, else the kind's default."""
    default = KINDS[kind].default if kind in KINDS else Channel.WIKI
    chosen = dict(
        session.execute(
            select(NotificationSetting.user_id, NotificationSetting.channel).where(
                NotificationSetting.user_id.in_(list(user_ids)), NotificationSetting.kind == kind
            )
        ).all()
    )
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def _claim(event_id: int) -> NotificationEvent | None:
    result = db.session.execute(
        update(NotificationEvent)
        .where(NotificationEvent.id == event_id, NotificationEvent.delivered_at.is_(None))
        .values(delivered_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if cast("CursorResult[Any]", result).rowcount != 1:  # an UPDATE: a cursor result
        return None
    return db.session.get(NotificationEvent, event_id, populate_existing=True)


def deliver_event(session, event: NotificationEvent) -> int:
    """The notifications of one claimed event; returns how many were delivered. Its mails'
    links lead to the address the event's request came to (wiki.urls.origin)."""
    with origin((event.data or {}).get("origin")):
        return _deliver(session, event)


def _deliver(session, event: NotificationEvent) -> int:
    reasons = recipients(session, event)
    if not reasons:
        return 0
    people = list(session.scalars(select(User).where(User.id.in_(list(reasons)), User.active)))
    channel_of = channels(session, [person.id for person in people], event.kind)
    actor = session.get(User, event.actor_id) if event.actor_id else None
    delivered = 0
    for person in people:
        subject = find_subject(session, person, event.subject)
        if subject is None:  # gone, or not theirs to see any more
            continue
        notification = Notification(
            user_id=person.id, event_id=event.id, kind=event.kind, reason=reasons[person.id]
        )
        session.add(notification)
        if channel_of[person.id] == Channel.MAIL:
            plan = mail_plan(session, person, event, actor, subject, reasons[person.id])
            mail = send_mail(session, person, plan.template, category=plan.category, **plan.context)
            if mail is not None:
                notification.mailed_at = utcnow()
        delivered += 1
    return delivered


def deliver_pending(app: Flask, *, limit: int | None = None) -> int:
    """Deliver the events waiting, oldest first; returns the notifications delivered."""
    delivered, handled = 0, 0
    while limit is None or handled < limit:
        ids = list(
            db.session.scalars(
                select(NotificationEvent.id)
                .where(NotificationEvent.delivered_at.is_(None))
                .order_by(NotificationEvent.id)
                .limit(BATCH)
            )
        )
        db.session.commit()
        if not ids:
            break
        for event_id in ids:
            if limit is not None and handled >= limit:
                break
            begin_write()
            event = _claim(event_id)
            if event is not None:
                delivered += deliver_event(db.session, event)
            db.session.commit()
            handled += 1
    return delivered
