"""What an anonymous reader's view of a page depends on, summed up for its ETag and
Last-Modified (wiki.caching) by one SQL statement of indexed look-ups.

A page view shows the page's current revision (its visibility, status and moderation state
are the page's columns), the masks of its revisions, its comments and its follow-up of
effects, and around it pages that change when any page changes (backlinks, related pages,
links): the site's latest revision id and the latest entry of the audit log (every
moderation act, a page hidden or restored and an anonymisation in place included) stand for
those; no count over the pages table, which would cost more than the rest at 100,000 pages.
The current revision's text and typed values are hashed too (anonymising rewrites them in
place). Only a public, published page that the moderation has not hidden
is validated.
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, select

from wiki.access import PUBLIC, PUBLISHED
from wiki.extensions import db
from wiki.models import (
    AuditEntry,
    Comment,
    FollowUpChange,
    InnovationStage,
    Page,
    Profile,
    Revision,
)


def cacheable(page: Page) -> bool:
    """A page whose anonymous view is the same for every anonymous visitor."""
    return (
        page.visibility == PUBLIC
        and page.status == PUBLISHED
        and page.hidden_at is None
        and page.group_id is None
    )


@functools.cache
def _page_statement() -> Select:
    """page_parts' query for the page bound to :page_id (built once: a request that finds
    its view kept spends most of its time here)."""
    page_id = bindparam("page_id", type_=Integer)

    def of_page(model, column):
        return select(column).where(model.page_id == page_id).scalar_subquery()

    masked = Revision.masked_at.is_not(None)
    columns = {
        "masked_revisions": select(func.count(Revision.id))
        .where(Revision.page_id == page_id, masked)
        .scalar_subquery(),
        "last_masked_at": of_page(Revision, func.max(Revision.masked_at)),
        "comments": of_page(Comment, func.count(Comment.id)),
        "last_comment_id": of_page(Comment, func.max(Comment.id)),
        "last_comment_edited_at": of_page(Comment, func.max(Comment.edited_at)),
        "last_comment_deleted_at": of_page(Comment, func.max(Comment.deleted_at)),
        "last_comment_hidden_at": of_page(Comment, func.max(Comment.hidden_at)),
        "hidden_comments": of_page(Comment, func.count(Comment.hidden_at)),
        "last_follow_up_id": of_page(FollowUpChange, func.max(FollowUpChange.id)),
        "last_follow_up_at": of_page(FollowUpChange, func.max(FollowUpChange.created_at)),
        "site_revision_id": select(func.max(Revision.id)).scalar_subquery(),
        "site_revised_at": select(Revision.created_at)
        .order_by(Revision.id.desc())
        .limit(1)
        .scalar_subquery(),
        # Every moderation act (hiding, masking, anonymising in place, restoring) is audited.
        "last_audit_id": select(func.max(AuditEntry.id)).scalar_subquery(),
        "last_audit_at": select(AuditEntry.created_at)
        .order_by(AuditEntry.id.desc())
        .limit(1)
        .scalar_subquery(),
        # A sheet's stage changes without a revision (wiki.lifecycle): its history's last entry.
        "last_stage_id": of_page(InnovationStage, func.max(InnovationStage.id)),
        "stages": of_page(InnovationStage, func.count(InnovationStage.id)),
    }
    return select(*(column.label(name) for name, column in columns.items()))


# The columns of page_parts' query that are times: the latest of them is the Last-Modified.
_PAGE_TIMES = (
    "last_masked_at",
    "last_comment_edited_at",
    "last_comment_deleted_at",
    "last_comment_hidden_at",
    "last_follow_up_at",
    "site_revised_at",
    "last_audit_at",
)


def page_parts(page: Page) -> tuple[tuple, datetime | None]:
    """(the parts of the page view's validator, the time it last changed), in one query."""
    row = db.session.execute(_page_statement(), {"page_id": page.id}).one()._mapping
    current = page.current
    text = (
        hashlib.sha256(
            "\x00".join(
                (
                    current.title,
                    current.html,
                    json.dumps(current.fields or {}, sort_keys=True),
                    json.dumps(current.typed_fields or {}, sort_keys=True),
                )
            ).encode()
        ).hexdigest()
        if current is not None
        else ""
    )
    parts = (
        "page",
        page.id,
        page.current_revision_id,
        page.version,
        page.visibility,
        page.status,
        page.hidden_at,
        page.updated_at,
        page.stage,
        page.departement,
        text,
        *row.values(),
    )
    times = (page.updated_at, *(row[name] for name in _PAGE_TIMES))
    return parts, max((t for t in times if t is not None), default=None)


@functools.cache
def _site_statement() -> Select:
    columns: dict[str, ColumnElement] = {
        "last_revision_id": func.max(Revision.id),
        "last_page_id": func.max(Page.id),
        "last_page_updated_at": func.max(Page.updated_at),
        "last_follow_up_id": func.max(FollowUpChange.id),
        "last_comment_id": func.max(Comment.id),
        "last_comment_edited_at": func.max(Comment.edited_at),
        "last_comment_deleted_at": func.max(Comment.deleted_at),
        "last_audit_id": func.max(AuditEntry.id),
        "last_stage_id": func.max(InnovationStage.id),
        "stages": func.count(InnovationStage.id),
        "last_profile_updated_at": func.max(Profile.updated_at),
        "profiles": func.count(Profile.user_id),
    }
    return select(
        *(select(column).scalar_subquery().label(name) for name, column in columns.items())
    )


# The columns of site_parts' query that are times: the latest of them is the Last-Modified.
_SITE_TIMES = (
    "last_page_updated_at",
    "last_comment_edited_at",
    "last_comment_deleted_at",
    "last_profile_updated_at",
)


def site_parts() -> tuple[tuple, datetime | None]:
    """(the parts of the validator of an anonymous view built from every page: the home page,
    lists, tag pages, recent changes, the feeds; the time it last changed), in one query of
    maxima over indexed columns and small tables.

    Anything such a view shows changes one of them: a new revision (a new or edited page, a
    changed visibility or title), a follow-up, a comment written, edited or
    deleted, a stage, a profile (« membres qui connaissent ce sujet »), and every act of the
    moderation (hiding, masking, a tag renamed or merged) through the audit log. No count of
    the pages table: at 100,000 pages one costs more than the rest together (pages are never
    deleted; a page hidden or restored by the moderation is in the audit log)."""
    row = db.session.execute(_site_statement()).one()._mapping
    times = (row[name] for name in _SITE_TIMES)
    return ("site", *row.values()), max((t for t in times if t is not None), default=None)
