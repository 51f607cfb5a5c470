"""The groups' part of the OpenAPI document (merged by wiki/api/openapi.py)."""

from __future__ import annotations

TEXT = {"type": "string"}
PERSON = {
    "type": "object",
    "required": ["handle", "display_name"],
    "properties": {"handle": TEXT, "display_name": TEXT},
}
GROUP_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The group's slug.",
    "schema": {"type": "string", "maxLength": 80},
}


def schemas(ref) -> dict:
    group = {
        "type": "object",
        "required": ["slug", "name", "description", "closed", "url", "facilitators", "membership"],
        "description": "A group the caller may see: an open group (anyone), or a closed one "
        "the caller belongs to or is invited to.",
        "properties": {
            "slug": TEXT,
            "name": TEXT,
            "description": TEXT,
            "closed": {
                "type": "boolean",
                "description": "Closed: known to its members (and invitees) alone.",
            },
            "url": {"type": "string", "format": "uri", "description": "The group's page."},
            "facilitators": {"type": "array", "items": PERSON},
            "membership": {
                "type": ["string", "null"],
                "enum": ["facilitator", "member", "invited", None],
                "description": "The caller's place in the group.",
            },
        },
    }
    member = {
        "type": "object",
        "required": ["handle", "display_name", "role"],
        "properties": {
            "handle": TEXT,
            "display_name": TEXT,
            "role": {"type": "string", "enum": ["facilitator", "member"]},
        },
    }
    return {
        "Group": group,
        "GroupWithMembers": {
            "allOf": [
                ref("Group"),
                {
                    "type": "object",
                    "properties": {
                        "members": {
                            "type": "array",
                            "items": member,
                            "description": "Given to the group's members alone.",
                        }
                    },
                },
            ]
        },
        "Groups": {
            "type": "object",
            "required": ["total", "results"],
            "properties": {
                "total": {"type": "integer"},
                "results": {"type": "array", "items": ref("Group")},
            },
        },
    }


def paths(ref, json, response, anonymous_or_token) -> dict:
    return {
        "/groups": {
            "get": {
                "operationId": "listGroups",
                "summary": "The groups the caller may see.",
                "security": anonymous_or_token,
                "responses": {
                    "200": json(ref("Groups"), "The groups."),
                    "401": response("Unauthenticated"),
                },
            }
        },
        "/groups/{slug}": {
            "parameters": [GROUP_SLUG],
            "get": {
                "operationId": "getGroup",
                "summary": "One group, with its members if the caller is one. A closed "
                "group of others answers 404, like a group that does not exist.",
                "security": anonymous_or_token,
                "responses": {
                    "200": json(ref("GroupWithMembers"), "The group."),
                    "401": response("Unauthenticated"),
                    "404": response("NotFound"),
                },
            },
        },
    }
