"""What the comments let members report: a comment they may read, not their own."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wiki.access import can
from wiki.models import Comment
from wiki.moderation.actions import ItemInContext, moderatable
from wiki.moderation.reports import reportable
from wiki.moderation.targets import excerpt


@reportable("comment")
def _comment(session, reporter, reference: str):
    if not reference.isdigit() or not 0 < int(reference) <= 2**31 - 1:
        return None
    comment = session.get(Comment, int(reference))
    return comment if comment is not None and can(reporter, "comment.report", comment) else None


# --- the moderation queue: a reported comment in context, hidden and restored from there ---


def _describe_comment(comment: Comment) -> ItemInContext:
    return ItemInContext(
        kind="comment",
        label=_l("Commentaire"),
        title=_l("Commentaire n° %(id)s", id=comment.id),
        excerpt=excerpt(comment.body),
        url=f"/comments/{comment.id}",
        author=comment.author,
        hidden=comment.hidden_at is not None,
    )


def _hide_comment(_session, comment: Comment, hidden_at, actor, reason: str) -> None:
    """The queue's hide and restore (audited there as moderation.hide / .restore): who hid
    it and why are kept on the comment, as when it is hidden from its page."""
    comment.hidden_at = hidden_at
    if hidden_at is None:
        comment.hidden_by_id, comment.hidden_reason = None, ""
    else:
        comment.hidden_by_id, comment.hidden_reason = actor.id, reason


@moderatable("comment", describe=_describe_comment, set_hidden=_hide_comment)
def _find_comment(session, reference: str):
    if not reference.isdigit() or not 0 < int(reference) <= 2**31 - 1:
        return None
    return session.get(Comment, int(reference))
