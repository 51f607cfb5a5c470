"""The directory's part of the OpenAPI document (merged by wiki/api/openapi.py)."""

from __future__ import annotations

from wiki.api.schema_text import space_class
from wiki.departements import DEPARTEMENTS
from wiki.network.fields import FIELD_NAMES, SECTORS, STATUS_LABELS, VISIBILITIES

TEXT = {"type": "string"}
HANDLE = {
    "name": "handle",
    "in": "path",
    "required": True,
    "description": "The member's handle (lower case, digits and hyphens).",
    "schema": {"type": "string", "maxLength": 64},
}


def _profile_properties() -> dict:
    status = {"type": ["string", "null"], "enum": [*STATUS_LABELS, None]}
    return {
        "status": status,
        "profession": TEXT,
        "organisation": TEXT,
        "sectors": {"type": "array", "items": {"type": "string", "enum": list(SECTORS)}},
        "territory": {"type": "string", "description": "A town or neighbourhood."},
        "departement": {"type": ["string", "null"], "enum": [*DEPARTEMENTS, None]},
        "expertise_tags": {
            "type": "array",
            "items": TEXT,
            "description": "Slugs of tags of the controlled vocabulary.",
        },
        "presentation": {"type": "string", "description": "Markdown."},
        "presentation_html": {"type": "string", "description": "Sanitised HTML."},
        "looking_for": TEXT,
    }


def _or_null(schema: dict) -> dict:
    """The same schema, null allowed: the API reads a null key as a key left out."""
    schema = dict(schema)
    types = schema.get("type")
    if types is not None:
        types = types if isinstance(types, list) else [types]
        schema["type"] = types if "null" in types else [*types, "null"]
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema


def schemas(ref) -> dict:
    visibility = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            name: {"type": "string", "enum": list(VISIBILITIES)} for name in FIELD_NAMES
        },
    }
    profile = {
        "type": "object",
        "required": ["handle", "display_name", "initials", "url"],
        "description": "A profile as the caller may see it: a field the caller may not "
        "see is absent. in_directory, accepts_contact and visibility are "
        "given to the member alone. Never an email address.",
        "properties": {
            "handle": TEXT,
            "display_name": TEXT,
            "initials": {"type": "string", "description": "For the avatar."},
            **_profile_properties(),
            "in_directory": {"type": "boolean"},
            "accepts_contact": {"type": "string", "enum": ["members", "nobody"]},
            "visibility": visibility,
            "url": {"type": "string", "format": "uri", "description": "The profile page."},
        },
    }
    input_properties = {
        key: value for key, value in _profile_properties().items() if key != "presentation_html"
    }
    input_properties["status"] = {"type": "string", "enum": ["", *STATUS_LABELS]}
    input_properties["departement"] = {
        "type": "string",
        "description": 'A code ("37", "2A") or a name; "" clears it.',
    }
    input_properties["sectors"] = {
        "type": "array",
        "items": TEXT,
        "description": "Slugs or labels: " + ", ".join(SECTORS),
    }
    return {
        "Profile": profile,
        "ProfileWithPages": {
            "allOf": [
                ref("Profile"),
                {
                    "type": "object",
                    "required": ["pages", "pages_total"],
                    "properties": {
                        "pages_total": {"type": "integer"},
                        "pages": {
                            "type": "array",
                            "description": "Pages the member wrote or improved that the "
                            "caller may see, most recently changed first.",
                            "items": {
                                "type": "object",
                                "required": ["slug", "title", "kind", "role", "url"],
                                "properties": {
                                    "slug": TEXT,
                                    "title": TEXT,
                                    "kind": TEXT,
                                    "role": {"type": "string", "enum": ["author", "contributor"]},
                                    "url": {"type": "string", "format": "uri"},
                                },
                            },
                        },
                    },
                },
            ]
        },
        "ProfileInput": {
            "type": "object",
            "additionalProperties": False,
            "description": "Keys left out (or null) keep their value. The directory is "
            "opt-in (in_directory false until set).",
            "properties": {
                key: _or_null(value)
                for key, value in {
                    "display_name": {
                        "type": ["string", "null"],
                        "maxLength": 120,
                        "pattern": space_class()[1],
                        "description": "Not blank; null: unchanged.",
                    },
                    **input_properties,
                    "in_directory": {"type": "boolean"},
                    "accepts_contact": {"type": "string", "enum": ["members", "nobody"]},
                    "visibility": {
                        **visibility,
                        "description": "Who sees each field: public, members (approved members) or "
                        "hidden (the member alone, and moderators). Fields not "
                        "named keep their setting.",
                    },
                }.items()
            },
        },
        "People": {
            "type": "object",
            "required": ["total", "page", "per_page", "results"],
            "properties": {
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "relaxed": {
                    "type": "boolean",
                    "description": "Nobody had every word: those with the most of them.",
                },
                "results": {"type": "array", "items": ref("Profile")},
            },
        },
    }


def paths(ref, json, response, anonymous_or_token, token, write_errors) -> dict:
    query = [
        {
            "name": "q",
            "in": "query",
            "schema": {"type": "string", "maxLength": 500},
            "description": "Words, analysed in French like page search.",
        },
        {"name": "tag", "in": "query", "schema": TEXT, "description": "An expertise tag."},
        {
            "name": "territory",
            "in": "query",
            "schema": TEXT,
            "description": "A département (code or name), or words of the town.",
        },
        {"name": "departement", "in": "query", "schema": TEXT},
        {
            "name": "sector",
            "in": "query",
            "schema": {"type": "string", "enum": ["", *SECTORS]},
            "description": "Empty: any.",
        },
        {
            "name": "status",
            "in": "query",
            "schema": {"type": "string", "enum": ["", *STATUS_LABELS]},
            "description": "Empty: any.",
        },
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
        },
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
        },
    ]
    return {
        "/people": {
            "get": {
                "operationId": "searchPeople",
                "summary": "The directory: members who chose to appear in it, found by words "
                "and filters among the fields the caller may see.",
                "security": anonymous_or_token,
                "parameters": query,
                "responses": {
                    "200": json(ref("People"), "The members found."),
                    "400": response("BadRequest"),
                    "401": response("Unauthenticated"),
                },
            }
        },
        "/people/{handle}": {
            "parameters": [HANDLE],
            "get": {
                "operationId": "getPerson",
                "summary": "One profile as the caller may see it, with its pages.",
                "security": anonymous_or_token,
                "responses": {
                    "200": json(ref("ProfileWithPages"), "The profile."),
                    "401": response("Unauthenticated"),
                    "404": response("NotFound"),
                },
            },
        },
        "/me/profile": {
            "put": {
                "operationId": "putMyProfile",
                "summary": "Set the caller's profile.",
                "security": token,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("ProfileInput")}},
                },
                "responses": {
                    "200": json(ref("Profile"), "The profile, as its member sees it."),
                    **write_errors,
                },
            }
        },
    }
