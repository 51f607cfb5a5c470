"""The index outbox: page changes record a task in their own transaction; the indexer applies it."""

from __future__ import annotations

from wiki.models import IndexTask, Page


def index_task(page: Page, action: str = "update") -> IndexTask:
    """The task for a page that has its id (flushed)."""
    return IndexTask(page_id=page.id, slug=page.slug, action=action)


def enqueue_index(session, page: Page, action: str = "update") -> None:
    session.flush()  # a new page needs its id
    session.add(index_task(page, action))
