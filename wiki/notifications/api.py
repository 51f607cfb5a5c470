"""The API of following and notifications (CONTRACT): /follows and /notifications."""

from __future__ import annotations

from flask import jsonify

from wiki.api import payloads
from wiki.api.auth import require_caller
from wiki.api.routes import bp
from wiki.database import begin_write
from wiki.extensions import db
from wiki.notifications.center import notifications_of, unread_count
from wiki.notifications.following import follow, follows_of, unfollow
from wiki.urls import external_url

FOLLOW_KEYS = {
    "kind": (str, "page, tag, group ou member"),
    "target": (str, "un identifiant (page, étiquette, groupe) ou un pseudonyme"),
}


@bp.get("/notifications")
def list_notifications():
    user = require_caller()
    limit = payloads.query_integer("per_page", 50, minimum=1, maximum=100)
    unread_only = payloads.query_choice("unread", ("0", "1", "true"), "0") != "0"
    views = notifications_of(db.session, user, limit=limit, unread_only=unread_only)
    return jsonify(
        {
            "results": [view.to_json(external_url) for view in views],
            "unread": unread_count(db.session, user),
        }
    )


@bp.get("/follows")
def list_follows():
    user = require_caller()
    return jsonify({"results": follows_of(db.session, user)})


@bp.post("/follows")
def create_follow():
    user = require_caller()
    values = payloads.json_object(FOLLOW_KEYS)
    begin_write()
    follow(db.session, user, values.get("kind"), values.get("target"))
    db.session.commit()
    return jsonify({"results": follows_of(db.session, user)}), 201


@bp.delete("/follows")
def delete_follow():
    user = require_caller()
    values = payloads.json_object(FOLLOW_KEYS)
    begin_write()
    unfollow(db.session, user, values.get("kind"), values.get("target"))
    db.session.commit()
    return jsonify({"results": follows_of(db.session, user)})
