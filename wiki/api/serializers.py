"""Models to JSON-ready dicts: the shapes of CONTRACT's API, reused by whoever needs them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wiki.extensions import db
from wiki.models import Page, Revision, User
from wiki.pages.reading import html_for
from wiki.urls import page_url


def timestamp(moment: datetime | None) -> str | None:
    """Stored times are naive UTC; the API says so (ISO 8601 with +00:00)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).isoformat()


def person_ref(user: User | None) -> dict | None:
    """How the API names a person: never their email address."""
    if user is None:
        return None
    return {"handle": user.handle, "display_name": user.display_name}


def page_authors(page: Page) -> list[User]:
    """Distinct authors of the page's revisions, in the order they first contributed."""
    first = func.min(Revision.number)
    return list(db.session.scalars(
        select(User).join(Revision, Revision.author_id == User.id)
        .where(Revision.page_id == page.id)
        .group_by(User.id).order_by(first)
    ))


def page_to_json(page: Page, viewer) -> dict:
    """A page as GET /api/v1/pages/<slug> gives it to `viewer` (who may see it)."""
    current = page.current
    return {
        "slug": page.slug,
        "title": page.title,
        "kind": page.kind,
        "tags": [tag.slug for tag in page.tags],
        "visibility": page.visibility,
        "fields": dict(current.fields) if current else {},
        "body": current.body if current else "",
        "html": html_for(viewer, current) if current else "",
        "revision": page.version,
        "updated_at": timestamp(page.updated_at),
        "authors": [person_ref(user) for user in page_authors(page)],
        "url": page_url(page.slug),
    }


def revision_to_json(revision: Revision) -> dict:
    return {
        "revision": revision.number,
        "title": revision.title,
        "author": person_ref(revision.author),
        "summary": revision.summary,
        "minor": revision.minor,
        "created_at": timestamp(revision.created_at),
    }


def history_to_json(page: Page) -> dict:
    """A page's revisions, newest first, with their authors loaded in one query."""
    revisions = db.session.scalars(
        select(Revision).where(Revision.page_id == page.id)
        .options(selectinload(Revision.author))
        .order_by(Revision.number.desc())
    )
    return {"slug": page.slug, "revisions": [revision_to_json(r) for r in revisions]}


def account_to_json(user: User) -> dict:
    """The caller's own account (GET /api/v1/me): the only place an email is shown."""
    return {
        "handle": user.handle,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role,
        "locale": user.locale,
    }
