"""Who may hear of an event, and why: {user id: reason}. Visibility is checked afterwards,
at delivery, for each of them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from wiki.models import (
    Call,
    FollowKind,
    GroupRequest,
    GroupRole,
    Membership,
    NotificationEvent,
    Revision,
    Role,
    Tag,
    User,
)
from wiki.notifications.following import followers
from wiki.notifications.subjects import group_member_ids

Reasons = dict[int, str]
_RECIPIENTS: dict[str, Callable[[object, NotificationEvent], Reasons]] = {}


def recipients_of(kind: str):
    def register(finder):
        _RECIPIENTS[kind] = finder
        return finder

    return register


def recipients(session, event: NotificationEvent) -> Reasons:
    """Everyone the event concerns but its actor."""
    finder = _RECIPIENTS.get(event.kind)
    found = finder(session, event) if finder else {}
    if event.actor_id is not None:
        found.pop(event.actor_id, None)
    return found


def _subject_id(event: NotificationEvent) -> int:
    return int(event.subject.partition(":")[2])


def _tag_followers(session, tag_ids) -> Reasons:
    tag_ids = list(tag_ids)
    if not tag_ids:
        return {}
    slugs = dict(session.execute(select(Tag.id, Tag.slug).where(Tag.id.in_(tag_ids))).all())
    return {
        user_id: f"tag:{slugs.get(tag_id, '')}"
        for user_id, tag_id in followers(session, FollowKind.TAG, tag_ids).items()
    }


def _member_followers(session, actor_id: int | None) -> Reasons:
    if actor_id is None:
        return {}
    handle = session.scalar(select(User.handle).where(User.id == actor_id)) or ""
    return {
        user_id: f"member:{handle}" for user_id in followers(session, FollowKind.MEMBER, [actor_id])
    }


def _page_followers(session, page_id: int) -> Reasons:
    return {user_id: "page" for user_id in followers(session, FollowKind.PAGE, [page_id])}


def _merged(*parts: Reasons) -> Reasons:
    """The first reason wins: the most specific comes first."""
    merged: Reasons = {}
    for part in parts:
        for user_id, reason in part.items():
            merged.setdefault(user_id, reason)
    return merged


@recipients_of("page.published")
def _page_published(session, event: NotificationEvent) -> Reasons:
    group = event.data.get("group")
    group_followers = (
        {user_id: "group" for user_id in followers(session, FollowKind.GROUP, [group])}
        if group
        else {}
    )
    return _merged(
        _tag_followers(session, event.data.get("tags", ())),
        group_followers,
        _member_followers(session, event.actor_id),
    )


@recipients_of("page.revised")
def _page_revised(session, event: NotificationEvent) -> Reasons:
    return _merged(
        _page_followers(session, _subject_id(event)),
        _tag_followers(session, event.data.get("added_tags", ())),
        _member_followers(session, event.actor_id),
    )


@recipients_of("follow_up.added")
def _follow_up_added(session, event: NotificationEvent) -> Reasons:
    return _page_followers(session, _subject_id(event))


@recipients_of("follow_up.reminder")
def _follow_up_reminder(session, event: NotificationEvent) -> Reasons:
    """The sheet's authors as they are at delivery (who may still see it is checked then)."""
    authors = session.scalars(
        select(Revision.author_id)
        .distinct()
        .where(Revision.page_id == _subject_id(event), Revision.author_id.is_not(None))
    )
    return {user_id: "author" for user_id in authors}


@recipients_of("group.joined")
def _group_joined(session, event: NotificationEvent) -> Reasons:
    return {user_id: "group" for user_id in group_member_ids(session, _subject_id(event))}


@recipients_of("group.invited")
def _group_invited(session, event: NotificationEvent) -> Reasons:
    invited = session.scalar(
        select(GroupRequest.user_id).where(GroupRequest.id == _subject_id(event))
    )
    return {invited: "invitation"} if invited is not None else {}


@recipients_of("group.requested")
def _group_requested(session, event: NotificationEvent) -> Reasons:
    group_id = select(GroupRequest.group_id).where(GroupRequest.id == _subject_id(event))
    facilitators = session.scalars(
        select(Membership.user_id).where(
            Membership.group_id == group_id.scalar_subquery(),
            Membership.role == GroupRole.FACILITATOR,
        )
    )
    return {user_id: "facilitator" for user_id in facilitators}


@recipients_of("report.filed")
def _report_filed(session, _event: NotificationEvent) -> Reasons:
    moderators = session.scalars(
        select(User.id).where(User.role.in_((Role.MODERATOR, Role.ADMIN)), User.active)
    )
    return {user_id: "moderation" for user_id in moderators}


@recipients_of("call.matching")
def _call_matching(_session, event: NotificationEvent) -> Reasons:
    return {int(user_id): "call" for user_id in event.data.get("members", ())}


@recipients_of("call.answered")
def _call_answered(session, event: NotificationEvent) -> Reasons:
    author_id = session.scalar(select(Call.author_id).where(Call.id == _subject_id(event)))
    return {author_id: "own_call"} if author_id is not None else {}
