"""What the pages area lets members report (a page they may see), and how moderators hide it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wiki.access import can
from wiki.models import Page
from wiki.moderation.actions import ItemInContext, moderatable
from wiki.moderation.reports import reportable
from wiki.search.backend import page_changed
from wiki.urls import page_url

EXCERPT_CHARS = 400


@reportable("page")
def _page(session, reporter, slug: str):
    page = session.scalar(select(Page).where(Page.slug == slug))
    return page if page is not None and can(reporter, "page.view", page) else None


def _describe_page(page: Page) -> ItemInContext:
    body = page.current.body if page.current is not None else ""
    return ItemInContext(
        kind="page",
        label=_l("Page"),
        title=page.title,
        excerpt=excerpt(body),
        url=page_url(page.slug, absolute=False),
        author=page.current.author if page.current is not None else None,
        hidden=page.hidden_at is not None,
    )


def _hide_page(session, page: Page, hidden_at, _actor, _reason) -> None:
    page.hidden_at = hidden_at
    page_changed(session, page)  # out of search (or back in) with the same commit


@moderatable("page", describe=_describe_page, set_hidden=_hide_page)
def _find_page(session, slug: str):
    return session.scalar(select(Page).where(Page.slug == slug))


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a text, whole words, for the queue."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
