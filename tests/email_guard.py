"""No email address in any page or JSON answer the suite renders, except the owner's own.

Every test app runs `refuse_email_leaks` after each request: the text of the response must
contain the email address of no account, except
- the signed-in person's own address on their settings and export (OWNER_PATHS),
- an address the request itself sent (a login or registration form shown again).
A leak fails the test that made the request, naming the address and the path.

Cheap: a response without "@" is not looked at further; otherwise the addresses are read
on a connection of their own (the test's session and its transaction are left alone).
"""

from __future__ import annotations

import json

from flask import Flask, Response, g, request
from flask_login import current_user
from sqlalchemy import text

from wiki.extensions import db

# The owner's own settings and data export: the only places their address is shown.
OWNER_PATHS = ("/account", "/api/v1/me", "/api/v1/me/export")
SCANNED_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/problem+json",
)


class EmailLeak(AssertionError):
    pass


def _owner_email() -> str | None:
    if request.path.startswith("/api/"):
        user = g.get("api_user")
    else:
        user = current_user if current_user and current_user.is_authenticated else None
    return user.email.casefold() if user is not None else None


def _sent_by_the_request() -> str:
    parts = [request.query_string.decode("utf-8", "replace")]
    if request.form:
        parts.extend(request.form.values())
    if request.is_json:
        parts.append(json.dumps(request.get_json(silent=True), ensure_ascii=False))
    return " ".join(parts).casefold()


def _variants(email: str) -> tuple[str, ...]:
    # As a template writes it (HTML-escaped) and as JSON may (escaped slash or unicode).
    return (email, email.replace("'", "&#39;").replace("&", "&amp;"), email.replace("@", "\\u0040"))


def refuse_email_leaks(response: Response) -> Response:
    if response.direct_passthrough or response.is_streamed:
        return response  # static files, downloads streamed from disk
    if not (response.mimetype or "").startswith(SCANNED_TYPES):
        return response
    body = response.get_data(as_text=True).casefold()
    if "@" not in body and "\\u0040" not in body:
        return response
    with db.engine.connect() as connection:
        emails = [row[0].casefold() for row in connection.execute(text("SELECT email FROM users"))]
    allowed = set()
    if request.path.rstrip("/") in OWNER_PATHS or request.path.startswith("/account/"):
        owner = _owner_email()
        if owner:
            allowed.add(owner)
    sent = _sent_by_the_request()
    for email in emails:
        if email in allowed or email in sent:
            continue
        if any(variant in body for variant in _variants(email)):
            raise EmailLeak(
                f"{request.method} {request.path} shows the email address "
                f"{email!r} ({response.status_code} {response.mimetype})"
            )
    return response


def guard(app: Flask) -> None:
    app.after_request(refuse_email_leaks)
