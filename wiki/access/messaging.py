"""Conversations and messages: who may write to whom, read, reply, block and report; the SQL
filters of their lists.

Decisions (issue 8):
- A member may write to another approved member they can find: one in the directory, or the
  author of a page they may see (« Écrire à l'auteur »). Anyone else answers 404.
- `accepts_contact = nobody` closes new conversations (403); the member still starts
  conversations and gets replies in those they take part in. No profile means the profile's
  default: contact from members.
- A block is silent: the blocked member is refused a new conversation with the same words
  as a closed contact, and their replies are kept for them alone (withheld).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select

from wiki.access.actors import approved_member, is_moderator
from wiki.access.pages import visible_pages_clause
from wiki.access.policy import rule
from wiki.extensions import db
from wiki.models import (
    Block,
    ContactPolicy,
    Conversation,
    Message,
    Page,
    Participant,
    Report,
    Revision,
    User,
)

CLOSED_CONTACT = "Ce membre ne reçoit pas de nouveaux messages."


# --- lists, in SQL ------------------------------------------------------------------------


def conversations_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Conversation keeping those `user` takes part in."""
    user = approved_member(user)
    if user is None:
        return Conversation.id.is_(None)
    return Conversation.id.in_(
        select(Participant.conversation_id).where(Participant.user_id == user.id)
    )


def visible_messages_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Message: what a participant `user` reads (not another's withheld
    message). Combine it with the conversation's own check."""
    user = approved_member(user)
    if user is None:
        return Message.id.is_(None)
    return or_(Message.withheld.is_(False), Message.author_id == user.id)


def blocks(blocker: User, blocked: User) -> bool:
    """Does `blocker` block `blocked`?"""
    return db.session.get(Block, (blocker.id, blocked.id)) is not None


def blocked_between(one: User, other: User) -> bool:
    return (
        db.session.scalar(
            select(
                exists().where(
                    or_(
                        (Block.blocker_id == one.id) & (Block.blocked_id == other.id),
                        (Block.blocker_id == other.id) & (Block.blocked_id == one.id),
                    )
                )
            )
        )
        or False
    )


def contact_policy(user: User) -> str:
    profile = user.profile
    return profile.accepts_contact if profile is not None else ContactPolicy.MEMBERS


def findable_member(viewer, user: User | None) -> bool:
    """Can `viewer` find `user` to write to them: an approved member in the directory, or the
    author of a page `viewer` may see? (Else the handle reads like an unknown one.)"""
    viewer = approved_member(viewer)
    if viewer is None or user is None or approved_member(user) is None:
        return False
    if user.id == viewer.id:
        return True
    if user.profile is not None and user.profile.in_directory:
        return True
    return (
        db.session.scalar(
            select(
                exists().where(
                    Revision.author_id == user.id,
                    Revision.page_id == Page.id,
                    visible_pages_clause(viewer),
                )
            )
        )
        or False
    )


def is_participant(user, conversation: Conversation) -> bool:
    user = approved_member(user)
    return user is not None and db.session.get(Participant, (conversation.id, user.id)) is not None


# --- the rules ----------------------------------------------------------------------------


@rule("conversation.start", message=CLOSED_CONTACT)
def _may_start_conversation(user, recipient: User) -> bool:
    """`recipient` accepts contact from members and does not block `user`."""
    sender = approved_member(user)
    if sender is None or recipient is None or approved_member(recipient) is None:
        return False
    if recipient.id == sender.id:
        return False
    if contact_policy(recipient) != ContactPolicy.MEMBERS:
        return False
    return not blocks(recipient, sender)


@rule("conversation.view", hides=True)
def _may_view_conversation(user, conversation: Conversation) -> bool:
    return is_participant(user, conversation)


@rule(
    "conversation.reply",
    message="Votre correspondant a quitté le wiki : cette conversation ne reçoit plus de réponse.",
)
def _may_reply(user, conversation: Conversation) -> bool:
    """A participant, while someone else is still there to read it."""
    if not is_participant(user, conversation):
        return False
    others = db.session.scalar(
        select(
            exists().where(
                Participant.conversation_id == conversation.id, Participant.user_id != user.id
            )
        )
    )
    return bool(others)


@rule("member.block", message="Vous ne pouvez pas bloquer ce compte.")
def _may_block(user, target: User) -> bool:
    user = approved_member(user)
    return user is not None and target is not None and target.id != user.id


def _message_readable(user, message: Message) -> bool:
    user = approved_member(user)
    if user is None or message is None:
        return False
    if message.withheld and message.author_id != user.id:
        return False
    return db.session.get(Participant, (message.conversation_id, user.id)) is not None


@rule("message.view", hides=True)
def _may_view_message(user, message: Message) -> bool:
    """Its participants (a withheld one: its author alone); moderators, once it is reported
    (and after: they may have to restore it)."""
    if _message_readable(user, message):
        return True
    if message is None or not is_moderator(user):
        return False
    return (
        db.session.scalar(select(exists().where(Report.target == f"message:{message.id}"))) or False
    )


@rule("message.report", hides=True)
def _may_report_message(user, message: Message) -> bool:
    """A participant reports what the other side wrote to them."""
    return _message_readable(user, message) and message.author_id != user.id
