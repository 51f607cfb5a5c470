"""Security headers sent with every response (a CSP with no inline script, and friends,
and no caching of what a signed-in person sees), and the check that keeps redirects on this
site; the client's address, as the throttles count it."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, g, make_response, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",  # images from other sites would track readers (content/sanitize.py)
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def _add_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if _for_someone_signed_in():
        # What a member sees (members' pages, their account, a new API token shown once)
        # must not stay in a shared browser's cache or a proxy's.
        response.headers["Cache-Control"] = "no-store"
    return response


def _for_someone_signed_in() -> bool:
    """A request made with a session (the site) or a token (the API). Static files are the
    same for everyone and stay cacheable."""
    if request.endpoint == "static":
        return False
    if g.get("api_user") is not None:
        return True
    return bool(current_user and current_user.is_authenticated)


def is_local_path(target: str | None) -> bool:
    """True for a path on this site ("/pages/x?y"), false for anything a browser could take
    elsewhere: "//host", "/\\host" (browsers read a backslash as a slash), schemes, control
    characters."""
    if not target or not target.startswith("/") or len(target) > 2000:
        return False
    if target.startswith(("//", "/\\")) or "\\" in target:
        return False
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str = "/") -> str:
    """The `next` a form or link asked for if it stays on this site, else `default`."""
    return target if target is not None and is_local_path(target) else default


def retry_later(answer, seconds: int) -> Response:
    """`answer` (what a view returns: a rendered page, or a page and its status) as a 429
    telling the client when it may try again: the throttles' one answer."""
    response = make_response(answer)
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds)
    return response


def client_address() -> str:
    """The address the sign-in throttle counts (behind a proxy, restored by ProxyFix)."""
    return request.remote_addr or "unknown"


def register(app: Flask) -> None:
    app.after_request(_add_headers)
