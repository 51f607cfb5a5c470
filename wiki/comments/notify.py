"""Who hears of a new comment, and what the notification leads to (checked at delivery).

Followers of the page, the author of the comment answered, the author of the call. Each
is notified only if, when the event is delivered, they may read the comment: a page made
group-only in between notifies nobody outside the group.
"""

from __future__ import annotations

from wiki.access import can
from wiki.comments.commenting import comment_path, subject_of
from wiki.models import Call, Comment, FollowKind, NotificationEvent
from wiki.notifications.following import followers
from wiki.notifications.recipients import Reasons, recipients_of
from wiki.notifications.subjects import Subject, subject_kind


@subject_kind("comment")
def _comment(session, viewer, comment_id: int) -> Subject | None:
    comment = session.get(Comment, comment_id)
    if comment is None or not can(viewer, "comment.read", comment):
        return None
    subject = subject_of(comment)
    return Subject("comment", subject.title, comment_path(comment))


@recipients_of("comment.added")
def _comment_added(session, event: NotificationEvent) -> Reasons:
    found: Reasons = {}
    parent_author = event.data.get("parent_author")
    if parent_author:
        found[parent_author] = "reply"
    call_id = event.data.get("call")
    if call_id:
        call = session.get(Call, call_id)
        if call is not None:
            found.setdefault(call.author_id, "own_call")
    page_id = event.data.get("page")
    if page_id:
        for user_id in followers(session, FollowKind.PAGE, [page_id]):
            found.setdefault(user_id, "page")
    return found
