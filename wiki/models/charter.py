"""The charter: diagnostic labels moderators add to the project's list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wiki.extensions import Model
from wiki.models.base import utcnow


class CharterTerm(Model):
    """A label the charter check reports, beside those of wiki/content/charter_terms.txt."""

    __tablename__ = "charter_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(120))
    key: Mapped[str] = mapped_column(String(120), unique=True)  # folded: one term once
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
