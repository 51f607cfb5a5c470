"""Mail waiting to leave, sent or given up, and the kinds of mail a person asked not to get."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wiki.extensions import Model
from wiki.models.base import utcnow


class OutgoingMail(Model):
    """One message, rendered in its recipient's language when it was queued.

    Queued in the transaction of what caused it, so a rolled-back action sends nothing;
    sent after the commit, claimed first so that two senders never send it twice.
    """

    __tablename__ = "outgoing_mails"
    __table_args__ = (Index("ix_outgoing_mails_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    template: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    failed_at: Mapped[datetime | None] = mapped_column()  # gave up after MAX_ATTEMPTS
    last_error: Mapped[str] = mapped_column(String(500), default="")


class MailOptOut(Model):
    """A category of mail (messages, calls, notifications...) one person no longer wants."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (UniqueConstraint("user_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
