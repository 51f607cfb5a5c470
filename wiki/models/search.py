"""The index outbox: written in the same transaction as the page change it records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from wiki.extensions import db
from wiki.models.base import utcnow


class IndexTask(db.Model):
    """One page to (re)index or remove; applied in id order by the indexer, then deleted."""

    __tablename__ = "index_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(index=True)
    slug: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16), default="update")  # update | delete
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
