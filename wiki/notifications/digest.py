"""The digest: one mail per member who put some kinds « dans le résumé », listing their
unread notifications of those kinds not yet in a digest; none when there are none."""

from __future__ import annotations

from typing import Any, cast

from flask import Flask
from sqlalchemy import CursorResult, select, update

from wiki.database import begin_write
from wiki.extensions import db
from wiki.mail import Category, opted_out, send_mail
from wiki.models import (
    Channel,
    DigestPeriod,
    Notification,
    NotificationPreference,
    NotificationSetting,
    User,
)
from wiki.models.base import utcnow
from wiki.notifications.center import notifications_of
from wiki.notifications.kinds import KINDS

MAX_LISTED = 50


def digest_kinds(session, user_id: int) -> set[str]:
    chosen = dict(
        session.execute(
            select(NotificationSetting.kind, NotificationSetting.channel).where(
                NotificationSetting.user_id == user_id
            )
        ).all()
    )
    return {
        name for name, kind in KINDS.items() if chosen.get(name, kind.default) == Channel.DIGEST
    }


def digest_period(session, user_id: int) -> str:
    chosen = session.scalar(
        select(NotificationPreference.digest_period).where(
            NotificationPreference.user_id == user_id
        )
    )
    return chosen or DigestPeriod.WEEKLY


def _candidates(session) -> list[int]:
    """Members with an undigested unread notification (the kinds are checked per member)."""
    return list(
        session.scalars(
            select(Notification.user_id)
            .where(Notification.read_at.is_(None), Notification.digested_at.is_(None))
            .distinct()
            .order_by(Notification.user_id)
        )
    )


def _claim(session, ids: list[int]) -> bool:
    """Mark these notifications as listed in a digest, if no other run did: a conditional
    UPDATE, so that of two runs at once (cron on two hosts) only one mails them. On
    PostgreSQL the second waits on the first's row locks, then finds them taken."""
    result = session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.digested_at.is_(None))
        .values(digested_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return cast("CursorResult[Any]", result).rowcount == len(ids)


def send_digests(app: Flask, period: str) -> int:
    """Queue the `period` digests; returns how many members get one."""
    period = DigestPeriod(period)
    sent = 0
    for user_id in _candidates(db.session):
        begin_write()
        user = db.session.get(User, user_id)
        if (
            user is None
            or not user.active
            or opted_out(db.session, user, Category.DIGEST)  # the mail's unsubscribe link
            or digest_period(db.session, user_id) != period
        ):
            db.session.commit()
            continue
        kinds = digest_kinds(db.session, user_id)
        if not kinds:
            db.session.commit()
            continue
        pending = notifications_of(db.session, user, unread_only=True, for_digest=kinds, limit=500)
        if pending and not _claim(db.session, [view.id for view in pending]):
            db.session.rollback()  # another run (another host's cron) listed them first
            continue
        if pending:
            send_mail(
                db.session,
                user,
                "digest",
                category=Category.DIGEST,
                notifications=pending[:MAX_LISTED],
                more=max(0, len(pending) - MAX_LISTED),
                period=period,
            )
            sent += 1
        db.session.commit()
    return sent
