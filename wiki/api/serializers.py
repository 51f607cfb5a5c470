"""Models to JSON-ready dicts: the shapes of CONTRACT's API, reused by whoever needs them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wiki.access import can, sees_masked
from wiki.content.charter_names import TextTooLongToCheck
from wiki.extensions import db
from wiki.lifecycle.stages import stage_json
from wiki.models import Page, PageKind, Revision, User
from wiki.pages.charter_review import (
    Justification,
    justifications_of,
    page_parts,
    review_parts,
)
from wiki.pages.reading import html_for
from wiki.urls import page_url


def timestamp(moment: datetime | None) -> str | None:
    """Stored times are naive UTC; the API says so (ISO 8601 with +00:00)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).isoformat()


@overload
def person_ref(user: User) -> dict: ...
@overload
def person_ref(user: User | None) -> dict | None: ...
def person_ref(user: User | None) -> dict | None:
    """How the API names a person: never their email address."""
    if user is None:
        return None
    return {"handle": user.handle, "display_name": user.display_name}


def page_authors(page: Page) -> list[User]:
    """Distinct authors of the page's revisions, in the order they first contributed."""
    first = func.min(Revision.number)
    return list(
        db.session.scalars(
            select(User)
            .join(Revision, Revision.author_id == User.id)
            .where(Revision.page_id == page.id)
            .group_by(User.id)
            .order_by(first)
        )
    )


def page_to_json(page: Page, viewer) -> dict:
    """A page as GET /api/v1/pages/<slug> gives it to `viewer` (who may see it)."""
    current = page.current
    data = {
        "slug": page.slug,
        "title": page.title,
        "kind": page.kind,
        "tags": [tag.slug for tag in page.tags],
        "visibility": page.visibility,
        "fields": dict(current.fields) if current else {},
        "typed_fields": dict(current.typed_fields or {}) if current else {},
        "body": current.body if current else "",
        "html": html_for(viewer, current) if current else "",
        "revision": page.version,
        "updated_at": timestamp(page.updated_at),
        "authors": [person_ref(user) for user in page_authors(page)],
        "url": page_url(page.slug, absolute=True),
        "status": page.status,
        "charter": charter_to_json(page, viewer),
    }
    if page.kind == PageKind.INNOVATION:  # its lifecycle (wiki.lifecycle)
        data["stage"] = stage_json(db.session, page)
    return data


def charter_to_json(page: Page, viewer) -> dict:
    """What the charter check finds in the current text and nobody justified, and (to its
    authors and the moderators) what was justified, with the reasons."""
    current = page.current
    if current is None:
        return {"findings": [], "justified": []}
    stored = justifications_of(db.session, current)
    try:
        review = review_parts(
            page_parts(current.title, current.body, current.fields or {}, current.summary),
            [Justification(row.text, row.reason) for row in stored],
        )
    except TextTooLongToCheck:  # an imported page, or a draft: publishing it will say so
        return {"findings": [], "justified": [], "checked": False}
    shown = can(viewer, "page.see_justifications", page)
    return {
        "findings": [f.as_dict() for f in review.unjustified],
        "justified": review.justified_json() if shown else [],
        "checked": True,
    }


def revision_to_json(revision: Revision, viewer=None) -> dict:
    """A history entry. A masked revision keeps its number, author and date; its title and
    summary are null for all but the moderators (wiki.access.revisions)."""
    hidden = revision.masked and not sees_masked(viewer)
    entry = {
        "revision": revision.number,
        "title": None if hidden else revision.title,
        "author": person_ref(revision.author),
        "summary": None if hidden else revision.summary,
        "minor": revision.minor,
        "created_at": timestamp(revision.created_at),
        "masked": revision.masked,
    }
    if revision.masked:
        entry["masked_reason"] = revision.masked_reason
    return entry


def revision_content_to_json(revision: Revision, viewer) -> dict:
    """One revision with its content, for a `viewer` who may read it."""
    return {
        **revision_to_json(revision, viewer),
        "slug": revision.page.slug,
        "fields": dict(revision.fields or {}),
        "typed_fields": dict(revision.typed_fields or {}),
        "tags": list(revision.tag_slugs or []),
        "body": revision.body,
        "html": html_for(viewer, revision),
    }


def history_to_json(page: Page, viewer=None) -> dict:
    """A page's revisions, newest first, with their authors loaded in one query."""
    revisions = db.session.scalars(
        select(Revision)
        .where(Revision.page_id == page.id)
        .options(selectinload(Revision.author))
        .order_by(Revision.number.desc())
    )
    return {"slug": page.slug, "revisions": [revision_to_json(r, viewer) for r in revisions]}


def account_to_json(user: User) -> dict:
    """The caller's own account (GET /api/v1/me): the only place an email is shown."""
    return {
        "handle": user.handle,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role,
        "locale": user.locale,
        "approved": user.approved_at is not None,
        "email_confirmed": user.email_confirmed_at is not None,
    }
