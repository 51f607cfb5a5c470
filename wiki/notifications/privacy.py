"""What following and notifications add to a member's data: exported, and erased with them."""

from __future__ import annotations

from sqlalchemy import delete, select

from wiki.models import FeedToken, Follow, FollowKind, Notification, NotificationSetting, User
from wiki.notifications.following import follows_of
from wiki.notifications.settings import current_settings
from wiki.privacy.erasure import erase_with_account
from wiki.privacy.export import export_section


@export_section("follows")
def _follows(session, user: User) -> list:
    return follows_of(session, user)


@export_section("notifications")
def _notifications(session, user: User) -> dict:
    channels, period = current_settings(session, user)
    rows = session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at)
    )
    return {
        "settings": {"channels": channels, "digest_period": period},
        "received": [
            {
                "kind": row.kind,
                "reason": row.reason,
                "created_at": row.created_at.isoformat() + "Z",
                "read": row.read_at is not None,
            }
            for row in rows
        ],
    }


@erase_with_account
def _erase(session, user: User) -> None:
    """Their follows, notifications, settings and feed token go with the account (the
    foreign keys would do it too); so do other members' follows of them, which would lead
    nowhere."""
    session.execute(
        delete(Follow).where(Follow.kind == FollowKind.MEMBER, Follow.target_id == user.id)
    )
    for model in (Follow, Notification, NotificationSetting, FeedToken):
        session.execute(delete(model).where(model.user_id == user.id))
