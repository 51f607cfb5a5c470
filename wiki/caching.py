"""HTTP caching for anonymous readers: validators (ETag, Last-Modified) and 304 answers.

Only an anonymous visitor's view of something public is ever validated: a signed-in person's
responses carry `Cache-Control: no-store` (wiki.security), and a view that depends on who
asks (a draft, a group's or the members' page, a page hidden by the moderation) is never
given a validator. An anonymous view is sent with `Cache-Control: private, no-cache`: the
visitor's browser may keep it but must ask again each time, and gets 304 while nothing it
shows has changed. Not `public`: the page holds the visitor's CSRF token (the language form)
and a shared cache must never hand one visitor's session to another. What a view shows is
summed up by the caller in `parts` (revision ids, timestamps, counts), to which are added the
language, the session's CSRF token, the site's build (code, templates, static files) and a
five-minute period, the bound for what the parts do not follow.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.http import is_resource_modified

from wiki import render_cache

# What the parts of a validator do not follow (a member's display name, a tag's label, a
# profile among « membres qui connaissent ce sujet ») is shown at most this late.
PERIOD_SECONDS = 300
ANONYMOUS_CACHE_CONTROL = "private, no-cache"
VARY = ("Cookie", "Accept-Language")


def build_version(app: Flask) -> str:
    """A short hash of what a deployment changes: the package's version, its templates and
    its static files (computed once per process)."""
    cached = app.extensions.get("wiki_build_version")
    if cached:
        return cached
    digest = hashlib.sha256()
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("wiki").encode())
    root = Path(app.root_path)
    for folder in (root / "templates", root / "static"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    version = digest.hexdigest()[:16]
    app.extensions["wiki_build_version"] = version
    return version


def anonymous_reader() -> bool:
    """True for a visitor with no session and no API token, whose view is everyone's."""
    if request.method not in ("GET", "HEAD") or g.get("api_user") is not None:
        return False
    if current_user and current_user.is_authenticated:
        return False
    return not session.get("_flashes")  # a message waiting to be shown is this visitor's


def period_start(now: float | None = None) -> datetime:
    now = time.time() if now is None else now
    return datetime.fromtimestamp(now - now % PERIOD_SECONDS, UTC).replace(tzinfo=None)


def csrf_token() -> str:
    """The session's CSRF token, signed, as the header's language form shows it (made now if
    the page is about to make it). The signature holds the time: it differs from one
    request to the next, the session's token does not."""
    return generate_csrf()


def session_token() -> str:
    csrf_token()
    return session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), "")


