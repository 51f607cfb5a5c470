"""Searches as the views make them: through the application's search backend (whoosh or
postgres, see conftest's search_backend), so that one test checks both engines."""

from __future__ import annotations

from wiki.search.backend import backend


def search(user, q, **filters):
    return backend().search(user, q, **filters)


def suggest(user, q):
    return backend().suggest(user, q)


def related_pages(user, page, limit: int = 5):
    return backend().related(user, page, limit)
