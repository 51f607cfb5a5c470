"""Comments on pages and on calls to the network: one level of replies, moderation's mask."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiki.extensions import Model
from wiki.models.base import utcnow

if TYPE_CHECKING:
    from wiki.models.accounts import User
    from wiki.models.calls import Call
    from wiki.models.pages import Page


class Comment(Model):
    """A comment on one page or one call (exactly one of page_id, call_id).

    `parent_id` names the comment it answers: always a top-level one (one level of replies).
    A comment deleted while it has replies keeps its row, text emptied, `deleted_at` set:
    the thread reads « commentaire supprimé ». `hidden_*` is moderation's mask.
    `justifications` keeps the charter findings its writer chose to keep, with why.
    """

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("(page_id IS NULL) <> (call_id IS NULL)", name="ck_comments_one_subject"),
        Index("ix_comments_page_created", "page_id", "created_at"),
        Index("ix_comments_call_created", "call_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    justifications: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column()
    deleted_at: Mapped[datetime | None] = mapped_column()
    hidden_at: Mapped[datetime | None] = mapped_column()
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str] = mapped_column(Text, default="")

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id])
    page: Mapped[Page | None] = relationship()
    call: Mapped[Call | None] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None
