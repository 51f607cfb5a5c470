"""The lifecycle of an innovation sheet: each change of stage, dated (the page keeps the
current one in `Page.stage`, for lists and filters)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiki.extensions import Model
from wiki.models.base import utcnow

if TYPE_CHECKING:
    from wiki.models.accounts import User
    from wiki.models.pages import Page


class Stage(enum.StrEnum):
    """The stages of an innovation, in their usual order (the initiative banks' words)."""

    EMERGENCE = "emergence"
    EXPERIMENTATION = "experimentation"
    EVALUATION = "evaluation"
    ESSAIMAGE = "essaimage"
    ARRETEE = "arretee"


class InnovationStage(Model):
    """An innovation sheet entered `stage` on `since` (a note such as « essaimée à Tours »);
    who recorded it and when."""

    __tablename__ = "innovation_stages"
    __table_args__ = (Index("ix_innovation_stages_page_since", "page_id", "since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))
    since: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    page: Mapped[Page] = relationship()
    author: Mapped[User | None] = relationship()
