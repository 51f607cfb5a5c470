"""Anonymous views rendered once per process, then served again while nothing they show changed.

An anonymous reader's view of something public is the same for every anonymous visitor but
for one thing: the session's CSRF token, in the header's language form. wiki.caching sums up
what such a view shows in a content key (the view's parts, its address, the language, the
build, the five-minute period); the first anonymous request renders it and its HTML is kept
here with the token replaced by a placeholder, and the next anonymous visitors get that HTML
with their own token. Only what caching.conditional would validate is ever kept: never a
signed-in member's view, a draft, a group's or the members' page, a page hidden by the
moderation. Each process keeps at most RENDER_CACHE_ENTRIES views and RENDER_CACHE_BYTES
bytes, the least recently served leaving first; RENDER_CACHE_ENTRIES = 0 turns it off.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict

from flask import Flask, Response, current_app

EXTENSION = "wiki.render_cache"
DEFAULT_ENTRIES = 2000
DEFAULT_BYTES = 64 * 1024 * 1024
KEPT_TYPES = ("text/html", "application/atom+xml")


class RenderCache:
    """A bounded, least-recently-used map of content keys to HTML (thread-safe)."""

    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        # Random, so that no page's own text can contain it.
        self.placeholder = f"csrf-{secrets.token_hex(16)}"
        self._entries: OrderedDict[str, tuple[str, str]] = OrderedDict()  # type, body
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, token: str) -> tuple[str, str] | None:
        """(content type, body) of the view kept under `key`, holding `token` (the
        visitor's own), or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        content_type, body = entry
        return content_type, body.replace(self.placeholder, token)

    def put(self, key: str, content_type: str, body: str, token: str) -> None:
        """Keep `body`, rendered with `token`; a view too large for the cache is not kept."""
        if not self.max_entries or len(body) > self.max_bytes // 4:
            return
        kept = body.replace(token, self.placeholder) if token else body
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous[1])
            self._entries[key] = (content_type, kept)
            self._bytes += len(kept)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = RenderCache(
        int(app.config.get("RENDER_CACHE_ENTRIES", DEFAULT_ENTRIES)),
        int(app.config.get("RENDER_CACHE_BYTES", DEFAULT_BYTES)),
    )


def render_cache(app: Flask | None = None) -> RenderCache:
    return (app or current_app).extensions[EXTENSION]


def replay(key: str, token: str) -> Response | None:
    """The response for a view kept under `key`, with this visitor's token; or None."""
    entry = render_cache().get(key, token)
    if entry is None:
        return None
    content_type, body = entry
    return current_app.response_class(body, content_type=content_type)


def keep(key: str, response: Response, token: str) -> None:
    """Keep an anonymous view's HTML or feed (a whole, unencoded 200 answer; nothing else)."""
    if (
        response.status_code != 200
        or response.mimetype not in KEPT_TYPES
        or response.is_streamed
        or "Content-Encoding" in response.headers
    ):
        return
    render_cache().put(key, response.content_type, response.get_data(as_text=True), token)
