"""The search thesaurus: synonym groups and acronyms, kept by the moderators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wiki.extensions import Model
from wiki.models.base import utcnow


class ThesaurusEntry(Model):
    """A synonym group (`kind` "synonyms": every term finds the others) or an acronym
    (`kind` "acronym": `acronym` finds each of `terms`, its expansions, and each finds it)."""

    __tablename__ = "thesaurus_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    acronym: Mapped[str | None] = mapped_column(String(20))
    terms: Mapped[list] = mapped_column(JSON, default=list)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # one acronym, one group once
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ThesaurusState(Model):
    """One row: the thesaurus' version, raised by every change in the change's transaction,
    so that each process sees cheaply whether its compiled copy is still current."""

    __tablename__ = "thesaurus_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
