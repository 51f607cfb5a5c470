"""Deleting an account (DELETE /api/v1/me, or the confirmed form of the account page).

What goes: the account, its profile, tokens, group memberships, mail preferences and queued
mail, blocks both ways, the messages the member wrote (the other side keeps theirs; a
conversation left with no message goes), their calls with their threads, their answers,
and whatever an area registers with `@erase_with_account` (follows...).
What stays: their page revisions and follow-ups, credited to one shared account
« ancien membre » that cannot sign in (the pages indexed again, so that search no longer
finds them by the member's name); the reports they filed, without their name.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, select, update

from wiki.errors import Conflict
from wiki.models import (
    Block,
    Call,
    CallAnswer,
    Conversation,
    FollowUp,
    Message,
    OutgoingMail,
    Participant,
    Revision,
    Role,
    User,
)
from wiki.search.backend import pages_signed_by, signatures_changed

FORMER_MEMBER_NAME = "ancien membre"
FORMER_MEMBER_HANDLE = "ancien-membre"
# Not an address anyone can register or sign in with (no dot in the domain): the marker of
# the one account that holds the contributions of deleted members.
FORMER_MEMBER_EMAIL = "ancien-membre@invalid"

_ERASERS: list[Callable] = []


def erase_with_account(erase: Callable) -> Callable:
    """Register `erase(session, user)`, run before the account itself is deleted."""
    _ERASERS.append(erase)
    return erase


def former_member(session) -> User:
    """The shared account « ancien membre », created the first time someone leaves."""
    user = session.scalar(select(User).where(User.email == FORMER_MEMBER_EMAIL))
    if user is not None:
        return user
    handle, n = FORMER_MEMBER_HANDLE, 2
    while session.scalar(select(User.id).where(User.handle == handle)) is not None:
        handle, n = f"{FORMER_MEMBER_HANDLE}-{n}", n + 1
    user = User(
        email=FORMER_MEMBER_EMAIL,
        handle=handle,
        display_name=FORMER_MEMBER_NAME,
        password_hash=None,
        role=Role.MEMBER.value,
        active=False,
    )
    session.add(user)
    session.flush()
    return user


def delete_account(session, user: User) -> None:
    """Delete `user` as the module's docstring says; inside a write transaction."""
    if user.email == FORMER_MEMBER_EMAIL:
        raise Conflict("Ce compte ne peut pas être supprimé.")
    if user.is_admin:
        admins = (
            session.scalar(
                select(func.count(User.id)).where(
                    User.role == Role.ADMIN.value, User.active.is_(True)
                )
            )
            or 0
        )
        if admins <= 1:
            raise Conflict(
                "Vous êtes le dernier administrateur : nommez-en un autre "
                "avant de supprimer votre compte."
            )
    former = former_member(session)
    signed = pages_signed_by(session, user.id)
    for model in (Revision, FollowUp):
        session.execute(
            update(model)
            .where(model.author_id == user.id)
            .values(author_id=former.id)
            .execution_options(synchronize_session=False)
        )
    signatures_changed(session, signed)  # search no longer finds them by the member's name
    for erase in _ERASERS:
        erase(session, user)
    session.delete(user)
    session.flush()
    session.expire_all()  # revisions in the identity map now belong to « ancien membre »


@erase_with_account
def _messages(session, user: User) -> None:
    """Their messages go; the other side keeps its own, and its unread count stays true."""
    touched = list(
        session.scalars(select(Participant.conversation_id).where(Participant.user_id == user.id))
    )
    session.execute(delete(Message).where(Message.author_id == user.id))
    session.execute(delete(Participant).where(Participant.user_id == user.id))
    if not touched:
        return
    session.execute(
        delete(Conversation).where(
            Conversation.id.in_(touched),
            ~Conversation.id.in_(select(Message.conversation_id).distinct()),
        )
    )
    for participant in session.scalars(
        select(Participant).where(Participant.conversation_id.in_(touched))
    ):
        since = participant.last_read_at
        unread = select(func.count(Message.id)).where(
            Message.conversation_id == participant.conversation_id,
            Message.author_id != participant.user_id,
            Message.withheld.is_(False),
        )
        if since is not None:
            unread = unread.where(Message.created_at > since)
        participant.unread = session.scalar(unread) or 0


@erase_with_account
def _blocks(session, user: User) -> None:
    session.execute(
        delete(Block).where((Block.blocker_id == user.id) | (Block.blocked_id == user.id))
    )


@erase_with_account
def _calls(session, user: User) -> None:
    """Their calls (a call without its author can be neither followed up nor resolved) and
    their answers to others' calls."""
    session.execute(delete(CallAnswer).where(CallAnswer.author_id == user.id))
    session.execute(
        delete(CallAnswer).where(
            CallAnswer.call_id.in_(select(Call.id).where(Call.author_id == user.id))
        )
    )
    session.execute(delete(Call).where(Call.author_id == user.id))


@erase_with_account
def _mail(session, user: User) -> None:
    """Queued and sent mail keep the address they went to: they go too."""
    session.execute(delete(OutgoingMail).where(OutgoingMail.recipient_id == user.id))
