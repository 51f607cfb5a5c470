"""The search engine behind one small interface, chosen by `WIKI_SEARCH_BACKEND`.

Views, the API, the commands and the commit hooks ask `backend()` and never an engine's
modules: indexing a page, deleting one, searching, suggesting, related pages, verifying and
rebuilding the index. Whoosh, embedded in the process, is the default (`whoosh`);
PostgreSQL's full-text search (`postgres`, search/postgres.py) serves wikis on PostgreSQL with
several application servers. An engine is a class with these methods, registered in BACKENDS;
its optional `check(app)` refuses, at start-up, a configuration it cannot serve.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from flask import Flask, current_app
from sqlalchemy import select

from wiki.models import Page, Revision
from wiki.search import indexer, outbox, queries
from wiki.search.postgres import NotPostgres, PostgresBackend

Progress = Callable[[int, int], None]


class SearchBackend(Protocol):
    name: str

    def page_changed(self, session, page, *, forget: bool = False) -> None:
        """In the page's transaction: the page was created, edited or is being deleted; with
        `forget`, what it said before must leave the index's storage too (a masked version,
        an anonymised passage), not only its answers."""

    def catch_up(
        self,
        app: Flask,
        *,
        limit: int | None = None,
        wait: float = 0.0,
        progress: Progress | None = None,
    ) -> int:
        """After a commit, at start-up, `wiki index sync`: index what was committed."""

    def pending(self, app: Flask) -> bool:
        """Whether committed changes are not searchable yet."""

    def has_index(self, app: Flask) -> bool:
        """Whether the index exists (`wiki init` creates it)."""

    def ensure(self, app: Flask) -> int:
        """`wiki init`: an empty index if there is none, filled again if its shape or format
        changed; returns the pages indexed again."""

    def search(self, user, q: str | None, **filters) -> queries.SearchResults: ...

    def suggest(self, user, q: str) -> str | None:
        """The query with its unknown words corrected from pages `user` may see, or None."""

    def related(self, user, page, limit: int = 5) -> list[queries.SearchHit]: ...

    def verify(self, app: Flask) -> list[indexer.Drift]: ...

    def rebuild(self, app: Flask, progress: Progress | None = None) -> int: ...


class WhooshBackend:
    """The index in the instance folder (search/indexer.py, in the wiki's codec): pages
    record a task in their transaction (the outbox), applied to the index after the commit."""

    name = "whoosh"

    def page_changed(self, session, page, *, forget: bool = False) -> None:
        outbox.enqueue_index(session, page, indexer.FORGET if forget else "update")

    def catch_up(self, app, *, limit=None, wait=0.0, progress=None) -> int:
        return indexer.apply_pending(app, limit=limit, wait=wait, progress=progress)

    def has_index(self, app) -> bool:
        return indexer.open_index_name(app) is not None

    def pending(self, app) -> bool:
        return indexer.has_pending(app)

    def ensure(self, app) -> int:
        indexer.ensure_index(app)
        return indexer.fill_if_empty(app)

    def search(self, user, q, **filters):
        return queries.search(user, q, **filters)

    def suggest(self, user, q):
        return queries.suggest(user, q)

    def related(self, user, page, limit=5):
        return queries.related_pages(user, page, limit)

    def verify(self, app):
        return indexer.verify(app)

    def rebuild(self, app, progress=None):
        return indexer.rebuild(app, progress)


BACKENDS: dict[str, type] = {"whoosh": WhooshBackend, "postgres": PostgresBackend}
EXTENSION = "wiki.search.backend"


class UnknownBackend(ValueError):
    """A search backend that does not exist, or cannot serve this wiki (said in one line)."""


def init_app(app: Flask) -> SearchBackend:
    name = app.config["SEARCH_BACKEND"]
    if name not in BACKENDS:
        raise UnknownBackend(
            f"WIKI_SEARCH_BACKEND={name!r}: unknown search backend "
            f"(available: {', '.join(sorted(BACKENDS))})"
        )
    engine: SearchBackend = BACKENDS[name]()
    check = getattr(engine, "check", None)
    if check is not None:
        try:
            check(app)
        except NotPostgres as error:
            raise UnknownBackend(str(error)) from None
    app.extensions[EXTENSION] = engine
    return engine


def backend(app: Flask | None = None) -> SearchBackend:
    """The application's search backend."""
    return (app or current_app).extensions[EXTENSION]


def page_changed(session, page, *, forget: bool = False) -> None:
    """What every writer of pages calls in its transaction once the page has changed (created,
    edited, retitled, its follow-ups or tags changed, or about to be deleted); `forget` when
    what it said before must leave the index's storage too."""
    backend().page_changed(session, page, forget=forget)


def pages_signed_by(session, user_id: int) -> list[Page]:
    """The pages `user_id` wrote or improved: search finds them by their authors' names."""
    signed = select(Revision.page_id).where(Revision.author_id == user_id)
    return list(session.scalars(select(Page).where(Page.id.in_(signed)).order_by(Page.id)))


def signatures_changed(session, pages) -> None:
    """The name signing these pages changed (a member renamed, or deleted and credited as
    « ancien membre »): they are indexed again in this transaction, so that the old name
    finds them no more."""
    for page in pages:
        page_changed(session, page)
