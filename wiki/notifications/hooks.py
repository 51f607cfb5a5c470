"""Events are delivered after the commit that recorded them (wiki.aftercommit), before mail."""

from __future__ import annotations

from flask import Flask

from wiki.aftercommit import after_commit
from wiki.models import NotificationEvent
from wiki.notifications import privacy as _privacy  # noqa: F401 - export and erasure sections
from wiki.notifications.delivery import deliver_pending

DELIVER_PER_COMMIT = 200  # a backlog is left to `wiki notify deliver`


def _deliver(app: Flask) -> None:
    deliver_pending(app, limit=DELIVER_PER_COMMIT)


def init_app(app: Flask) -> None:
    after_commit(app).add("notifications", NotificationEvent, _deliver)

    from wiki.notifications.text import notification_text, reason_text, someone

    app.jinja_env.globals.update(
        notification_text=notification_text, notification_reason=reason_text, someone=someone
    )
