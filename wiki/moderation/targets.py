"""What the pages area lets members report: a page they may see."""

from __future__ import annotations

from sqlalchemy import select

from wiki.access import can
from wiki.models import Page
from wiki.moderation.reports import reportable


@reportable("page")
def _page(session, reporter, slug: str):
    page = session.scalar(select(Page).where(Page.slug == slug))
    return page if page is not None and can(reporter, "page.view", page) else None
