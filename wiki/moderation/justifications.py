"""/moderation/justifications: what writers kept in spite of the charter, and why.

The latest justified passages of publications, each with its page and version, for the
moderators to read the reasons and act (hide the page, mask the version, anonymise). Only
pages the moderator may read are listed: a closed group's stays the group's.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from wiki.access import can
from wiki.extensions import db
from wiki.moderation.routes import _moderator, bp
from wiki.pages.charter_review import recent_justifications

SHOWN = 100


@bp.get("/moderation/justifications")
def justifications():
    if (refused := _moderator()) is not None:
        return refused
    rows = [
        row
        for row in recent_justifications(db.session, limit=SHOWN)
        if can(current_user, "page.view", row.page)
        and (row.revision is None or can(current_user, "revision.view", row.revision))
    ]
    return render_template("moderation/justifications.html", rows=rows, shown=SHOWN)
