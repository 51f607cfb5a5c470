"""Accounts: people who sign in, their roles, their API tokens, and the sign-in throttle."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiki.extensions import Model
from wiki.models.base import utcnow

if TYPE_CHECKING:
    from wiki.models.network import Profile


class Role(enum.StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    handle: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER.value)
    locale: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session's identity (get_id): raising it ends every session of the
    # account at once, the remember-me cookie included (sign-out, new password, deactivation).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # A registration waits for a moderator (approved_at None: « en attente »); the address is
    # proven by a signed link first. Accounts made by an operator are approved at creation.
    approved_at: Mapped[datetime | None] = mapped_column()
    email_confirmed_at: Mapped[datetime | None] = mapped_column()

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    # Joined: whoever shows a person (an author, a contact) asks whether their profile may
    # be seen, which reads it; one LEFT JOIN instead of a query per person.
    profile: Mapped[Profile | None] = relationship(
        back_populates="user",
        uselist=False,
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="joined",
    )

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie."""
        return f"{self.id}:{self.session_generation}"

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.handle}>"


class ApiToken(Model):
    """A personal token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(back_populates="tokens")


class ThrottleScope(enum.StrEnum):
    PAIR = "pair"  # one account from one address: the owner at home is never slowed by others
    ADDRESS = "address"  # one address, whatever accounts it tries (spraying)
    ACCOUNT = "account"  # one account from everywhere: the high ceiling, then a mail


class SignInThrottle(Model):
    """Failed sign-ins counted per key, in the database so that every worker and host
    shares them (wiki.auth.throttle). Keys are the typed email, never a user id, so that an
    address nobody has answers exactly like an account's."""

    __tablename__ = "sign_in_throttles"
    __table_args__ = (
        UniqueConstraint("scope", "key", name="uq_sign_in_throttles_scope_key"),
        Index("ix_sign_in_throttles_last_failure_at", "last_failure_at"),
        Index("ix_sign_in_throttles_last_success_at", "last_success_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(400))
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column()
    retry_at: Mapped[datetime | None] = mapped_column()  # no attempt with this key before
    last_success_at: Mapped[datetime | None] = mapped_column()  # pair: a known address
    alerted_at: Mapped[datetime | None] = mapped_column()  # account: the owner was told
