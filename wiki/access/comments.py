"""Comments: they are seen by who sees their page or call, and nowhere else.

A group page's comments are the group's alone: every rule here starts from `page.view` or
`call.view`, and the SQL clause from the pages' and calls' clauses. A comment hidden by
moderation stays in its thread as « masqué par la modération »; its text is for its author
and the moderators.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select

from wiki.access.actors import account, approved_member
from wiki.access.calls import visible_calls_clause
from wiki.access.pages import visible_pages_clause
from wiki.access.policy import can, rule
from wiki.models import Comment, Page


def _subject_visible(user, subject) -> bool:
    if subject is None:
        return False
    action = "page.view" if isinstance(subject, Page) else "call.view"
    return can(user, action, subject)


def comment_subject(comment: Comment):
    """The page or the call `comment` belongs to."""
    return comment.page if comment.page_id is not None else comment.call


@rule("comment.view", hides=True)
def _may_view_comment(user, comment: Comment) -> bool:
    return _subject_visible(user, comment_subject(comment))


@rule("comment.post", message="Connectez-vous pour commenter.")
def _may_post_comment(user, subject) -> bool:
    """`subject` a page or a call: members comment what they may read."""
    return approved_member(user) is not None and _subject_visible(user, subject)


# What one may do with a comment once its page or call is known to be visible to them.


def _readable(user, comment: Comment) -> bool:
    """Its text: gone once deleted; once hidden, for its author and the moderators."""
    if comment.deleted:
        return False
    return not comment.hidden or (
        user is not None and (user.is_moderator or comment.author_id == user.id)
    )


def _editable(user, comment: Comment) -> bool:
    """One's own, while it is neither deleted nor hidden by moderation."""
    return (
        user is not None
        and comment.author_id == user.id
        and not comment.deleted
        and not comment.hidden
    )


def _deletable(user, comment: Comment) -> bool:
    return user is not None and comment.author_id == user.id and not comment.deleted


def _moderatable(user, comment: Comment) -> bool:
    return user is not None and user.is_moderator and not comment.deleted


def _reportable(user, comment: Comment) -> bool:
    """Anyone signed in who may read it, except its author."""
    return user is not None and comment.author_id != user.id and _readable(user, comment)


_ON_A_VISIBLE_COMMENT = {
    "comment.read": _readable,
    "comment.edit": _editable,
    "comment.delete": _deletable,
    "comment.moderate": _moderatable,
    "comment.report": _reportable,
}


def _register(name: str, check, *, hides: bool, message: str) -> None:
    def rule_of(user, comment: Comment) -> bool:
        return check(approved_member(user), comment) and _may_view_comment(user, comment)

    rule(name, hides=hides, message=message)(rule_of)


_register("comment.read", _readable, hides=True, message="")
_register(
    "comment.edit",
    _editable,
    hides=False,
    message="Seul l'auteur d'un commentaire peut le modifier.",
)
_register(
    "comment.delete",
    _deletable,
    hides=False,
    message="Seul l'auteur d'un commentaire peut le supprimer.",
)
_register(
    "comment.moderate",
    _moderatable,
    hides=False,
    message="Cette action est réservée à la modération.",
)
_register("comment.report", _reportable, hides=True, message="")


def thread_permissions(user, subject, comments) -> dict[int, set[str]]:
    """{comment id: the comment.* actions `user` may take} for the comments of one page or
    call: the same rules as can(), the subject's visibility asked once for the thread."""
    if not _subject_visible(user, subject):
        return {comment.id: set() for comment in comments}
    user = approved_member(user)
    return {
        comment.id: {name for name, check in _ON_A_VISIBLE_COMMENT.items() if check(user, comment)}
        for comment in comments
    }


# --- lists, in SQL ----------------------------------------------------------------------


def visible_comments_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Comment: those on a page or call `user` may see (any state)."""
    pages = select(Page.id).where(visible_pages_clause(user))
    return or_(
        Comment.page_id.in_(pages), and_(Comment.call_id.is_not(None), visible_calls_clause(user))
    )


def readable_comments_clause(user) -> ColumnElement[bool]:
    """Over Comment: those whose text `user` may read (not deleted; hidden ones for their
    author and moderators). Combine with visible_comments_clause for a list."""
    user = account(user)
    live = Comment.deleted_at.is_(None)
    if user is not None and user.is_moderator:
        return live
    shown: ColumnElement[bool] = Comment.hidden_at.is_(None)
    if user is not None:
        shown = or_(shown, Comment.author_id == user.id)
    return and_(live, shown)
