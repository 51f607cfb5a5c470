"""The comments part of /api/v1: list and post on a page or a call, edit, delete, and
moderation's hide and restore (CONTRACT: POST/GET /api/v1/pages/<slug>/comments)."""

from __future__ import annotations

from flask import jsonify

from wiki.access import get_visible_page
from wiki.api import payloads
from wiki.api.auth import caller, require_caller
from wiki.api.errors import BadRequestBody
from wiki.api.routes import _checked_slug, bp
from wiki.api.serializers import person_ref, timestamp
from wiki.calls import posting as calls
from wiki.comments import notify as _notify  # noqa: F401 - subjects and recipients
from wiki.comments import reports as _reports  # noqa: F401 - comments are reportable
from wiki.comments.charter import checked_justifications
from wiki.comments.commenting import (
    checked_body,
    comment_path,
    delete_comment,
    edit_comment,
    get_comment,
    hide_comment,
    post_comment,
    restore_comment,
    subject_of,
)
from wiki.comments.reading import ShownComment, flatten, thread
from wiki.content.member_text import render_member_text
from wiki.database import begin_write
from wiki.extensions import db
from wiki.urls import external_url

COMMENT_KEYS = {
    "body": (str, "un texte (Markdown)"),
    "reply_to": (int, "l'identifiant d'un commentaire, ou null"),
    "justifications": (list, 'une liste d\'objets {"text", "reason"}'),
}
EDIT_KEYS = {"body": COMMENT_KEYS["body"], "justifications": COMMENT_KEYS["justifications"]}
REASON_KEYS = {"reason": (str, "un texte")}


def comment_to_json(shown: ShownComment) -> dict:
    comment = shown.comment
    readable = shown.readable
    data = {
        "id": comment.id,
        "reply_to": comment.parent_id,
        "state": shown.state,
        "author": person_ref(comment.author) if not comment.deleted else None,
        "body": comment.body if readable else "",
        "html": comment.html if readable else "",
        "created_at": timestamp(comment.created_at),
        "edited_at": timestamp(comment.edited_at),
        "url": external_url(comment_path(comment)),
    }
    if comment.hidden and readable:
        data["hidden_reason"] = comment.hidden_reason
    return data


def _shown(viewer, comment) -> ShownComment:
    for item in flatten(thread(db.session, viewer, subject_of(comment))):
        if item.comment.id == comment.id:
            return item
    raise LookupError(comment.id)  # the caller just saw it: a bug if missing


def _list(viewer, subject):
    shown = flatten(thread(db.session, viewer, subject))
    return jsonify({"total": len(shown), "results": [comment_to_json(item) for item in shown]})


def _post(user, find_subject):
    values = payloads.json_object(COMMENT_KEYS)
    if "body" not in values:
        raise BadRequestBody("missing_key", "« body » est obligatoire.", field="body")
    body = checked_body(values["body"])
    justifications = checked_justifications(values.get("justifications"))
    find_subject()  # 404 before the slow work
    html = render_member_text(db.session, body)
    begin_write()
    subject = find_subject()
    comment = post_comment(
        db.session,
        user,
        subject,
        body,
        html,
        reply_to=values.get("reply_to"),
        justifications=justifications,
    )
    db.session.commit()
    return jsonify(comment_to_json(_shown(user, comment))), 201


@bp.get("/pages/<slug>/comments")
def list_page_comments(slug: str):
    viewer = caller()
    return _list(viewer, get_visible_page(viewer, _checked_slug(slug)))


@bp.post("/pages/<slug>/comments")
def post_page_comment(slug: str):
    user = require_caller()
    _checked_slug(slug)
    return _post(user, lambda: get_visible_page(user, slug))


@bp.get("/calls/<int:call_id>/comments")
def list_call_comments(call_id: int):
    viewer = caller()
    return _list(viewer, calls.get_call(db.session, viewer, call_id))


@bp.post("/calls/<int:call_id>/comments")
def post_call_comment(call_id: int):
    user = require_caller()
    return _post(user, lambda: calls.get_call(db.session, user, call_id))


@bp.put("/comments/<int:comment_id>")
def edit(comment_id: int):
    user = require_caller()
    values = payloads.json_object(EDIT_KEYS)
    if "body" not in values:
        raise BadRequestBody("missing_key", "« body » est obligatoire.", field="body")
    body = checked_body(values["body"])
    justifications = checked_justifications(values.get("justifications"))
    get_comment(db.session, user, comment_id)
    html = render_member_text(db.session, body)
    begin_write()
    comment = get_comment(db.session, user, comment_id)
    edit_comment(db.session, user, comment, body, html, justifications=justifications)
    db.session.commit()
    return jsonify(comment_to_json(_shown(user, comment)))


@bp.delete("/comments/<int:comment_id>")
def delete(comment_id: int):
    user = require_caller()
    begin_write()
    comment = get_comment(db.session, user, comment_id)
    delete_comment(db.session, user, comment)
    db.session.commit()
    return "", 204


def _moderate(comment_id: int, action):
    user = require_caller()
    values = payloads.json_object(REASON_KEYS)
    begin_write()
    comment = get_comment(db.session, user, comment_id)
    action(db.session, user, comment, values.get("reason", ""))
    db.session.commit()
    return jsonify(comment_to_json(_shown(user, comment)))


@bp.post("/comments/<int:comment_id>/hide")
def hide(comment_id: int):
    return _moderate(comment_id, hide_comment)


@bp.post("/comments/<int:comment_id>/restore")
def restore(comment_id: int):
    return _moderate(comment_id, restore_comment)
