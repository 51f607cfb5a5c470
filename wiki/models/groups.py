"""Groups (the workshop of social praxis, Balint groups) and who belongs to them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiki.extensions import Model
from wiki.models.base import utcnow

if TYPE_CHECKING:
    from wiki.models.accounts import User


class GroupRole(enum.StrEnum):
    FACILITATOR = "facilitator"
    MEMBER = "member"


class Group(Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Open: any approved member sees it and may ask to join. Closed: its very existence is
    # hidden from everyone but its members (and those it invited).
    closed: Mapped[bool] = mapped_column(default=True, server_default=true())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )


class Membership(Model):
    __tablename__ = "memberships"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), default=GroupRole.MEMBER.value)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[Group] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class GroupRequestKind(enum.StrEnum):
    REQUEST = "request"  # a member asked to join; a facilitator answers
    INVITATION = "invitation"  # a facilitator invited a member; the member answers


class GroupRequest(Model):
    """A membership waiting for the other side: a request to join, or an invitation."""

    __tablename__ = "group_requests"
    __table_args__ = (UniqueConstraint("group_id", "user_id", name="uq_group_requests_group_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[Group] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
