"""Tags: the controlled vocabulary moderators keep, and members' free tags."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wiki.extensions import Model


class Tag(Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    label_fr: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120), default="")
    controlled: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    # A tag merged into another: pages, profiles and follows moved to it; the old name
    # still leads there (links, imports).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id", ondelete="SET NULL"))

    def label(self, locale: str = "fr") -> str:
        return self.label_en if locale == "en" and self.label_en else self.label_fr
