"""The mail a notification sends when its member chose « par mail tout de suite »: the
generic one, or a kind's own (a call to the network says its tags and where it is)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale

from wiki.mail import Category
from wiki.models import Call, NotificationEvent, User
from wiki.notifications.subjects import Subject
from wiki.notifications.text import someone
from wiki.urls import external_url

DEFAULT_LOCALE = "fr"


@dataclass
class MailPlan:
    template: str
    category: str
    context: dict


Builder = Callable[[object, NotificationEvent, User | None, Subject, str], MailPlan]
_BUILDERS: dict[str, Builder] = {}


def mail_for(kind: str):
    def register(builder: Builder) -> Builder:
        _BUILDERS[kind] = builder
        return builder

    return register


def mail_plan(
    session,
    person: User,
    event: NotificationEvent,
    actor: User | None,
    subject: Subject,
    reason: str,
) -> MailPlan:
    """What to send `person`, its words in their language."""
    builder = _BUILDERS.get(event.kind)
    if builder is None:
        return MailPlan(
            "notification",
            Category.NOTIFICATIONS,
            {
                "kind": event.kind,
                "subject": subject,
                "reason": reason,
                "actor_name": actor.display_name if actor else None,
            },
        )
    with force_locale(person.locale or DEFAULT_LOCALE):
        return builder(session, event, actor, subject, reason)


def _actor_name(actor: User | None) -> str:
    return actor.display_name if actor else someone()


@mail_for("call.matching")
def _call_matching(session, event, actor, subject, _reason) -> MailPlan:
    from wiki.calls.posting import where_label

    call = session.get(Call, int(event.subject.partition(":")[2]))
    return MailPlan(
        "call_matches",
        Category.CALLS,
        {
            "title": call.title,
            "author_name": _actor_name(actor),
            "tags": ", ".join(tag.label_fr for tag in call.tags),
            "where": where_label(call.departement),
            "call_url": external_url(subject.path),
        },
    )


@mail_for("call.answered")
def _call_answered(_session, event, actor, subject, _reason) -> MailPlan:
    anchor = f"#answer-{event.data['answer']}" if event.data.get("answer") else ""
    return MailPlan(
        "call_answered",
        Category.CALLS,
        {
            "title": subject.title,
            "author_name": _actor_name(actor),
            "call_url": external_url(subject.path + anchor),
        },
    )
