"""The data rights in /api/v1: GET /me/export and DELETE /me (CONTRACT)."""

from __future__ import annotations

from flask import jsonify

from wiki.api.auth import require_caller
from wiki.api.routes import bp
from wiki.database import begin_write
from wiki.extensions import db
from wiki.privacy.erasure import delete_account
from wiki.privacy.export import export_data


@bp.get("/me/export")
def export_me():
    return jsonify(export_data(db.session, require_caller()))


@bp.delete("/me")
def delete_me():
    user = require_caller()
    handle = user.handle
    begin_write()
    delete_account(db.session, user)
    db.session.commit()
    return jsonify({"deleted": True, "handle": handle})
