"""Wiki links between pages: the page a link leads to (by slug, then by current or former
title), the rows that remember who links to whom, and the pages that link to a slug or title.

A link ``[[Target]]`` names a slug (slugify) and a title (title_key). It leads to the page with
that slug if there is one, else to the page whose current title it is (the oldest one, if
several share it), else to the page that bore it most recently: a renamed page keeps its
links. Every lookup is one query per 500 targets, so a text's link pass stays linear.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from wiki.access import visible_pages_clause
from wiki.content.markdown import LinkTarget, Rendered
from wiki.content.slugs import title_key
from wiki.models import Page, PageLink, PageTitle, PageTitleLink
from wiki.models.base import utcnow

_CHUNK = 500  # values per IN (...): far below every database's limit on parameters


class _Anyone:
    """Resolve against every page, whoever may see it: the rendering stored at save.
    (None cannot say it: None is the API's anonymous caller.)"""

    def __repr__(self) -> str:
        return "ANYONE"


ANYONE = _Anyone()


@dataclass(frozen=True)
class PendingPage:
    """A page as the save being prepared will leave it, so that a rendering done before the
    write transaction sees it: a new page (page_id None), or a page taking a new title."""

    page_id: int | None
    slug: str
    title_key: str
    former_key: str | None = None  # the title it leaves, on a rename


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def resolve_links(
    session, targets: Iterable[LinkTarget], *, visible_to=ANYONE, pending: PendingPage | None = None
) -> dict[LinkTarget, str]:
    """The slug of the page each target leads to; targets leading nowhere are left out.

    With `visible_to` (an account or an anonymous user), only pages that person may see
    count, so that a link to a hidden page resolves as if that page did not exist.
    """
    targets = set(targets)
    if not targets:
        return {}
    seen = [] if visible_to is ANYONE else [visible_pages_clause(visible_to)]
    found: set[str] = set()
    for chunk in _chunks(t.slug for t in targets):
        found.update(session.scalars(select(Page.slug).where(Page.slug.in_(chunk), *seen)))
    if pending is not None and visible_to is ANYONE:
        found.add(pending.slug)
    resolution = {t: t.slug for t in targets if t.slug in found}
    keys = {t.title_key for t in targets if t not in resolution}
    by_title = pages_by_title(
        session, keys, seen=seen, pending=pending if visible_to is ANYONE else None
    )
    for target in targets:
        if target not in resolution and target.title_key in by_title:
            resolution[target] = by_title[target.title_key]
    return resolution


def pages_by_title(
    session, keys: Iterable[str], *, seen: list | None = None, pending: PendingPage | None = None
) -> dict[str, str]:
    """For each title key, the slug of the page a link of that title leads to."""
    keys = set(keys)
    best: dict[str, tuple[tuple, str]] = {}

    def consider(key: str, current: bool, page_id: float, last_used: datetime, slug: str):
        # Current titles first, oldest page first; then former ones, most recent first.
        rank = (0, page_id) if current else (1, -last_used.timestamp(), page_id)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, slug)

    now = utcnow()
    for chunk in _chunks(keys):
        rows = session.execute(
            select(PageTitle.title_key, PageTitle.last_used_at, Page.id, Page.slug, Page.title)
            .join(Page, Page.id == PageTitle.page_id)
            .where(PageTitle.title_key.in_(chunk), *(seen or ()))
        )
        for key, last_used, page_id, slug, title in rows:
            current = title_key(title) == key
            if pending is not None and page_id == pending.page_id:
                current = key == pending.title_key
                if key == pending.former_key:
                    last_used = now
            consider(key, current, page_id, last_used, slug)
    if pending is not None and pending.title_key in keys:
        consider(pending.title_key, True, pending.page_id or float("inf"), now, pending.slug)
    return {key: slug for key, (_rank, slug) in best.items()}


def resolver(session, *, visible_to=ANYONE, pending: PendingPage | None = None):
    """resolve_links bound to a session, as render_markdown asks for it."""
    return lambda targets: resolve_links(session, targets, visible_to=visible_to, pending=pending)


def record_titles(session, page_id: int, *titles: str) -> None:
    """The page bears (or has just left) these titles, as of now."""
    now = utcnow()
    for key in {title_key(title) for title in titles if title}:
        row = session.get(PageTitle, (page_id, key))
        if row is None:
            session.add(PageTitle(page_id=page_id, title_key=key, last_used_at=now))
        else:
            row.last_used_at = now


def write_links(session, page_id: int, rendered: Rendered) -> None:
    """Replace the rows of what the page's current text links to."""
    session.execute(delete(PageLink).where(PageLink.source_id == page_id))
    session.execute(delete(PageTitleLink).where(PageTitleLink.source_id == page_id))
    session.add_all(
        PageLink(source_id=page_id, target_slug=slug) for slug in sorted(rendered.linked_slugs)
    )
    session.add_all(
        PageTitleLink(source_id=page_id, title_key=key) for key in sorted(rendered.title_keys)
    )


def linking_pages(
    session, *, slugs: Iterable[str] = (), keys: Iterable[str] = (), except_ids: Iterable[int] = ()
) -> list[Page]:
    """The pages whose current text links to one of these slugs or titles."""
    slugs, keys, excluded = set(slugs), set(keys), set(except_ids)
    if not slugs and not keys:
        return []
    ids: set[int] = set()
    for chunk in _chunks(slugs):
        ids.update(
            session.scalars(select(PageLink.source_id).where(PageLink.target_slug.in_(chunk)))
        )
    for chunk in _chunks(keys):
        ids.update(
            session.scalars(
                select(PageTitleLink.source_id).where(PageTitleLink.title_key.in_(chunk))
            )
        )
    ids -= excluded
    pages: list[Page] = []
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        pages.extend(
            session.scalars(
                select(Page)
                .where(Page.id.in_(ordered[start : start + _CHUNK]))
                .options(selectinload(Page.current))
                .order_by(Page.id)
            )
        )
    return pages


def same_title_pages(
    session, title: str, *, visible_to=ANYONE, except_id: int | None = None
) -> list[Page]:
    """Pages `visible_to` may see that bear or bore `title` (folded as links fold it)."""
    seen = [] if visible_to is ANYONE else [visible_pages_clause(visible_to)]
    query = (
        select(Page)
        .join(PageTitle, PageTitle.page_id == Page.id)
        .where(PageTitle.title_key == title_key(title), *seen)
        .order_by(Page.id)
    )
    if except_id is not None:
        query = query.where(Page.id != except_id)
    return list(session.scalars(query).unique())
