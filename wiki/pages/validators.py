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

from sqlalchemy import Integer, Select, bindparam, func, select

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
    columns = (
        select(func.count(Revision.id))
        .where(Revision.page_id == page_id, masked)
        .scalar_subquery(),
        of_page(Revision, func.max(Revision.masked_at)),
        of_page(Comment, func.count(Comment.id)),
        of_page(Comment, func.max(Comment.id)),
        of_page(Comment, func.max(Comment.edited_at)),
        of_page(Comment, func.max(Comment.deleted_at)),
        of_page(Comment, func.max(Comment.hidden_at)),
        of_page(Comment, func.count(Comment.hidden_at)),
        of_page(FollowUpChange, func.max(FollowUpChange.id)),
        of_page(FollowUpChange, func.max(FollowUpChange.created_at)),
        select(func.max(Revision.id)).scalar_subquery(),
        select(Revision.created_at).order_by(Revision.id.desc()).limit(1).scalar_subquery(),
        # Every moderation act (hiding, masking, anonymising in place, restoring) is audited.
        select(func.max(AuditEntry.id)).scalar_subquery(),
        select(AuditEntry.created_at).order_by(AuditEntry.id.desc()).limit(1).scalar_subquery(),
        # A sheet's stage changes without a revision (wiki.lifecycle): its history's last entry.
        of_page(InnovationStage, func.max(InnovationStage.id)),
        of_page(InnovationStage, func.count(InnovationStage.id)),
    )
    return select(*columns)


def page_parts(page: Page) -> tuple[tuple, datetime | None]:
    """(the parts of the page view's validator, the time it last changed), in one query."""
    row = tuple(db.session.execute(_page_statement(), {"page_id": page.id}).one())
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
        *row,
    )
    times = (page.updated_at, row[1], row[4], row[5], row[6], row[9], row[11], row[13])
    return parts, max((t for t in times if t is not None), default=None)


@functools.cache
def _site_statement() -> Select:
    return select(
        select(func.max(Revision.id)).scalar_subquery(),
        select(func.max(Page.id)).scalar_subquery(),
        select(func.max(Page.updated_at)).scalar_subquery(),
        select(func.max(FollowUpChange.id)).scalar_subquery(),
        select(func.max(Comment.id)).scalar_subquery(),
        select(func.max(Comment.edited_at)).scalar_subquery(),
        select(func.max(Comment.deleted_at)).scalar_subquery(),
        select(func.max(AuditEntry.id)).scalar_subquery(),
        select(func.max(InnovationStage.id)).scalar_subquery(),
        select(func.count(InnovationStage.id)).scalar_subquery(),
        select(func.max(Profile.updated_at)).scalar_subquery(),
        select(func.count(Profile.user_id)).scalar_subquery(),
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
    row = tuple(db.session.execute(_site_statement()).one())
    times = (row[2], row[5], row[6], row[10])
    return ("site", *row), max((t for t in times if t is not None), default=None)
