"""Posting, replying to, editing and deleting comments; moderation hides and restores them.

Domain functions take plain values and a session. Rendering the Markdown is the caller's,
before the write transaction (render_member_text), like every member's text.
"""

from __future__ import annotations

from sqlalchemy import func, select

from wiki.access import can, require
from wiki.comments.charter import require_charter
from wiki.content.member_text import checked_text
from wiki.errors import InvalidInput, NotFound
from wiki.models import Call, Comment, Page, ReportStatus, User
from wiki.models.base import utcnow
from wiki.moderation.actions import close_open_reports
from wiki.moderation.audit import record_audit
from wiki.notifications.events import record_event
from wiki.notifications.subjects import subject_ref
from wiki.urls import page_url

MAX_BODY = 10_000
MAX_ID = 2**31 - 1  # an INTEGER column on PostgreSQL: a larger id names nothing
NOT_FOUND = "Ce commentaire n'existe pas."
REPLY_NOT_FOUND = "Le commentaire auquel vous répondez n'existe pas."


def checked_body(value: object) -> str:
    return checked_text(value, field="body", label="Le commentaire", max_length=MAX_BODY)


def subject_of(comment: Comment) -> Page | Call:
    subject = comment.page if comment.page_id is not None else comment.call
    if subject is None:  # the schema's check: a page or a call
        raise RuntimeError(f"comment {comment.id} has neither a page nor a call")
    return subject


def target_of(comment: Comment) -> str:
    return f"comment:{comment.id}"


def comment_path(comment: Comment) -> str:
    """Where a comment is read: its page or call, at its anchor."""
    if comment.page is not None:
        return page_url(comment.page.slug, absolute=False, anchor=f"comment-{comment.id}")
    return f"/calls/{comment.call_id}#comment-{comment.id}"


def get_comment(session, viewer, comment_id: int) -> Comment:
    """The comment, if `viewer` may see its page or call; NotFound as if missing otherwise."""
    comment = session.get(Comment, comment_id) if 0 < comment_id <= MAX_ID else None
    if comment is None:
        raise NotFound(NOT_FOUND)
    require(viewer, "comment.view", comment, not_found=NOT_FOUND)
    return comment


def _subject_filter(subject: Page | Call):
    if isinstance(subject, Page):
        return Comment.page_id == subject.id
    return Comment.call_id == subject.id


def _parent_for(session, author: User, subject: Page | Call, reply_to: object) -> Comment | None:
    """The top-level comment a reply goes under: a reply to a reply joins its thread
    (one level of replies)."""
    if reply_to is None:
        return None
    if isinstance(reply_to, bool) or not isinstance(reply_to, int):
        raise InvalidInput(
            "« reply_to » est l'identifiant d'un commentaire, ou null.", field="reply_to"
        )
    parent = session.get(Comment, reply_to) if 0 < reply_to <= MAX_ID else None
    if (
        parent is None
        or session.scalar(
            select(Comment.id).where(Comment.id == parent.id, _subject_filter(subject))
        )
        is None
    ):
        raise NotFound(REPLY_NOT_FOUND, field="reply_to")
    if parent.parent_id is not None:
        parent = parent.parent
    if parent.deleted:
        raise InvalidInput(
            "Ce commentaire a été supprimé : on ne peut plus y répondre.", field="reply_to"
        )
    if parent.hidden:
        raise InvalidInput(
            "Ce commentaire est masqué par la modération : on ne peut pas y répondre.",
            field="reply_to",
        )
    return parent


def post_comment(
    session,
    author: User,
    subject: Page | Call,
    body: str,
    html: str,
    *,
    reply_to: object = None,
    justifications: list[dict] | None = None,
) -> Comment:
    """A new comment (or reply) on a page or a call; its followers will hear of it.

    CharterFindings (422) if the charter finds something left unjustified: nothing saved.
    """
    require(author, "comment.post", subject)
    kept = require_charter(body, justifications or [])
    parent = _parent_for(session, author, subject, reply_to)
    comment = Comment(
        author_id=author.id,
        body=body,
        html=html,
        justifications=kept,
        parent_id=parent.id if parent is not None else None,
        created_at=utcnow(),
    )
    if isinstance(subject, Page):
        comment.page_id = subject.id
    else:
        comment.call_id = subject.id
    session.add(comment)
    session.flush()
    record_event(
        session,
        "comment.added",
        author,
        subject_ref("comment", comment.id),
        page=comment.page_id,
        call=comment.call_id,
        parent_author=parent.author_id if parent is not None else None,
    )
    return comment


def edit_comment(
    session,
    user: User,
    comment: Comment,
    body: str,
    html: str,
    *,
    justifications: list[dict] | None = None,
) -> Comment:
    """Its author rewrites it; the thread then marks it « modifié »."""
    require(user, "comment.edit", comment)
    kept = require_charter(body, justifications or [])
    if body != comment.body:
        comment.body, comment.html, comment.edited_at = body, html, utcnow()
    comment.justifications = kept
    return comment


def _replies(session, comment: Comment) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Comment).where(Comment.parent_id == comment.id)
        )
        or 0
    )


def delete_comment(session, user: User, comment: Comment) -> bool:
    """Its author deletes it. With replies, its place stays (« commentaire supprimé »);
    else it goes, and a deleted parent left without replies goes with it. Returns whether
    the row is gone."""
    require(user, "comment.delete", comment)
    if _replies(session, comment):
        comment.deleted_at = utcnow()
        comment.body, comment.html, comment.justifications = "", "", []
        return False
    parent = comment.parent
    session.delete(comment)
    session.flush()
    if parent is not None and parent.deleted and not _replies(session, parent):
        session.delete(parent)
    return True


def _checked_reason(reason: object, *, required: bool) -> str:
    return checked_text(
        reason, field="reason", label="Le motif", max_length=2000, required=required
    )


def hide_comment(session, moderator: User, comment: Comment, reason: object) -> Comment:
    """Moderation masks it: others read « masqué par la modération ». Audited."""
    require(moderator, "comment.moderate", comment)
    reason = _checked_reason(reason, required=True)
    if comment.hidden:
        raise InvalidInput("Ce commentaire est déjà masqué.", field="reason")
    comment.hidden_at, comment.hidden_by_id, comment.hidden_reason = (
        utcnow(),
        moderator.id,
        reason,
    )
    # Hidden from its page: its reports leave the queue as if hidden from there.
    closed = close_open_reports(
        session, moderator, target_of(comment), ReportStatus.RESOLVED, reason
    )
    record_audit(
        session,
        moderator,
        "comment.hide",
        target_of(comment),
        reason=reason,
        path=comment_path(comment),
        reports=closed,
    )
    return comment


def restore_comment(session, moderator: User, comment: Comment, reason: object = "") -> Comment:
    """Moderation lifts the mask. Audited."""
    require(moderator, "comment.moderate", comment)
    reason = _checked_reason(reason, required=False)
    if not comment.hidden:
        raise InvalidInput("Ce commentaire n'est pas masqué.", field="reason")
    comment.hidden_at, comment.hidden_by_id, comment.hidden_reason = None, None, ""
    record_audit(
        session,
        moderator,
        "comment.restore",
        target_of(comment),
        reason=reason,
        path=comment_path(comment),
    )
    return comment


def may_read(viewer, comment: Comment) -> bool:
    return can(viewer, "comment.read", comment)
