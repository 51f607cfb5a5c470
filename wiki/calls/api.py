"""The calls part of /api/v1: post a call, list and read them, answer, resolve (CONTRACT)."""

from __future__ import annotations

from flask import jsonify, request

from wiki.access import can
from wiki.api import payloads
from wiki.api.auth import caller, require_caller
from wiki.api.errors import BadRequestBody
from wiki.api.routes import bp
from wiki.api.serializers import person_ref, timestamp
from wiki.calls import listing, posting
from wiki.content.member_text import render_member_text
from wiki.database import begin_write
from wiki.extensions import db
from wiki.urls import external_url

MAX_PER_PAGE = 100


def answer_to_json(answer) -> dict:
    return {
        "id": answer.id,
        "author": person_ref(answer.author),
        "body": answer.body,
        "html": answer.html,
        "created_at": timestamp(answer.created_at),
    }


def call_to_json(call, viewer, *, answers: int | None = None, thread=None) -> dict:
    data = {
        "id": call.id,
        "title": call.title,
        "body": call.body,
        "html": call.html,
        "tags": [tag.slug for tag in call.tags],
        "departement": call.departement,
        "state": call.state,
        "author": person_ref(call.author),
        "created_at": timestamp(call.created_at),
        "resolved_at": timestamp(call.resolved_at),
        "answers_count": answers if answers is not None else len(thread or []),
        "url": external_url(posting.call_url(call)),
    }
    if viewer is not None and call.author_id == viewer.id:
        data["notified"] = call.notified  # how many were told: the author's business
    if thread is not None:
        data["answers"] = [answer_to_json(answer) for answer in thread]
        data["can_answer"] = can(viewer, "call.answer", call)
    return data


@bp.get("/calls")
def list_calls():
    viewer = caller()
    filters = listing.CallFilters.parse(request.args)
    page = payloads.query_integer("page", 1, minimum=1, maximum=10_000)
    per_page = payloads.query_integer("per_page", 20, minimum=1, maximum=MAX_PER_PAGE)
    total, rows = listing.list_calls(
        db.session, viewer, filters, offset=(page - 1) * per_page, limit=per_page
    )
    return jsonify(
        {
            "total": total,
            "page": page,
            "per_page": per_page,
            "results": [call_to_json(row.call, viewer, answers=row.answers) for row in rows],
        }
    )


@bp.post("/calls")
def create_call():
    user = require_caller()
    values = payloads.json_object(
        {
            "title": (str, "un texte"),
            "body": (str, "un texte (Markdown)"),
            "tags": (list, "une liste de textes"),
            "departement": (str, 'un code de département comme "37", ou null'),
        }
    )
    if "title" not in values:
        raise BadRequestBody("missing_key", "« title » est obligatoire.", field="title")
    title = posting.checked_title(values["title"])
    body = posting.checked_body(values.get("body"))
    departement = posting.checked_departement(values.get("departement"))
    html = render_member_text(db.session, body)
    begin_write()
    call = posting.post_call(
        db.session, user, title, body, html, values.get("tags", []), departement
    )
    db.session.commit()
    data = call_to_json(call, user, thread=[])
    data["notified"] = call.notified
    return jsonify(data), 201


@bp.get("/calls/<int:call_id>")
def get_call(call_id: int):
    viewer = caller()
    call = posting.get_call(db.session, viewer, call_id)
    return jsonify(call_to_json(call, viewer, thread=listing.answers_of(db.session, call)))


@bp.post("/calls/<int:call_id>/answers")
def answer_call(call_id: int):
    user = require_caller()
    values = payloads.json_object({"body": (str, "un texte (Markdown)")})
    if "body" not in values:
        raise BadRequestBody("missing_key", "« body » est obligatoire.", field="body")
    body = posting.checked_body(values["body"], required=True)
    posting.get_call(db.session, user, call_id)  # 404 before the slow work
    html = render_member_text(db.session, body)
    begin_write()
    call = posting.get_call(db.session, user, call_id)
    answer = posting.answer_call(db.session, user, call, body, html)
    db.session.commit()
    return jsonify(answer_to_json(answer)), 201


@bp.post("/calls/<int:call_id>/resolve")
def resolve_call(call_id: int):
    user = require_caller()
    begin_write()
    call = posting.get_call(db.session, user, call_id)
    posting.resolve_call(db.session, user, call)
    db.session.commit()
    return jsonify(call_to_json(call, user, thread=listing.answers_of(db.session, call)))
