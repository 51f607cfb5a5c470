"""Recording what happened, in the transaction where it happened (the notifications' outbox).

Domain functions call these; who hears of it is decided at delivery (wiki.notifications
.delivery), with what each follower may see then.
"""

from __future__ import annotations

from wiki.models import NotificationEvent, Page, User
from wiki.notifications.following import follow_as_author
from wiki.notifications.subjects import subject_ref
from wiki.urls import request_origin


def record_event(session, kind: str, actor: User | None, subject: str, **data) -> NotificationEvent:
    """The event, with the address its request came to (without WIKI_BASE_URL): its mails,
    written after the request, link there rather than to the local server."""
    came_to = request_origin()
    if came_to is not None:
        data["origin"] = came_to
    event = NotificationEvent(
        kind=kind, actor_id=actor.id if actor is not None else None, subject=subject, data=data
    )
    session.add(event)
    return event


def page_published(session, page: Page, author: User | None) -> None:
    """A new page (or a draft made public): its tags', its author's and its group's
    followers may hear of it; the author follows it."""
    follow_as_author(session, author, page)
    record_event(
        session,
        "page.published",
        author,
        subject_ref("page", page.id),
        tags=[tag.id for tag in page.tags],
        group=page.group_id,
    )


def page_revised(
    session, page: Page, author: User | None, *, previous_tag_ids: set[int], summary: str = ""
) -> None:
    """A new revision: the page's followers hear of it, and the followers of a tag the
    page did not carry before."""
    follow_as_author(session, author, page)
    added = sorted({tag.id for tag in page.tags} - set(previous_tag_ids))
    record_event(
        session,
        "page.revised",
        author,
        subject_ref("page", page.id),
        added_tags=added,
        summary=summary,
    )


def follow_up_added(session, page: Page, author: User | None) -> None:
    record_event(session, "follow_up.added", author, subject_ref("page", page.id))


def group_joined(session, group_id: int, member: User) -> None:
    record_event(session, "group.joined", member, subject_ref("group", group_id))


def group_invited(session, invitation_id: int, facilitator: User) -> None:
    record_event(session, "group.invited", facilitator, subject_ref("invitation", invitation_id))


def group_requested(session, request_id: int, member: User) -> None:
    record_event(session, "group.requested", member, subject_ref("group_request", request_id))


def report_filed(session, report_id: int, reporter: User | None) -> None:
    record_event(session, "report.filed", reporter, subject_ref("report", report_id))


def call_posted(session, call_id: int, author: User, member_ids: list[int]) -> None:
    """A call to the network: the members whose expertise and département it matches
    (chosen when it is posted, wiki.calls.posting) hear of it."""
    record_event(
        session, "call.matching", author, subject_ref("call", call_id), members=list(member_ids)
    )


def call_answered(session, call_id: int, answer_id: int, author: User) -> None:
    """An answer: the call's author hears of it (never of their own)."""
    record_event(session, "call.answered", author, subject_ref("call", call_id), answer=answer_id)
