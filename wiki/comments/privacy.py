"""What comments add to a member's data: exported, and erased with the account.

A member who leaves takes their comments with them, like their messages; a comment of
theirs that others answered keeps its place, emptied, as « commentaire supprimé ».
"""

from __future__ import annotations

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import aliased

from wiki.models import Comment, Page, User
from wiki.models.base import utcnow
from wiki.privacy.erasure import erase_with_account
from wiki.privacy.export import export_section


@export_section("comments")
def _comments(session, user: User) -> list:
    rows = session.execute(
        select(Comment, Page.slug)
        .outerjoin(Page, Page.id == Comment.page_id)
        .where(Comment.author_id == user.id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [
        {
            "id": comment.id,
            "page": slug,
            "call": comment.call_id,
            "reply_to": comment.parent_id,
            "body": comment.body,
            "justifications": comment.justifications,
            "created_at": comment.created_at.isoformat() + "Z",
            "edited_at": comment.edited_at.isoformat() + "Z" if comment.edited_at else None,
            "deleted": comment.deleted,
            "hidden": comment.hidden,
        }
        for comment, slug in rows
    ]


@erase_with_account
def _erase(session, user: User) -> None:
    reply = aliased(Comment)
    answered = exists().where(reply.parent_id == Comment.id)
    session.execute(
        delete(Comment).where(Comment.author_id == user.id, Comment.parent_id.is_not(None))
    )
    session.execute(
        update(Comment)
        .where(Comment.author_id == user.id, answered)
        .values(deleted_at=utcnow(), body="", html="", justifications=[], author_id=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Comment)
        .where(Comment.author_id == user.id)
        .execution_options(synchronize_session=False)
    )
    # A deleted comment whose last reply was theirs leads nowhere now.
    session.execute(
        delete(Comment)
        .where(Comment.deleted_at.is_not(None), Comment.parent_id.is_(None), ~answered)
        .execution_options(synchronize_session=False)
    )
