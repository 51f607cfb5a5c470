"""Mail leaves after the commit that queued it (wiki.aftercommit), never inside it."""

from __future__ import annotations

from flask import Flask

from wiki.aftercommit import after_commit
from wiki.mail.delivery import send_pending
from wiki.models import OutgoingMail

SEND_PER_COMMIT = 50  # a large batch (a digest) is left to `wiki mail send`


def _send(app: Flask) -> None:
    send_pending(app, limit=SEND_PER_COMMIT)


def init_app(app: Flask) -> None:
    after_commit(app).add("mail", OutgoingMail, _send)
