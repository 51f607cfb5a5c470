"""Calls to the network (appels au réseau): what a member looks for, and the answers."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiki.extensions import Model, db
from wiki.models.base import utcnow

if TYPE_CHECKING:
    from wiki.models.accounts import User
    from wiki.models.tags import Tag


class CallState(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"  # the author found what they looked for


call_tags = Table(
    "call_tags",
    db.metadata,
    Column("call_id", ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Call(Model):
    """A call to the network, for one département or (departement None) the whole network.

    `search_terms` holds the French terms of the title and body (" term term "), written at
    save, so that a simple search is a LIKE per term on any database.
    """

    __tablename__ = "calls"
    __table_args__ = (Index("ix_calls_state_created", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    departement: Mapped[str | None] = mapped_column(String(3), index=True)
    state: Mapped[str] = mapped_column(String(10), default=CallState.OPEN)
    search_terms: Mapped[str] = mapped_column(Text, default="")
    notified: Mapped[int] = mapped_column(default=0)  # members told by mail at posting
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()

    author: Mapped[User] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=call_tags, order_by="Tag.slug")
    answers: Mapped[list[CallAnswer]] = relationship(
        back_populates="call",
        order_by="CallAnswer.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class CallAnswer(Model):
    __tablename__ = "call_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    call: Mapped[Call] = relationship(back_populates="answers")
    author: Mapped[User] = relationship()
