"""The messaging part of /api/v1: conversations, messages, blocks (CONTRACT)."""

from __future__ import annotations

from flask import current_app, jsonify

from wiki.access import can
from wiki.api import payloads
from wiki.api.auth import require_caller
from wiki.api.errors import BadRequestBody
from wiki.api.routes import bp
from wiki.api.serializers import person_ref, timestamp
from wiki.content.member_text import render_member_text
from wiki.database import begin_write
from wiki.extensions import db
from wiki.messaging import conversations as domain
from wiki.messaging import reports as _reports  # noqa: F401 - registers message reports
from wiki.urls import external_url

MAX_PER_PAGE = 100
MASKED = "Message masqué par la modération."


def message_to_json(message, viewer) -> dict:
    masked = message.hidden_at is not None and message.author_id != viewer.id
    return {
        "id": message.id,
        "author": person_ref(message.author),
        "mine": message.author_id == viewer.id,
        "body": MASKED if masked else message.body,
        "html": f"<p>{MASKED}</p>" if masked else message.html,
        "created_at": timestamp(message.created_at),
    }


def conversation_to_json(view, viewer, unread: int = 0) -> dict:
    conversation = view.conversation
    return {
        "id": conversation.id,
        "subject": conversation.subject,
        "with": [person_ref(user) for user in view.others],
        "created_at": timestamp(conversation.created_at),
        "last_message_at": timestamp(conversation.last_message_at),
        "unread": unread,
        "can_reply": can(viewer, "conversation.reply", conversation),
        "url": external_url(domain.conversation_url(conversation)),
        "messages": [
            {**message_to_json(shown.message, viewer), "read": shown.read}
            for shown in view.messages
        ],
    }


def _required(values: dict, key: str) -> None:
    if key not in values:
        raise BadRequestBody("missing_key", f"« {key} » est obligatoire.", field=key)


@bp.get("/conversations")
def list_conversations():
    user = require_caller()
    page = payloads.query_integer("page", 1, minimum=1, maximum=10_000)
    per_page = payloads.query_integer("per_page", 30, minimum=1, maximum=MAX_PER_PAGE)
    total, summaries = domain.conversations_of(
        db.session, user, offset=(page - 1) * per_page, limit=per_page
    )
    return jsonify(
        {
            "total": total,
            "page": page,
            "per_page": per_page,
            "unread": domain.unread_total(db.session, user),
            "results": [
                {
                    "id": s.conversation.id,
                    "subject": s.conversation.subject,
                    "with": [person_ref(other) for other in s.others],
                    "unread": s.unread,
                    "last_message_at": timestamp(s.conversation.last_message_at),
                    "url": external_url(domain.conversation_url(s.conversation)),
                }
                for s in summaries
            ],
        }
    )


@bp.post("/conversations")
def start_conversation():
    user = require_caller()
    values = payloads.json_object(
        {
            "to": (str, "l'identifiant d'un membre"),
            "subject": (str, "un texte"),
            "body": (str, "un texte"),
        }
    )
    for key in ("to", "subject", "body"):
        _required(values, key)
    subject = domain.checked_subject(values["subject"])
    body = domain.checked_body(values["body"])
    html = render_member_text(db.session, body)
    begin_write()
    recipient = domain.find_member(db.session, user, values["to"])
    conversation = domain.start_conversation(
        db.session,
        user,
        recipient,
        subject,
        body,
        html,
        daily_limit=current_app.config["MESSAGES_NEW_PER_DAY"],
    )
    db.session.commit()
    view = domain.conversation_view(db.session, user, conversation)
    return jsonify(conversation_to_json(view, user)), 201


@bp.get("/conversations/<int:conversation_id>")
def get_conversation(conversation_id: int):
    user = require_caller()
    conversation = domain.get_conversation(db.session, user, conversation_id)
    view = domain.conversation_view(db.session, user, conversation)
    unread = domain.unread_in(db.session, user, conversation)
    if unread:  # reading through the API marks the conversation read, as the page does
        db.session.commit()
        begin_write()
        conversation = domain.get_conversation(db.session, user, conversation_id)
        domain.mark_read(db.session, user, conversation)
        db.session.commit()
    return jsonify(conversation_to_json(view, user, unread))


@bp.post("/conversations/<int:conversation_id>/messages")
def post_message(conversation_id: int):
    user = require_caller()
    values = payloads.json_object({"body": (str, "un texte")})
    _required(values, "body")
    body = domain.checked_body(values["body"])
    domain.get_conversation(db.session, user, conversation_id)  # 404 before the slow work
    html = render_member_text(db.session, body)
    begin_write()
    conversation = domain.get_conversation(db.session, user, conversation_id)
    message = domain.reply(db.session, user, conversation, body, html)
    db.session.commit()
    return jsonify(message_to_json(message, user)), 201


@bp.post("/people/<handle>/block")
def block_member(handle: str):
    user = require_caller()
    begin_write()
    blocked = domain.find_correspondent(db.session, user, handle)
    domain.block(db.session, user, blocked)
    db.session.commit()
    return jsonify({"handle": blocked.handle, "blocked": True})


@bp.delete("/people/<handle>/block")
def unblock_member(handle: str):
    user = require_caller()
    begin_write()
    blocked = domain.find_blocked(db.session, user, handle)
    domain.unblock(db.session, user, blocked)
    db.session.commit()
    return jsonify({"handle": blocked.handle, "blocked": False})
