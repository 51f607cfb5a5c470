"""Pages (practice accounts and innovation sheets), their revisions, titles, links and
follow-ups."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiki.extensions import Model, db
from wiki.models.base import utcnow

if TYPE_CHECKING:
    from wiki.models.accounts import User
    from wiki.models.groups import Group
    from wiki.models.tags import Tag


class PageKind(enum.StrEnum):
    PRACTICE = "practice"
    INNOVATION = "innovation"


class PageStatus(enum.StrEnum):
    """A draft is seen by its authors (and its group) only; a published page by its audience."""

    PUBLISHED = "published"
    DRAFT = "draft"


page_tags = Table(
    "page_tags",
    db.metadata,
    Column("page_id", ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Page(Model):
    """A page's identity and current state; its content lives in its revisions."""

    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    visibility: Mapped[str] = mapped_column(String(100), default="public")
    status: Mapped[str] = mapped_column(
        String(16), default="published", server_default="published", index=True
    )
    # Denormalised from visibility so that access.py filters with an indexed column.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    # The number of the current revision; a save names the version it started from.
    version: Mapped[int] = mapped_column(default=0)
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", use_alter=True, name="fk_pages_current_revision")
    )
    title: Mapped[str] = mapped_column(String(300))  # copy of the current title, for lists
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    hidden_at: Mapped[datetime | None] = mapped_column()  # hidden by the moderation
    # An innovation sheet's current stage (wiki.lifecycle), copied from its history.
    stage: Mapped[str | None] = mapped_column(String(20), index=True)
    # The département its current territory names (wiki.territories.locate), for the
    # département lists, filters and the map.
    departement: Mapped[str | None] = mapped_column(String(3), index=True)
    # The sectors its current `sector` / `sectors` field names (wiki.pages.sectors), as
    # ",insertion-emploi,handicap,": the lists' sector filter and facet.
    sectors: Mapped[str | None] = mapped_column(String(400))

    current: Mapped[Revision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="page",
        foreign_keys="Revision.page_id",
        order_by="Revision.number",
        cascade="all, delete-orphan",
    )
    tags: Mapped[list[Tag]] = relationship(secondary=page_tags, order_by="Tag.slug")
    group: Mapped[Group | None] = relationship()
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="page", order_by="FollowUp.observed_on", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Page {self.slug} v{self.version}>"

    @property
    def current_revision(self) -> Revision:
        """`current` of a saved page, which always has one (None only while its first
        revision is being written): for code that reads a page, and for the type checker."""
        if self.current is None:
            raise RuntimeError(f"the page {self.slug!r} has no current revision")
        return self.current


class Revision(Model):
    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_page_number", "page_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # text, as the sheet shows it
    # The structured values of the typed fields (wiki.pages.typed_fields): dates, sessions...
    typed_fields: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    tag_slugs: Mapped[list] = mapped_column(JSON, default=list)
    visibility: Mapped[str] = mapped_column(String(100), default="public")
    # Sanitised HTML rendered once at save, so that a page view does no Markdown work.
    html: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    summary: Mapped[str] = mapped_column(String(300), default="")
    # « Modification mineure »: a typo, a link; /recent and its feeds may leave it out.
    minor: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A masked revision (wiki.pages.masking): its title, text, fields and summary are shown
    # to moderators alone; everyone else sees « version masquée (motif) » in its place.
    masked_at: Mapped[datetime | None] = mapped_column()
    # Who masked it, by name as the audit log keeps it (which has their account): a column
    # without a foreign key is added in place, where SQLite would rebuild the table.
    masked_by_name: Mapped[str] = mapped_column(String(120), default="")
    masked_reason: Mapped[str] = mapped_column(Text, default="")

    page: Mapped[Page] = relationship(back_populates="revisions", foreign_keys=[page_id])
    author: Mapped[User | None] = relationship()

    @property
    def masked(self) -> bool:
        return self.masked_at is not None


class CharterJustification(Model):
    """A passage the charter check found and the writer kept, with their reason: stored with
    the revision (or the observation of the follow-up) it was published in, for moderators."""

    __tablename__ = "charter_justifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), index=True
    )
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(String(500))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    page: Mapped[Page] = relationship()
    revision: Mapped[Revision | None] = relationship()
    author: Mapped[User | None] = relationship()


class PageLink(Model):
    """A wiki link from a page's current revision to a slug, which may not exist yet: the slug
    the link is written with, and the slug of the page it was found to lead to by title."""

    __tablename__ = "page_links"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True
    )
    target_slug: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class PageTitleLink(Model):
    """The title (its title_key) a wiki link of a page's current revision names, so that the
    page is rendered again when a page of that title appears or takes that title."""

    __tablename__ = "page_title_links"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True
    )
    title_key: Mapped[str] = mapped_column(String(300), primary_key=True, index=True)


class PageTitle(Model):
    """A title a page bears or bore (its title_key), so that ``[[Former title]]`` still
    leads to a renamed page; `last_used_at` orders former titles shared by several pages."""

    __tablename__ = "page_titles"

    page_id: Mapped[int] = mapped_column(
        ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True
    )
    title_key: Mapped[str] = mapped_column(String(300), primary_key=True, index=True)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowUp(Model):
    """A dated observation of an innovation's effects (suivi des effets)."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    observed_on: Mapped[date] = mapped_column(Date)
    # people (personnes concernées), practices (pratiques) or organisations
    area: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    page: Mapped[Page] = relationship(back_populates="follow_ups")
    author: Mapped[User | None] = relationship()


class FollowUpChange(Model):
    """One change of a page's follow-up of effects (added, corrected, deleted), for recent
    changes, the feed and the page's history. It keeps no text: a deleted observation, often
    deleted because it said too much about someone, leaves only its date and area."""

    __tablename__ = "follow_up_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(16))  # added, corrected or deleted
    area: Mapped[str] = mapped_column(String(20))
    observed_on: Mapped[date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    page: Mapped[Page] = relationship()
    follow_up: Mapped[FollowUp | None] = relationship()
    author: Mapped[User | None] = relationship()