def content_key(parts: tuple) -> str:
    """What an anonymous view of this address shows, summed up: the same key, the same HTML
    but for the visitor's CSRF token (wiki.render_cache keeps it under this key)."""
    text = "|".join(
        str(p)
        for p in (
            *parts,
            request.full_path,
            get_locale(),
            build_version(current_app),
            period_start().isoformat(),
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def validators(
    parts: tuple, last_modified: datetime | None, key: str | None = None
) -> tuple[str, datetime]:
    """The ETag and Last-Modified of an anonymous view summed up by `parts` (whose
    content_key the caller may have computed already)."""
    # The page carries the session's CSRF token (the language form): a new session is a
    # new page.
    text = f"{key or content_key(parts)}|{session_token()}"
    etag = hashlib.sha256(text.encode()).hexdigest()[:32]
    changed = max(d for d in (last_modified, period_start()) if d is not None)
    return etag, changed.replace(microsecond=0)


def not_modified(etag: str, last_modified: datetime) -> Response | None:
    """A 304 if the request's If-None-Match / If-Modified-Since still match, else None."""
    if is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        return None
    response = Response(status=304)
    return mark_cacheable(response, etag, last_modified)


def mark_cacheable(response: Response, etag: str, last_modified: datetime) -> Response:
    response.set_etag(etag)
    response.last_modified = last_modified.replace(tzinfo=UTC)
    response.headers["Cache-Control"] = ANONYMOUS_CACHE_CONTROL
    for header in VARY:
        response.vary.add(header)
    return response


def conditional(parts: tuple, last_modified: datetime | None, render) -> Response:
    """For an anonymous reader: 304 when unchanged, else the view as rendered for the last
    anonymous reader while nothing changed (wiki.render_cache), else `render()`, with its
    validators. For anyone else: `render()` as it is."""
    if not anonymous_reader():
        return current_app.make_response(render())
    key = content_key(parts)
    etag, changed = validators(parts, last_modified, key)
    unchanged = not_modified(etag, changed)
    if unchanged is not None:
        return unchanged
    token = csrf_token()
    response = render_cache.replay(key, token)
    if response is None:
        response = current_app.make_response(render())
        if response.status_code != 200 or not anonymous_reader():  # signed in meanwhile
            return response
        render_cache.keep(key, response, token)
    return mark_cacheable(response, etag, changed)


def validated(parts_of):
    """A view whose anonymous answer is summed up by `parts_of()` -> (parts, last modified):
    it is validated, kept and served again as conditional() does. Signed-in readers get the
    view as it is."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not anonymous_reader():
                return view(*args, **kwargs)
            parts, changed = parts_of()
            return conditional(parts, changed, lambda: view(*args, **kwargs))

        return wrapper

    return decorate


# --- static files: fingerprinted addresses, cached for a year ------------------------------

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"  # a static file asked for without its fingerprint
_fingerprints: dict[tuple[str, int, int], str] = {}


def fingerprint(app: Flask, filename: str) -> str | None:
    """A short hash of a static file's content (None if there is no such file)."""
    path = _static_path(app.static_folder, filename)
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    found = _fingerprints.get(key)
    if found is None:
        found = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        _fingerprints[key] = found
    return found


@functools.lru_cache(maxsize=1024)
def _static_path(folder: str | None, filename: str) -> Path | None:
    """The file `filename` names inside the static folder, or None outside it (resolved once
    per name: every page asks for the same few files)."""
    if not folder:
        return None
    path = Path(folder) / filename
    try:
        return path if path.resolve().is_relative_to(Path(folder).resolve()) else None
    except (OSError, ValueError):
        return None


def _static_version(endpoint: str, values: dict) -> None:
    """url_for('static', filename=...) gives /static/...?v=<content hash>."""
    if endpoint != "static" or "v" in values or not values.get("filename"):
        return
    found = fingerprint(current_app, values["filename"])
    if found:
        values["v"] = found


def _static_cache(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    asked = request.args.get("v")
    if asked and asked == fingerprint(current_app, filename):
        response.headers["Cache-Control"] = IMMUTABLE
    else:  # the file may change under this address: a short while, then ask again
        response.headers["Cache-Control"] = SHORT
    return response


# --- compression -----------------------------------------------------------------------------

COMPRESSIBLE = (
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/atom+xml",
    "application/xml",
    "image/svg+xml",
    "text/plain",
    "text/xml",
    "text/csv",
    "application/x-ndjson",
)
MIN_SIZE = 1024
GZIP_LEVEL = 6


def _compressible(response: Response) -> bool:
    mimetype = response.mimetype or ""
    return mimetype in COMPRESSIBLE or mimetype.endswith("+json")


def _gzip(response: Response) -> Response:
    """gzip an HTML, JSON, CSS, JS, Atom or SVG answer over MIN_SIZE bytes for a client that
    accepts it. Not a 304 or any other answer without a whole body, not a streamed one
    (exports, feeds written as they go), not one already encoded."""
    if not _compressible(response):
        return response
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or (response.is_streamed and not response.direct_passthrough)
        or "Content-Encoding" in response.headers
        or "Content-Range" in response.headers
        or request.accept_encodings.quality("gzip") <= 0
    ):
        return response
    length = response.content_length
    if length is not None and length < MIN_SIZE:
        return response
    response.direct_passthrough = False  # a static file: read it to compress it
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:  # the same content, other bytes: a weak validator still matches
        response.set_etag(etag, weak=True)
    return response


def register(app: Flask) -> None:
    render_cache.init_app(app)
    app.url_defaults(_static_version)
    app.after_request(_static_cache)
    app.after_request(_gzip)  # runs before the one above (Flask: last registered, first run)
