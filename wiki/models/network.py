"""The network directory: each member's profile, what it shows, and to whom."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiki.extensions import Model, db
from wiki.models.base import utcnow

if TYPE_CHECKING:
    from wiki.models.accounts import User
    from wiki.models.tags import Tag


class MemberStatus(enum.StrEnum):
    """The association's adherents, whatever their situation (DOMAIN.md)."""

    SALARIED = "salarie"
    RETIRED = "retraite"
    JOB_SEEKING = "demandeur-emploi"
    INDEPENDENT = "independant"
    VOLUNTEER = "benevole"
    STUDENT = "etudiant"
    OTHER = "autre"


class FieldVisibility(enum.StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    MEMBERS = "members"  # approved members
    HIDDEN = "hidden"  # the member alone (and moderators)


class ContactPolicy(enum.StrEnum):
    MEMBERS = "members"  # any member may start a conversation
    NOBODY = "nobody"


profile_expertise = Table(
    "profile_expertise",
    db.metadata,
    Column("user_id", ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Profile(Model):
    """A member's entry in the directory; one per account, created on first edit.

    `field_visibility` maps a field name to a FieldVisibility; a field absent from it has
    the default of PROFILE_FIELDS in wiki/network. Appearing in the directory is opt-in.
    """

    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20), default="")
    profession: Mapped[str] = mapped_column(String(120), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    sectors: Mapped[list] = mapped_column(JSON, default=list)
    territory: Mapped[str] = mapped_column(String(200), default="")  # town or neighbourhood
    departement: Mapped[str | None] = mapped_column(String(3), index=True)  # "37", "2A"
    presentation: Mapped[str] = mapped_column(Text, default="")  # Markdown
    presentation_html: Mapped[str] = mapped_column(Text, default="")  # rendered at save
    looking_for: Mapped[str] = mapped_column(Text, default="")
    in_directory: Mapped[bool] = mapped_column(default=False, index=True)
    accepts_contact: Mapped[str] = mapped_column(String(10), default=ContactPolicy.MEMBERS)
    field_visibility: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column()  # hidden by the moderation

    user: Mapped[User] = relationship(back_populates="profile")
    expertise: Mapped[list[Tag]] = relationship(secondary=profile_expertise, order_by="Tag.slug")


class ProfileTerm(Model):
    """One analysed word of one field of a profile, with that field's visibility: the people
    search reads this table, filtering on `visibility` inside the query.

    Written only by wiki/network/terms.py, in the flush that changes the profile (or the
    name, or a tag label, it draws words from): it cannot be out of step with the profile.
    Exact values (status, département, sectors, expertise tags) are stored as "=value".
    """

    __tablename__ = "profile_terms"
    __table_args__ = (Index("ix_profile_terms_term", "term", "field", "visibility", "user_id"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    visibility: Mapped[str] = mapped_column(String(10))
