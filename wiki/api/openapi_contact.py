"""The OpenAPI description of the contact part of /api/v1: conversations, blocks, calls to
the network, and the data rights (export, deletion). Merged into wiki.api.openapi."""

from __future__ import annotations

TEXT = {"type": "string"}
TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
TOKEN: list[dict[str, list[str]]] = [{"bearerAuth": []}]
ANONYMOUS_OR_TOKEN: list[dict[str, list[str]]] = [{}, {"bearerAuth": []}]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(schema)}}}


def _id(name: str, what: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": what,
        "schema": {"type": "integer", "minimum": 1},
    }


def _paging(default: int) -> list[dict]:
    return [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": default},
        },
    ]


WRITE_ERRORS = {
    "400": _response("BadRequest"),
    "401": _response("Unauthenticated"),
    "413": _response("TooLarge"),
    "415": _response("UnsupportedMediaType"),
}
HANDLE = {
    "name": "handle",
    "in": "path",
    "required": True,
    "schema": TEXT,
    "description": "A member's handle, as in `authors` or `/people/<handle>`.",
}
PERSON = _ref("Person")


def contact_schemas() -> dict:
    message = {
        "type": "object",
        "required": ["id", "author", "mine", "body", "html", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "author": PERSON,
            "mine": {"type": "boolean"},
            "body": {"type": "string", "description": "Markdown source."},
            "html": {"type": "string", "description": "Sanitised HTML."},
            "created_at": TIME,
            "read": {
                "type": "boolean",
                "description": "The caller's own message: read by the other side.",
            },
        },
    }
    call = {
        "type": "object",
        "required": [
            "id",
            "title",
            "body",
            "html",
            "tags",
            "departement",
            "state",
            "author",
            "created_at",
            "resolved_at",
            "answers_count",
            "url",
        ],
        "properties": {
            "id": {"type": "integer"},
            "title": TEXT,
            "body": TEXT,
            "html": TEXT,
            "tags": {"type": "array", "items": TEXT, "description": "Tag slugs."},
            "departement": {
                "type": ["string", "null"],
                "description": 'A code such as "37"; null: the whole network.',
            },
            "state": {"type": "string", "enum": ["open", "resolved"]},
            "author": PERSON,
            "created_at": TIME,
            "resolved_at": NULLABLE_TIME,
            "answers_count": {"type": "integer"},
            "url": {"type": "string", "format": "uri"},
            "notified": {
                "type": "integer",
                "description": "The author only: members told by mail when the call was posted.",
            },
            "answers": {"type": "array", "items": _ref("CallAnswer")},
            "can_answer": {"type": "boolean"},
        },
    }
    return {
        "Message": message,
        "ConversationInput": {
            "type": "object",
            "required": ["to", "subject", "body"],
            "additionalProperties": False,
            "properties": {
                "to": {"type": "string", "description": "The recipient's handle."},
                "subject": {"type": "string", "minLength": 1, "maxLength": 200},
                "body": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 20000,
                    "description": "Markdown.",
                },
            },
        },
        "MessageInput": {
            "type": "object",
            "required": ["body"],
            "additionalProperties": False,
            "properties": {"body": {"type": "string", "minLength": 1, "maxLength": 20000}},
        },
        "Conversation": {
            "type": "object",
            "required": [
                "id",
                "subject",
                "with",
                "created_at",
                "last_message_at",
                "unread",
                "can_reply",
                "url",
                "messages",
            ],
            "properties": {
                "id": {"type": "integer"},
                "subject": TEXT,
                "with": {
                    "type": "array",
                    "items": PERSON,
                    "description": "The other participants (empty once they left).",
                },
                "created_at": TIME,
                "last_message_at": TIME,
                "unread": {
                    "type": "integer",
                    "description": "Unread before this request (reading marks read).",
                },
                "can_reply": {"type": "boolean"},
                "url": {"type": "string", "format": "uri"},
                "messages": {"type": "array", "items": message},
            },
        },
        "ConversationList": {
            "type": "object",
            "required": ["total", "page", "per_page", "unread", "results"],
            "properties": {
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "unread": {"type": "integer", "description": "Unread messages in all."},
                "results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "subject", "with", "unread", "last_message_at", "url"],
                        "properties": {
                            "id": {"type": "integer"},
                            "subject": TEXT,
                            "with": {"type": "array", "items": PERSON},
                            "unread": {"type": "integer"},
                            "last_message_at": TIME,
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
        "Block": {
            "type": "object",
            "required": ["handle", "blocked"],
            "properties": {"handle": TEXT, "blocked": {"type": "boolean"}},
        },
        "CallInput": {
            "type": "object",
            "required": ["title", "tags"],
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string", "minLength": 1, "maxLength": 200},
                "body": {"type": "string", "maxLength": 20000, "description": "Markdown."},
                "tags": {
                    "type": "array",
                    "items": TEXT,
                    "minItems": 1,
                    "maxItems": 10,
                    "description": "Tag slugs or labels; who is notified depends on them.",
                },
                "departement": {
                    "type": ["string", "null"],
                    "description": 'A code ("37", "2A") or a name; null or absent: the '
                    "whole network.",
                },
            },
        },
        "Call": call,
        "CallCreated": {"allOf": [call, {"type": "object", "required": ["notified"]}]},
        "CallAnswer": {
            "type": "object",
            "required": ["id", "author", "body", "html", "created_at"],
            "properties": {
                "id": {"type": "integer"},
                "author": PERSON,
                "body": TEXT,
                "html": TEXT,
                "created_at": TIME,
            },
        },
        "CallAnswerInput": {
            "type": "object",
            "required": ["body"],
            "additionalProperties": False,
            "properties": {"body": {"type": "string", "minLength": 1, "maxLength": 20000}},
        },
        "CallList": {
            "type": "object",
            "required": ["total", "page", "per_page", "results"],
            "properties": {
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "results": {"type": "array", "items": call},
            },
        },
        "Export": {
            "type": "object",
            "required": ["format", "exported_at", "account"],
            "description": "Everything the wiki keeps about the caller, their own email "
            "included: account, profile, revisions (the pages they wrote, "
            "as versions), follow_ups, conversations (their messages and "
            "those they received), blocks, calls, call_answers, reports, "
            "groups, api_tokens (labels only), mail_opt_outs, follows.",
            "properties": {
                "format": {"type": "string", "const": "wiki-pratiques/export/1"},
                "exported_at": TIME,
                "account": _ref("Account"),
            },
            "additionalProperties": True,
        },
        "Deleted": {
            "type": "object",
            "required": ["deleted", "handle"],
            "properties": {"deleted": {"type": "boolean", "const": True}, "handle": TEXT},
        },
    }


def contact_paths() -> dict:
    not_found = _response("NotFound")
    conversation = _id("conversation_id", "A conversation of the caller's.")
    call = _id("call_id", "A call to the network.")
    return {
        "/conversations": {
            "get": {
                "operationId": "listConversations",
                "security": TOKEN,
                "summary": "The caller's conversations, the latest first.",
                "parameters": _paging(30),
                "responses": {
                    "200": _json(_ref("ConversationList"), "The conversations."),
                    "400": _response("BadRequest"),
                    "401": _response("Unauthenticated"),
                },
            },
            "post": {
                "operationId": "startConversation",
                "security": TOKEN,
                "summary": "Write to a member. They get a mail with a link, never an "
                "address. 404 for a member the caller cannot find (in the "
                "directory, or the author of a page they may see).",
                "requestBody": _body("ConversationInput"),
                "responses": {
                    "201": _json(_ref("Conversation"), "The new conversation."),
                    **WRITE_ERRORS,
                    "404": not_found,
                    "403": _response("Forbidden"),
                    "429": _response("RateLimited"),
                },
            },
        },
        "/conversations/{conversation_id}": {
            "parameters": [conversation],
            "get": {
                "operationId": "getConversation",
                "security": TOKEN,
                "summary": "One conversation with its messages; marks it read.",
                "responses": {
                    "200": _json(_ref("Conversation"), "The conversation."),
                    "401": _response("Unauthenticated"),
                    "404": not_found,
                },
            },
        },
        "/conversations/{conversation_id}/messages": {
            "parameters": [conversation],
            "post": {
                "operationId": "replyInConversation",
                "security": TOKEN,
                "summary": "A reply. 403 once the other side left, or toward a member the "
                "caller blocks.",
                "requestBody": _body("MessageInput"),
                "responses": {
                    "201": _json(_ref("Message"), "The message."),
                    **WRITE_ERRORS,
                    "403": _response("Forbidden"),
                    "404": not_found,
                },
            },
        },
        "/people/{handle}/block": {
            "parameters": [HANDLE],
            "post": {
                "operationId": "blockMember",
                "security": TOKEN,
                "summary": "The caller blocks a member: no new conversation from them, their "
                "replies withheld; they are not told.",
                "responses": {
                    "200": _json(_ref("Block"), "Blocked."),
                    "401": _response("Unauthenticated"),
                    "403": _response("Forbidden"),
                    "404": not_found,
                },
            },
            "delete": {
                "operationId": "unblockMember",
                "security": TOKEN,
                "summary": "The caller unblocks a member they block.",
                "responses": {
                    "200": _json(_ref("Block"), "Unblocked."),
                    "401": _response("Unauthenticated"),
                    "404": not_found,
                },
            },
        },
        "/calls": {
            "get": {
                "operationId": "listCalls",
                "security": ANONYMOUS_OR_TOKEN,
                "summary": "Calls to the network, newest first (members only: empty for an "
                "anonymous request).",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "schema": TEXT,
                        "description": "Words searched in French (stems, accents folded).",
                    },
                    {"name": "tag", "in": "query", "schema": TEXT},
                    {
                        "name": "departement",
                        "in": "query",
                        "schema": TEXT,
                        "description": "A code: the calls for that département.",
                    },
                    {
                        "name": "state",
                        "in": "query",
                        "schema": {
                            "type": "string",
                            "enum": ["", "open", "resolved", "all"],
                            "default": "open",
                        },
                        "description": "Empty: open.",
                    },
                    *_paging(20),
                ],
                "responses": {
                    "200": _json(_ref("CallList"), "The calls."),
                    "400": _response("BadRequest"),
                    "401": _response("Unauthenticated"),
                },
            },
            "post": {
                "operationId": "createCall",
                "security": TOKEN,
                "summary": "A call to the network; the members in the directory whose "
                "expertise shares a tag and whose département is the call's (any, "
                "for the whole network) are told by mail — never the author.",
                "requestBody": _body("CallInput"),
                "responses": {
                    "201": _json(_ref("CallCreated"), "The call, with `notified`."),
                    **WRITE_ERRORS,
                },
            },
        },
        "/calls/{call_id}": {
            "parameters": [call],
            "get": {
                "operationId": "getCall",
                "security": ANONYMOUS_OR_TOKEN,
                "summary": "One call with its answers.",
                "responses": {
                    "200": _json(_ref("Call"), "The call."),
                    "401": _response("Unauthenticated"),
                    "404": not_found,
                },
            },
        },
        "/calls/{call_id}/answers": {
            "parameters": [call],
            "post": {
                "operationId": "answerCall",
                "security": TOKEN,
                "summary": "An answer in the call's thread (403 once it is resolved).",
                "requestBody": _body("CallAnswerInput"),
                "responses": {
                    "201": _json(_ref("CallAnswer"), "The answer."),
                    **WRITE_ERRORS,
                    "403": _response("Forbidden"),
                    "404": not_found,
                },
            },
        },
        "/calls/{call_id}/resolve": {
            "parameters": [call],
            "post": {
                "operationId": "resolveCall",
                "security": TOKEN,
                "summary": "The author marks the call resolved (twice is once).",
                "responses": {
                    "200": _json(_ref("Call"), "The call, resolved."),
                    "401": _response("Unauthenticated"),
                    "403": _response("Forbidden"),
                    "404": not_found,
                },
            },
        },
        "/me/export": {
            "get": {
                "operationId": "exportMe",
                "security": TOKEN,
                "summary": "All the caller's data as JSON (RGPD).",
                "responses": {
                    "200": _json(_ref("Export"), "The data."),
                    "401": _response("Unauthenticated"),
                },
            }
        },
    }


def delete_me_operation() -> dict:
    """DELETE /me, beside GET /me in the main document."""
    return {
        "operationId": "deleteMe",
        "security": TOKEN,
        "summary": "Delete the caller's account: profile, messages, calls, follows and tokens "
        "go; their page contributions stay, credited to « ancien membre »; the "
        "other side of a conversation keeps their own messages.",
        "responses": {
            "200": _json(_ref("Deleted"), "Deleted."),
            "401": _response("Unauthenticated"),
            "409": _response("Conflict"),
        },
    }


CONTACT_RESPONSES = {
    "Forbidden": _json(
        _ref("Error"),
        "Refused: the recipient accepts no new conversation "
        "(or blocks the caller: the same answer), or the "
        "caller may not do this.",
    ),
    "RateLimited": _json(
        _ref("Error"), "rate_limited: too many new conversations in 24 hours (details.limit)."
    ),
}
