"""Everything the wiki holds about a member, as one JSON document (GET /api/v1/me/export).

Each section is a function of (session, user); an area that stores more about people (follows,
notifications...) adds its own with `@export_section("name")`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from wiki.access import sees_masked
from wiki.api.serializers import person_ref, timestamp
from wiki.models import (
    ApiToken,
    Block,
    Call,
    CallAnswer,
    Conversation,
    FollowUp,
    MailOptOut,
    Membership,
    Message,
    Participant,
    Profile,
    Report,
    Revision,
    User,
)
from wiki.models.base import utcnow

FORMAT = "wiki-pratiques/export/1"
_SECTIONS: dict[str, Callable] = {}


def export_section(name: str):
    def register(build: Callable) -> Callable:
        _SECTIONS[name] = build
        return build

    return register


def export_data(session, user: User) -> dict:
    """All of `user`'s data; their own email included (this is theirs alone)."""
    return {
        "format": FORMAT,
        "exported_at": timestamp(utcnow()),
        **{name: build(session, user) for name, build in _SECTIONS.items()},
    }


def _plain(value):
    if hasattr(value, "isoformat"):
        return timestamp(value) if hasattr(value, "hour") else value.isoformat()
    return value


@export_section("account")
def _account(session, user: User) -> dict:
    return {
        "handle": user.handle,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role,
        "locale": user.locale,
        "created_at": timestamp(user.created_at),
    }


@export_section("profile")
def _profile(session, user: User) -> dict | None:
    profile = session.scalar(
        select(Profile).where(Profile.user_id == user.id).options(selectinload(Profile.expertise))
    )
    if profile is None:
        return None
    data = {
        column.key: _plain(getattr(profile, column.key))
        for column in Profile.__mapper__.column_attrs
        if column.key not in ("user_id", "presentation_html")
    }
    data["expertise_tags"] = [tag.slug for tag in profile.expertise]
    return data


@export_section("revisions")
def _revisions(session, user: User) -> list[dict]:
    """Every version of a page they wrote, with its text (the pages they wrote or improved)."""
    revisions = session.scalars(
        select(Revision)
        .where(Revision.author_id == user.id)
        .options(selectinload(Revision.page))
        .order_by(Revision.created_at, Revision.id)
    )
    return [_revision(revision, user) for revision in revisions]


def _revision(revision: Revision, user: User) -> dict:
    """A masked revision's content is the moderators' alone, even for its author: it was
    masked because it said too much about someone else (wiki.pages.masking)."""
    entry = {
        "page": revision.page.slug,
        "revision": revision.number,
        "created_at": timestamp(revision.created_at),
    }
    if revision.masked and not sees_masked(user):
        return {**entry, "masked": True, "masked_reason": revision.masked_reason}
    return {
        **entry,
        "title": revision.title,
        "body": revision.body,
        "fields": revision.fields,
        "typed_fields": revision.typed_fields or {},
        "tags": revision.tag_slugs,
        "visibility": revision.visibility,
        "summary": revision.summary,
        "masked": revision.masked,
    }


@export_section("follow_ups")
def _follow_ups(session, user: User) -> list[dict]:
    entries = session.scalars(
        select(FollowUp)
        .where(FollowUp.author_id == user.id)
        .options(selectinload(FollowUp.page))
        .order_by(FollowUp.id)
    )
    return [
        {
            "page": entry.page.slug,
            "observed_on": entry.observed_on.isoformat(),
            "area": entry.area,
            "text": entry.text,
            "created_at": timestamp(entry.created_at),
        }
        for entry in entries
    ]


@export_section("conversations")
def _conversations(session, user: User) -> list[dict]:
    """Their conversations with the messages they wrote and those they received."""
    mine = select(Participant.conversation_id).where(Participant.user_id == user.id)
    conversations = list(
        session.scalars(
            select(Conversation)
            .where(Conversation.id.in_(mine))
            .options(selectinload(Conversation.participants).selectinload(Participant.user))
            .order_by(Conversation.id)
        )
    )
    messages: dict[int, list[Message]] = {c.id: [] for c in conversations}
    if conversations:
        for message in session.scalars(
            select(Message)
            .where(
                Message.conversation_id.in_(list(messages)),
                or_(Message.withheld.is_(False), Message.author_id == user.id),
            )
            .options(selectinload(Message.author))
            .order_by(Message.id)
        ):
            messages[message.conversation_id].append(message)
    return [
        {
            "id": conversation.id,
            "subject": conversation.subject,
            "with": [person_ref(p.user) for p in conversation.participants if p.user_id != user.id],
            "created_at": timestamp(conversation.created_at),
            "messages": [
                {
                    "id": m.id,
                    "author": person_ref(m.author),
                    "mine": m.author_id == user.id,
                    "body": m.body,
                    "created_at": timestamp(m.created_at),
                }
                for m in messages[conversation.id]
            ],
        }
        for conversation in conversations
    ]


@export_section("blocks")
def _blocks(session, user: User) -> list[dict]:
    rows = session.scalars(
        select(Block).where(Block.blocker_id == user.id).options(selectinload(Block.blocked))
    )
    return [
        {"member": person_ref(block.blocked), "created_at": timestamp(block.created_at)}
        for block in rows
    ]


@export_section("calls")
def _calls(session, user: User) -> list[dict]:
    calls = session.scalars(
        select(Call)
        .where(Call.author_id == user.id)
        .options(selectinload(Call.tags))
        .order_by(Call.id)
    )
    return [
        {
            "id": call.id,
            "title": call.title,
            "body": call.body,
            "tags": [tag.slug for tag in call.tags],
            "departement": call.departement,
            "state": call.state,
            "notified": call.notified,
            "created_at": timestamp(call.created_at),
            "resolved_at": timestamp(call.resolved_at),
        }
        for call in calls
    ]


@export_section("call_answers")
def _answers(session, user: User) -> list[dict]:
    answers = session.scalars(
        select(CallAnswer).where(CallAnswer.author_id == user.id).order_by(CallAnswer.id)
    )
    return [
        {
            "id": answer.id,
            "call": answer.call_id,
            "body": answer.body,
            "created_at": timestamp(answer.created_at),
        }
        for answer in answers
    ]


@export_section("reports")
def _reports(session, user: User) -> list[dict]:
    reports = session.scalars(
        select(Report).where(Report.reporter_id == user.id).order_by(Report.id)
    )
    return [
        {
            "id": report.id,
            "target": report.target,
            "reason": report.reason,
            "status": report.status,
            "created_at": timestamp(report.created_at),
        }
        for report in reports
    ]


@export_section("groups")
def _groups(session, user: User) -> list[dict]:
    memberships = session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.group))
    )
    return [
        {"group": m.group.slug, "role": m.role, "joined_at": timestamp(m.joined_at)}
        for m in memberships
    ]


@export_section("api_tokens")
def _tokens(session, user: User) -> list[dict]:
    """Their labels and dates; the tokens themselves are never stored."""
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    )
    return [
        {
            "label": t.label,
            "created_at": timestamp(t.created_at),
            "last_used_at": timestamp(t.last_used_at),
        }
        for t in tokens
    ]


@export_section("mail_opt_outs")
def _opt_outs(session, user: User) -> list[str]:
    return list(session.scalars(select(MailOptOut.category).where(MailOptOut.user_id == user.id)))
