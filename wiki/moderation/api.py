"""POST /api/v1/reports: a report to the moderators (CONTRACT)."""

from __future__ import annotations

from flask import jsonify

from wiki.api import payloads
from wiki.api.auth import require_caller
from wiki.api.routes import bp
from wiki.database import begin_write
from wiki.extensions import db
from wiki.moderation import targets  # noqa: F401 - registers what can be reported
from wiki.moderation.reports import file_report


@bp.post("/reports")
def create_report():
    user = require_caller()
    values = payloads.json_object(
        {"target": (str, "un texte « genre:référence »"), "reason": (str, "un texte")}
    )
    begin_write()
    report = file_report(db.session, user, values.get("target"), values.get("reason"))
    db.session.commit()
    return jsonify(
        {
            "id": report.id,
            "target": report.target,
            "status": report.status,
            "created_at": report.created_at.isoformat() + "Z",
        }
    ), 201
