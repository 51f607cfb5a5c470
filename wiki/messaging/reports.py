"""What messaging lets members report (a message written to them, by its participants only),
and how moderators hide it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wiki.access import can
from wiki.models import Message
from wiki.moderation.actions import ItemInContext, moderatable
from wiki.moderation.reports import reportable
from wiki.moderation.targets import excerpt


def _message_id(reference: str) -> int | None:
    if not reference.isdigit() or not 0 < int(reference) <= 2**31 - 1:
        return None
    return int(reference)


@reportable("message")
def _message(session, reporter, reference: str):
    message_id = _message_id(reference)
    message = session.get(Message, message_id) if message_id is not None else None
    return message if message is not None and can(reporter, "message.report", message) else None


def _describe_message(message: Message) -> ItemInContext:
    return ItemInContext(
        kind="message",
        label=_l("Message"),
        title=message.conversation.subject,
        excerpt=excerpt(message.body),
        url=None,
        author=message.author,
        hidden=message.hidden_at is not None,
    )


def _hide_message(_session, message: Message, hidden_at, _actor, _reason) -> None:
    message.hidden_at = hidden_at


@moderatable("message", describe=_describe_message, set_hidden=_hide_message)
def _find_message(session, reference: str):
    message_id = _message_id(reference)
    return session.get(Message, message_id) if message_id is not None else None
