"""The OpenAPI pieces of history that can forget (wiki.pages.masking_api): a history entry,
one revision, masking one, anonymising a page's history."""

from __future__ import annotations

from wiki.api.schema_text import space_class
from wiki.api.schema_text import text as text_schema
from wiki.pages.history import MAX_REVISION_NUMBER
from wiki.pages.masking import MAX_PASSAGE_LENGTH, MAX_REASON_LENGTH


def schemas(ref) -> dict:
    text = {"type": "string"}
    nullable_text = {"type": ["string", "null"]}
    _space, not_blank = space_class()
    entry = {
        "revision": {"type": "integer"},
        "title": {
            **nullable_text,
            "description": "null if the revision is masked and the caller is not a moderator.",
        },
        "author": {"oneOf": [ref("Person"), {"type": "null"}]},
        "summary": {**nullable_text, "description": "null as the title."},
        "created_at": {"type": "string", "format": "date-time"},
        "masked": {
            "type": "boolean",
            "description": "Masked: its title, text, fields and summary are for moderators only.",
        },
        "masked_reason": {**text, "description": "Why it was masked (masked ones only)."},
        "minor": {"type": "boolean", "description": "A minor edit."},
    }
    return {
        "HistoryEntry": {
            "type": "object",
            "required": ["revision", "title", "author", "summary", "created_at", "masked"],
            "properties": entry,
        },
        "Revision": {
            "type": "object",
            "required": [
                "revision",
                "slug",
                "title",
                "author",
                "summary",
                "created_at",
                "masked",
                "fields",
                "tags",
                "body",
                "html",
            ],
            "properties": {
                **entry,
                "slug": text,
                "title": text,
                "summary": text,
                "fields": {"type": "object", "additionalProperties": text},
                "typed_fields": {
                    "type": "object",
                    "description": "The typed values of "
                    "its fields (see Page), hidden with them when masked.",
                },
                "tags": {"type": "array", "items": text, "description": "Tag slugs."},
                "body": {"type": "string", "description": "Markdown source."},
                "html": {"type": "string", "description": "Sanitised HTML."},
            },
        },
        "SuppressInput": {
            "type": "object",
            "required": ["reason"],
            "additionalProperties": False,
            "properties": {
                "reason": text_schema(
                    MAX_REASON_LENGTH,
                    pattern=not_blank,
                    description="Shown in the history in the revision's place: say why, not "
                    "what (« nom d'une personne »).",
                )
            },
        },
        "AnonymiseInput": {
            "type": "object",
            "required": ["find", "reason"],
            "additionalProperties": False,
            "properties": {
                "find": text_schema(
                    MAX_PASSAGE_LENGTH,
                    pattern=not_blank,
                    description="The passage, exactly as written.",
                ),
                "replace": text_schema(
                    MAX_PASSAGE_LENGTH,
                    nullable=True,
                    description="What replaces it; absent: removed. It "
                    "may not contain the passage (400).",
                ),
                "reason": text_schema(
                    MAX_REASON_LENGTH, pattern=not_blank, description="Why, for the audit log."
                ),
            },
        },
        "Anonymised": {
            "type": "object",
            "required": ["slug", "revisions", "follow_ups", "slug_holds_passage"],
            "properties": {
                "slug": text,
                "revisions": {"type": "integer", "description": "Revisions changed."},
                "follow_ups": {
                    "type": "integer",
                    "description": "Observations of the follow-up changed.",
                },
                "slug_holds_passage": {
                    "type": "boolean",
                    "description": "The page's slug still spells the passage (slugs "
                    "do not change, so that links stay valid).",
                },
            },
        },
    }


def paths(ref, json, response, slug_parameter, anonymous_or_token, token, write_errors) -> dict:
    number = {
        "name": "number",
        "in": "path",
        "required": True,
        "description": "The revision's number.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_REVISION_NUMBER},
    }
    not_found = response("NotFound")
    return {
        "/pages/{slug}/revisions/{number}": {
            "parameters": [slug_parameter, number],
            "get": {
                "operationId": "getRevision",
                "summary": "One revision with its content; 404 if it is masked and the "
                "caller is not a moderator.",
                "security": anonymous_or_token,
                "responses": {
                    "200": json(ref("Revision"), "The revision."),
                    "400": response("BadRequest"),
                    "401": response("Unauthenticated"),
                    "404": not_found,
                },
            },
        },
        "/pages/{slug}/revisions/{number}/suppress": {
            "parameters": [slug_parameter, number],
            "post": {
                "operationId": "suppressRevision",
                "summary": "Mask a revision (moderators, and the revision's author): its "
                "title, text, fields and summary are shown to moderators only; "
                "the history keeps « version masquée (reason) ». The current "
                "revision cannot be masked (409: edit the page first).",
                "security": token,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("SuppressInput")}},
                },
                "responses": {
                    "200": json(ref("HistoryEntry"), "The revision's history entry, now masked."),
                    **write_errors,
                    "403": response("Forbidden"),
                    "404": not_found,
                    "409": response("Conflict"),
                },
            },
        },
        "/pages/{slug}/anonymise": {
            "parameters": [slug_parameter],
            "post": {
                "operationId": "anonymisePage",
                "summary": "Replace a passage in every revision of a page, its follow-up of "
                "effects and its notifications (moderators); recorded in the "
                "audit log, without the passage.",
                "security": token,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("AnonymiseInput")}},
                },
                "responses": {
                    "200": json(ref("Anonymised"), "What changed."),
                    **write_errors,
                    "403": response("Forbidden"),
                    "404": not_found,
                },
            },
        },
    }
