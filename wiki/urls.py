"""Addresses: absolute ones for what is read outside the wiki (mails, feeds, the API's `url`),
and the address of a page, relative or absolute."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g, has_request_context, request

FALLBACK_BASE_URL = "http://127.0.0.1:5000"


def base_url() -> str:
    """WIKI_BASE_URL, else the address the current request came to, else the origin of the
    work being done (`origin`: a notification delivered after its request), else the local
    server."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return g.get("wiki_origin") or FALLBACK_BASE_URL


def request_origin() -> str | None:
    """The address this request came to, to keep with work done after it (a notification
    delivered by another thread or a command), when no WIKI_BASE_URL says it; else None."""
    if current_app.config.get("BASE_URL") or not has_request_context():
        return None
    return request.host_url.rstrip("/")


@contextmanager
def origin(url: str | None) -> Iterator[None]:
    """Outside a request, base_url() answers `url` inside the block (when given)."""
    previous = g.get("wiki_origin")
    if url:
        g.wiki_origin = url
    try:
        yield
    finally:
        g.wiki_origin = previous


def external_url(path: str) -> str:
    """`path` ("/pages/x") as an absolute URL."""
    return base_url() + (path if path.startswith("/") else "/" + path)


def page_url(slug: str, *, absolute: bool, anchor: str | None = None) -> str:
    """Where people read a page (the pages blueprint's /pages/<slug>), at `anchor` if given.

    Relative for links followed on this site (notifications, moderation, comments, wiki links),
    absolute for what is read elsewhere (mails, feeds, the API's and open data's `url`, printed
    pages). `absolute` has no default: each caller says which one it needs.
    """
    path = f"/pages/{slug}" + (f"#{anchor}" if anchor else "")
    return external_url(path) if absolute else path
