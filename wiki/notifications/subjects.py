"""What a notification is about, found again when it is delivered and when it is read.

Each kind of subject registers a finder: (session, viewer, id) -> Subject, or None when it
is gone or the viewer may not see it — at that moment, not when the event happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from wiki.access import can, group_ids_of, is_moderator
from wiki.access.groups import is_facilitator
from wiki.models import Call, Group, GroupRequest, GroupRequestKind, Membership, Page, Report
from wiki.urls import page_url

Finder = Callable[[object, object, int], "Subject | None"]
_FINDERS: dict[str, Finder] = {}


@dataclass(frozen=True)
class Subject:
    kind: str
    title: str
    path: str  # where the notification leads, on this site


def subject_kind(name: str) -> Callable[[Finder], Finder]:
    def register(finder: Finder) -> Finder:
        _FINDERS[name] = finder
        return finder

    return register


def subject_ref(kind: str, identifier: int) -> str:
    return f"{kind}:{identifier}"


def find_subject(session, viewer, ref: str) -> Subject | None:
    kind, _, identifier = ref.partition(":")
    finder = _FINDERS.get(kind)
    if finder is None or not identifier.isdigit():
        return None
    return finder(session, viewer, int(identifier))


@subject_kind("page")
def _page(session, viewer, page_id: int) -> Subject | None:
    page = session.get(Page, page_id)
    if page is None or not can(viewer, "page.view", page):
        return None
    return Subject("page", page.title, page_url(page.slug, absolute=False))


@subject_kind("group")
def _group(session, viewer, group_id: int) -> Subject | None:
    group = session.get(Group, group_id)
    if group is None or group.id not in group_ids_of(viewer):
        return None
    return Subject("group", group.name, f"/groups/{group.slug}")


@subject_kind("invitation")
def _invitation(session, viewer, request_id: int) -> Subject | None:
    """An invitation still waiting, for the member invited alone."""
    invitation = session.get(GroupRequest, request_id)
    if (
        invitation is None
        or invitation.kind != GroupRequestKind.INVITATION
        or viewer is None
        or invitation.user_id != getattr(viewer, "id", None)
    ):
        return None
    return Subject("invitation", invitation.group.name, f"/groups/{invitation.group.slug}")


@subject_kind("group_request")
def _group_request(session, viewer, request_id: int) -> Subject | None:
    """A request to join still waiting, for the group's facilitators."""
    request = session.get(GroupRequest, request_id)
    if (
        request is None
        or request.kind != GroupRequestKind.REQUEST
        or not is_facilitator(viewer, request.group)
    ):
        return None
    return Subject("group_request", request.group.name, f"/groups/{request.group.slug}")


@subject_kind("call")
def _call(session, viewer, call_id: int) -> Subject | None:
    call = session.get(Call, call_id)
    if call is None or not can(viewer, "call.view", call):
        return None
    return Subject("call", call.title, f"/calls/{call.id}")


@subject_kind("report")
def _report(session, viewer, report_id: int) -> Subject | None:
    report = session.get(Report, report_id)
    if report is None or not is_moderator(viewer):
        return None
    return Subject("report", report.target, "/moderation")


def group_member_ids(session, group_id: int) -> list[int]:
    return list(session.scalars(select(Membership.user_id).where(Membership.group_id == group_id)))
