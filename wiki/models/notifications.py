"""Following (pages, tags, groups, members), the events that may interest followers, the
notifications delivered from them, and each member's choices of channel."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wiki.extensions import Model
from wiki.models.base import utcnow


class FollowKind(enum.StrEnum):
    PAGE = "page"
    TAG = "tag"
    GROUP = "group"
    MEMBER = "member"


class Follow(Model):
    """`user` follows the page, tag, group or member `target_id`.

    The authors of a page follow it by default; an author who stops following keeps a
    muted row, so that their next edit does not make them follow it again.
    """

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "target_id"),
        Index("ix_follows_kind_target", "kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int] = mapped_column()
    muted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotificationEvent(Model):
    """Something happened that followers may hear of: the notifications' outbox.

    Written in the transaction of what happened; delivered after the commit, when whether
    each follower may see `subject` is decided (not now: it may change in between).
    """

    __tablename__ = "notification_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))  # "page:12", "group:3", "report:7"
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(index=True)


class Notification(Model):
    """One event as one member heard of it, with why (the follow that brought it)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "event_id"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        ForeignKey("notification_events.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(200), default="")  # "tag:aller-vers", "page"
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column()
    mailed_at: Mapped[datetime | None] = mapped_column()
    digested_at: Mapped[datetime | None] = mapped_column()


class Channel(enum.StrEnum):
    WIKI = "wiki"  # in the notification centre only
    MAIL = "mail"  # and by mail at once
    DIGEST = "digest"  # and in the periodic digest


class DigestPeriod(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class NotificationSetting(Model):
    """A member's channel for one kind of notification (absent: the kind's default)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))


class NotificationPreference(Model):
    """Per member: how often the digest comes (if any notification kind asks for it)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    digest_period: Mapped[str] = mapped_column(String(10), default=DigestPeriod.WEEKLY)


class FeedToken(Model):
    """A member's personal feed token (the group and notification feeds, read by feed
    readers that send no cookie): only its SHA-256 is stored; one per member, revocable."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
