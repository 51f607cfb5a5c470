"""The queue of pending accounts: registering one, approving it, refusing it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from wiki.access import require
from wiki.access.actors import approved_members_clause
from wiki.approval.confirmation import send_confirmation
from wiki.errors import Conflict, NotFound
from wiki.mail import Category, send_mail
from wiki.models import Role, User
from wiki.models.base import utcnow
from wiki.moderation.audit import record_audit
from wiki.urls import external_url

QUEUE_PATH = "/moderation/accounts"


def pending_accounts(session) -> list[User]:
    """Registrations waiting for approval, oldest first."""
    return list(
        session.scalars(
            select(User)
            .where(User.active.is_(True), User.approved_at.is_(None))
            .order_by(User.created_at, User.id)
        )
    )


def pending_count(session) -> int:
    return len(pending_accounts(session))


def moderators(session) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(approved_members_clause(), User.role.in_((Role.MODERATOR, Role.ADMIN)))
            .order_by(User.id)
        )
    )


def registered(session, user: User) -> None:
    """A new registration: its address is asked to confirm, the moderators are told."""
    send_confirmation(session, user)
    for moderator in moderators(session):
        send_mail(
            session,
            moderator,
            "account_pending",
            category=Category.MODERATION,
            newcomer=user.display_name,
            queue_url=external_url(QUEUE_PATH),
        )


def pending_account(session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.active or user.approved_at is not None:
        raise NotFound(_("Aucun compte en attente sous ce numéro."))
    return user


def approve(session, actor: User | None, user: User) -> User:
    """`actor` (None: the command line) approves `user`, whose address must be confirmed."""
    if actor is not None:
        require(actor, "account.approve", user)
    if user.approved_at is not None:
        raise Conflict(_("Ce compte est déjà validé."))
    if user.email_confirmed_at is None:
        raise Conflict(
            _(
                "L'adresse de ce compte n'est pas encore confirmée : il ne peut être "
                "validé qu'après."
            )
        )
    user.approved_at = utcnow()
    record_audit(session, actor, "user.approved", f"user:{user.handle}")
    send_mail(session, user, "account_approved", wiki_url=external_url("/"))
    return user


def refuse(session, actor: User, user: User, reason: str = "") -> None:
    """`actor` refuses a pending registration: the account and what it wrote go."""
    from wiki.privacy.erasure import delete_account

    require(actor, "account.approve", user)
    if user.approved_at is not None:
        raise Conflict(_("Ce compte est déjà validé."))
    record_audit(
        session, actor, "user.refused", f"user:{user.handle}", reason=reason, name=user.display_name
    )
    delete_account(session, user)
