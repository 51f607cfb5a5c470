"""Who is acting: the signed-in account (or nobody), its roles and its groups."""

from __future__ import annotations

from sqlalchemy import select

from wiki.errors import Forbidden, NotAuthenticated
from wiki.extensions import db
from wiki.models import Membership, User


def account(user) -> User | None:
    """The signed-in User, or None for an anonymous visitor (Flask-Login's or None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user if user.is_active else None


def approved_member(user) -> User | None:
    """The account if it counts as a member of the association (« Adhérents validés »):
    what the `members` visibility, the directory's members-only fields and contact need.
    The one place that decides it: an active account a moderator approved (a registration
    is « en attente » until then, and sees what an anonymous visitor sees)."""
    user = account(user)
    return user if user is not None and user.approved_at is not None else None


def approved_members_clause():
    """approved_member() as a WHERE clause over User, for lists of people (who a call
    notifies...): keep the two in step."""
    return User.active.is_(True) & User.approved_at.is_not(None)


def group_ids_of(user) -> list[int]:
    """The ids of the groups `user` belongs to (none while the account is pending)."""
    user = approved_member(user)
    if user is None:
        return []
    return list(
        db.session.scalars(select(Membership.group_id).where(Membership.user_id == user.id))
    )


def is_moderator(user) -> bool:
    user = account(user)
    return user is not None and user.is_moderator


def is_admin(user) -> bool:
    user = account(user)
    return user is not None and user.is_admin


def require_writer(user) -> User:
    user = account(user)
    if user is None:
        raise NotAuthenticated("Connectez-vous pour écrire dans le wiki.")
    return user


def require_moderator(user) -> User:
    user = require_writer(user)
    if not user.is_moderator:
        raise Forbidden("Cette action est réservée à la modération.")
    return user


def require_admin(user) -> User:
    user = require_writer(user)
    if not user.is_admin:
        raise Forbidden("Cette action est réservée aux administrateurs.")
    return user
