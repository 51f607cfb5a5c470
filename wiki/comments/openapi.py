"""The OpenAPI description of the comments part of /api/v1 (merged by wiki.api.openapi)."""

from __future__ import annotations

from wiki.api.schema_text import space_class
from wiki.api.schema_text import text as text_schema
from wiki.comments.charter import MAX_JUSTIFICATIONS, MAX_REASON
from wiki.comments.commenting import MAX_BODY

TEXT = {"type": "string"}
TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
# Operations whose valid bodies the charter may still refuse (422): what it finds in a text
# (a name, a phone number, a diagnosis) is no schema's to say.
CHARTER_CHECKED = ("postPageComment", "postCallComment", "editComment")


def schemas(ref) -> dict:
    _space, not_blank = space_class()
    justifications = {
        "type": ["array", "null"],
        "maxItems": MAX_JUSTIFICATIONS,
        "description": "The passages the charter check finds that the writer keeps, each "
        "with why (a blank reason justifies nothing). A finding left "
        "unjustified answers 422 charter_findings with details.findings.",
        "items": {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {
                "text": text_schema(description="The passage, as found."),
                "reason": text_schema(MAX_REASON, nullable=True),
            },
        },
    }
    body = text_schema(MAX_BODY, pattern=not_blank, description="Markdown, like pages; not blank.")
    return {
        "CommentInput": {
            "type": "object",
            "required": ["body"],
            "additionalProperties": False,
            "properties": {
                "body": body,
                "reply_to": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "description": "The comment answered, on the same page or "
                    "call; a reply to a reply joins its thread (one "
                    "level of replies). 404 if there is none.",
                },
                "justifications": justifications,
            },
        },
        "CommentUpdate": {
            "type": "object",
            "required": ["body"],
            "additionalProperties": False,
            "properties": {"body": body, "justifications": justifications},
        },
        "ModerationReason": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "reason": text_schema(2000, nullable=True, description="Required to hide.")
            },
        },
        "Comment": {
            "type": "object",
            "required": [
                "id",
                "reply_to",
                "state",
                "author",
                "body",
                "html",
                "created_at",
                "edited_at",
                "url",
            ],
            "properties": {
                "id": {"type": "integer"},
                "reply_to": {"type": ["integer", "null"]},
                "state": {
                    "type": "string",
                    "enum": ["published", "hidden", "deleted"],
                    "description": "hidden: masked by moderation (its text for its "
                    "author and moderators only); deleted: its author "
                    "deleted it, its replies keep its place.",
                },
                "author": {"oneOf": [ref("Person"), {"type": "null"}]},
                "body": {
                    "type": "string",
                    "description": "Markdown; empty when the caller may not read it.",
                },
                "html": {"type": "string", "description": "Sanitised HTML."},
                "created_at": TIME,
                "edited_at": NULLABLE_TIME,
                "hidden_reason": TEXT,
                "url": {"type": "string", "format": "uri"},
            },
        },
        "CommentList": {
            "type": "object",
            "required": ["total", "results"],
            "properties": {
                "total": {"type": "integer", "minimum": 0},
                "results": {
                    "type": "array",
                    "items": ref("Comment"),
                    "description": "In thread order: each comment followed by its replies.",
                },
            },
        },
    }


def paths(ref, json, response, anonymous_or_token, token, write_errors, slug) -> dict:
    not_found = response("NotFound")
    call = {
        "name": "call_id",
        "in": "path",
        "required": True,
        "description": "A call to the network.",
        "schema": {"type": "integer", "minimum": 1},
    }
    comment = {
        "name": "comment_id",
        "in": "path",
        "required": True,
        "description": "A comment.",
        "schema": {"type": "integer", "minimum": 1},
    }

    def body(name: str) -> dict:
        return {"required": True, "content": {"application/json": {"schema": ref(name)}}}

    charter = json(
        ref("Error"),
        "charter_findings: the charter check found passages left "
        "unjustified (details.findings); nothing was saved.",
    )

    def listing(operation_id: str, what: str) -> dict:
        return {
            "operationId": operation_id,
            "security": anonymous_or_token,
            "summary": f"The comments of {what} the caller may see, with replies.",
            "responses": {
                "200": json(ref("CommentList"), "The comments."),
                "400": response("BadRequest"),
                "401": response("Unauthenticated"),
                "404": not_found,
            },
        }

    def posting(operation_id: str, what: str) -> dict:
        return {
            "operationId": operation_id,
            "security": token,
            "summary": f"Comment on {what}, or reply to one of its comments; its "
            "followers are notified.",
            "requestBody": body("CommentInput"),
            "responses": {
                "201": json(ref("Comment"), "The comment."),
                **write_errors,
                "404": not_found,
                "422": charter,
            },
        }

    def moderation(operation_id: str, summary: str) -> dict:
        return {
            "operationId": operation_id,
            "security": token,
            "summary": summary,
            "requestBody": body("ModerationReason"),
            "responses": {
                "200": json(ref("Comment"), "The comment."),
                **write_errors,
                "403": response("Forbidden"),
                "404": not_found,
            },
        }

    return {
        "/pages/{slug}/comments": {
            "parameters": [slug],
            "get": listing("listPageComments", "a page"),
            "post": posting("postPageComment", "a page"),
        },
        "/calls/{call_id}/comments": {
            "parameters": [call],
            "get": listing("listCallComments", "a call to the network"),
            "post": posting("postCallComment", "a call to the network"),
        },
        "/comments/{comment_id}": {
            "parameters": [comment],
            "put": {
                "operationId": "editComment",
                "security": token,
                "summary": "The author rewrites their comment (marked edited).",
                "requestBody": body("CommentUpdate"),
                "responses": {
                    "200": json(ref("Comment"), "The comment."),
                    **write_errors,
                    "403": response("Forbidden"),
                    "404": not_found,
                    "422": charter,
                },
            },
            "delete": {
                "operationId": "deleteComment",
                "security": token,
                "summary": "The author deletes their comment; with replies, its "
                "place stays as « commentaire supprimé ».",
                "responses": {
                    "204": {"description": "Deleted."},
                    "401": response("Unauthenticated"),
                    "403": response("Forbidden"),
                    "404": not_found,
                },
            },
        },
        "/comments/{comment_id}/hide": {
            "parameters": [comment],
            "post": moderation(
                "hideComment",
                "Moderators mask a comment, with a reason (recorded in the audit log).",
            ),
        },
        "/comments/{comment_id}/restore": {
            "parameters": [comment],
            "post": moderation(
                "restoreComment", "Moderators lift the mask (recorded in the audit log)."
            ),
        },
    }
