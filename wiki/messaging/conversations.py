"""Conversations: start one, reply, read, block; each write queues the recipient's mail.

The recipient is told by mail with a link to the conversation and the sender's name, never
an address: replies happen in the wiki. To keep mail rare, a mail goes out when a
conversation gets its first unread message, not for every message after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from wiki.access import approved_member, require
from wiki.access.messaging import (
    blocks,
    conversations_clause,
    findable_member,
    visible_messages_clause,
)
from wiki.content.member_text import checked_text
from wiki.errors import Forbidden, NotFound, TooManyRequests
from wiki.mail import Category, send_mail
from wiki.models import Block, Conversation, Message, Participant, User
from wiki.models.base import utcnow
from wiki.urls import external_url

MAX_SUBJECT = 200
MAX_BODY = 20_000
RATE_WINDOW = timedelta(days=1)
NOT_FOUND = "Cette conversation n'existe pas."
UNKNOWN_MEMBER = "Ce membre n'existe pas."
YOU_BLOCK = "Vous avez bloqué ce membre : débloquez-le pour lui écrire."
MAX_ID = 2**31 - 1  # an INTEGER column on PostgreSQL: a larger id names nothing


def checked_subject(value: object) -> str:
    return checked_text(value, field="subject", label="L'objet", max_length=MAX_SUBJECT)


def checked_body(value: object) -> str:
    return checked_text(value, field="body", label="Le message", max_length=MAX_BODY)


def conversation_url(conversation: Conversation) -> str:
    return f"/messages/{conversation.id}"


# --- finding --------------------------------------------------------------------------------


def find_member(session, viewer, handle: str) -> User:
    """The member `viewer` can write to under `handle`, else 404 (as if no such member)."""
    user = session.scalar(select(User).where(User.handle == (handle or "").strip()))
    if not findable_member(viewer, user):
        raise NotFound(UNKNOWN_MEMBER)
    return user


def find_correspondent(session, viewer, handle: str) -> User:
    """A member `viewer` can find, or one they share a conversation with (to block them)."""
    user = session.scalar(select(User).where(User.handle == (handle or "").strip()))
    if user is not None and not findable_member(viewer, user):
        mine = select(Participant.conversation_id).where(Participant.user_id == viewer.id)
        shared = session.scalar(
            select(func.count())
            .select_from(Participant)
            .where(Participant.user_id == user.id, Participant.conversation_id.in_(mine))
        )
        if not shared:
            user = None
    if user is None:
        raise NotFound(UNKNOWN_MEMBER)
    return user


def find_blocked(session, blocker: User, handle: str) -> User:
    """A member `blocker` blocks, by handle (to unblock them), else 404."""
    user = session.scalar(
        select(User)
        .join(Block, Block.blocked_id == User.id)
        .where(Block.blocker_id == blocker.id, User.handle == (handle or "").strip())
    )
    if user is None:
        raise NotFound(UNKNOWN_MEMBER)
    return user


def get_conversation(session, viewer, conversation_id: int) -> Conversation:
    conversation = (
        session.get(Conversation, conversation_id) if (0 < conversation_id <= MAX_ID) else None
    )
    if conversation is None:
        raise NotFound(NOT_FOUND)
    require(viewer, "conversation.view", conversation, not_found=NOT_FOUND)
    return conversation


def visible_message(session, viewer, message_id: int) -> Message | None:
    message = session.get(Message, message_id) if 0 < message_id <= MAX_ID else None
    if message is None:
        return None
    from wiki.access import can

    return message if can(viewer, "message.view", message) else None


# --- writing --------------------------------------------------------------------------------


def started_today(session, user: User, now: datetime) -> int:
    return (
        session.scalar(
            select(func.count(Conversation.id)).where(
                Conversation.started_by_id == user.id, Conversation.created_at > now - RATE_WINDOW
            )
        )
        or 0
    )


def start_conversation(
    session, sender: User, recipient: User, subject: str, body: str, html: str, *, daily_limit: int
) -> Conversation:
    """A new conversation from `sender` to `recipient` with its first message (rendered
    `html`); call inside a write transaction. 403 if the recipient accepts no contact or
    blocks the sender, 429 past `daily_limit` new conversations in 24 hours."""
    if blocks(sender, recipient):
        raise Forbidden(YOU_BLOCK)
    require(sender, "conversation.start", recipient)
    now = utcnow()
    if started_today(session, sender, now) >= daily_limit:
        raise TooManyRequests(
            f"Vous avez commencé {daily_limit} conversations en 24 heures, le plus que le "
            "wiki permet : répondez dans vos conversations, ou écrivez demain.",
            details={"limit": daily_limit},
        )
    conversation = Conversation(
        subject=subject, started_by_id=sender.id, created_at=now, last_message_at=now
    )
    conversation.participants = [
        Participant(user_id=sender.id, unread=0, last_read_at=now),
        Participant(user_id=recipient.id, unread=1),
    ]
    session.add(conversation)
    session.add(
        Message(
            conversation=conversation, author_id=sender.id, body=body, html=html, created_at=now
        )
    )
    session.flush()
    _tell(session, recipient, sender, conversation)
    return conversation


def reply(session, author: User, conversation: Conversation, body: str, html: str) -> Message:
    """A reply in `conversation`; inside a write transaction. A reply to someone who blocks
    the author is kept for the author alone (they are not told)."""
    require(author, "conversation.reply", conversation)
    others = [p for p in conversation.participants if p.user_id != author.id]
    other_users = [session.get(User, p.user_id) for p in others]
    if any(blocks(author, other) for other in other_users):
        raise Forbidden(YOU_BLOCK)
    withheld = any(blocks(other, author) for other in other_users)
    now = utcnow()
    message = Message(
        conversation_id=conversation.id,
        author_id=author.id,
        body=body,
        html=html,
        withheld=withheld,
        created_at=now,
    )
    session.add(message)
    mine = session.get(Participant, (conversation.id, author.id))
    mine.unread, mine.last_read_at = 0, now
    if not withheld:
        conversation.last_message_at = now
        for participant, user in zip(others, other_users, strict=True):
            was_unread = participant.unread
            session.execute(
                update(Participant)
                .where(
                    Participant.conversation_id == conversation.id,
                    Participant.user_id == participant.user_id,
                )
                .values(unread=Participant.unread + 1)
                .execution_options(synchronize_session=False)
            )
            if not was_unread:
                _tell(session, user, author, conversation)
    session.flush()
    return message


def _tell(session, recipient: User, sender: User, conversation: Conversation) -> None:
    send_mail(
        session,
        recipient,
        "message_received",
        category=Category.MESSAGES,
        sender_name=sender.display_name,
        subject=conversation.subject,
        conversation_url=external_url(conversation_url(conversation)),
    )


def mark_read(session, user: User, conversation: Conversation) -> None:
    """`user` has read the conversation up to now (a write: call after begin_write)."""
    participant = session.get(Participant, (conversation.id, user.id))
    if participant is not None:
        participant.unread, participant.last_read_at = 0, utcnow()


def unread_in(session, user: User, conversation: Conversation) -> int:
    participant = session.get(Participant, (conversation.id, user.id))
    return participant.unread if participant is not None else 0


# --- blocking -------------------------------------------------------------------------------


def block(session, blocker: User, blocked: User) -> None:
    require(blocker, "member.block", blocked)
    if session.get(Block, (blocker.id, blocked.id)) is None:
        session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id))


def unblock(session, blocker: User, blocked: User) -> None:
    existing = session.get(Block, (blocker.id, blocked.id))
    if existing is not None:
        session.delete(existing)


def blocked_members(session, user: User) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(Block, Block.blocked_id == User.id)
            .where(Block.blocker_id == user.id)
            .order_by(User.display_name)
        )
    )


# --- reading --------------------------------------------------------------------------------


def unread_total(session, user) -> int:
    """The header's count: one indexed sum over the member's conversations."""
    user = approved_member(user)
    if user is None:
        return 0
    return (
        session.scalar(
            select(func.coalesce(func.sum(Participant.unread), 0)).where(
                Participant.user_id == user.id
            )
        )
        or 0
    )


@dataclass
class ConversationSummary:
    conversation: Conversation
    others: list[User]
    unread: int


def conversations_of(
    session, user: User, *, offset: int = 0, limit: int = 50
) -> tuple[int, list[ConversationSummary]]:
    """The member's conversations, the latest first: (total, one page), in three queries."""
    total = (
        session.scalar(select(func.count(Conversation.id)).where(conversations_clause(user))) or 0
    )
    rows = session.execute(
        select(Conversation, Participant.unread)
        .join(
            Participant,
            (Participant.conversation_id == Conversation.id) & (Participant.user_id == user.id),
        )
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    ids = [conversation.id for conversation, _unread in rows]
    others: dict[int, list[User]] = {conversation_id: [] for conversation_id in ids}
    if ids:
        for participant in session.scalars(
            select(Participant)
            .where(Participant.conversation_id.in_(ids), Participant.user_id != user.id)
            .options(selectinload(Participant.user))
        ):
            others[participant.conversation_id].append(participant.user)
    return total, [
        ConversationSummary(conversation, others[conversation.id], unread)
        for conversation, unread in rows
    ]


@dataclass
class ShownMessage:
    message: Message
    mine: bool
    read: bool  # mine and read by every other participant

    @property
    def masked(self) -> bool:
        """Hidden by the moderation: its author still reads it (marked), the others not."""
        return self.message.hidden_at is not None and not self.mine


@dataclass
class ConversationView:
    conversation: Conversation
    others: list[User]
    messages: list[ShownMessage] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)  # ids of the others `viewer` blocks


def conversation_view(session, viewer: User, conversation: Conversation) -> ConversationView:
    participants = list(
        session.scalars(
            select(Participant)
            .where(Participant.conversation_id == conversation.id)
            .options(selectinload(Participant.user))
        )
    )
    others = [p for p in participants if p.user_id != viewer.id]
    messages = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation.id, visible_messages_clause(viewer))
        .options(selectinload(Message.author))
        .order_by(Message.id)
    )
    shown = []
    for message in messages:
        mine = message.author_id == viewer.id
        read = (
            mine
            and bool(others)
            and all(
                p.last_read_at is not None and p.last_read_at >= message.created_at for p in others
            )
        )
        shown.append(ShownMessage(message, mine, read))
    blocked = (
        set(
            session.scalars(
                select(Block.blocked_id).where(
                    Block.blocker_id == viewer.id, Block.blocked_id.in_([p.user_id for p in others])
                )
            )
        )
        if others
        else set()
    )
    return ConversationView(conversation, [p.user for p in others], shown, blocked)
