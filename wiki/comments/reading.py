"""What a reader sees of a thread of comments, and the comment counts of a list of pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from wiki.access.comments import readable_comments_clause, thread_permissions
from wiki.access.pages import visible_pages_clause
from wiki.models import Call, Comment, Page


@dataclass
class ShownComment:
    comment: Comment
    actions: set[str]  # the comment.* actions the reader may take
    replies: list[ShownComment] = field(default_factory=list)

    @property
    def state(self) -> str:
        """published, hidden (by moderation) or deleted (its replies keep its place)."""
        if self.comment.deleted:
            return "deleted"
        return "hidden" if self.comment.hidden else "published"

    @property
    def readable(self) -> bool:
        return "comment.read" in self.actions

    def may(self, action: str) -> bool:
        return f"comment.{action}" in self.actions


def thread(session, viewer, subject: Page | Call) -> list[ShownComment]:
    """The comments of a page or call as `viewer` may see them (none if they may not see
    the subject), oldest first, each top-level comment with its replies. One query."""
    if not _subject_seen(viewer, subject):
        return []
    column = Comment.page_id if isinstance(subject, Page) else Comment.call_id
    comments = list(
        session.scalars(
            select(Comment)
            .where(column == subject.id)
            .options(joinedload(Comment.author))
            .order_by(Comment.created_at, Comment.id)
        )
    )
    actions = thread_permissions(viewer, subject, comments)
    shown = {comment.id: ShownComment(comment, actions[comment.id]) for comment in comments}
    top = []
    for comment in comments:
        if comment.parent_id is None:
            top.append(shown[comment.id])
        elif comment.parent_id in shown:
            shown[comment.parent_id].replies.append(shown[comment.id])
    return top


def _subject_seen(viewer, subject) -> bool:
    from wiki.access import can

    return can(viewer, "page.view" if isinstance(subject, Page) else "call.view", subject)


def flatten(top: list[ShownComment]) -> list[ShownComment]:
    """Thread order: each top-level comment followed by its replies."""
    return [item for shown in top for item in (shown, *shown.replies)]


def comment_counts(session, viewer, page_ids) -> dict[int, int]:
    """{page id: the comments `viewer` may read on it} for a whole list, in one query."""
    page_ids = [page_id for page_id in page_ids if page_id is not None]
    if not page_ids:
        return {}
    # Joined to the pages (not visible_comments_clause, whose OR over pages and calls
    # would keep SQLite from the index on page_id).
    rows = session.execute(
        select(Comment.page_id, func.count())
        .join(Page, Page.id == Comment.page_id)
        .where(
            Comment.page_id.in_(page_ids),
            visible_pages_clause(viewer),
            readable_comments_clause(viewer),
        )
        .group_by(Comment.page_id)
    )
    return dict(rows.all())
