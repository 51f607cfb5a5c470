"""The OpenAPI 3.1 document of /api/v1, written by hand beside the routes it describes.

tests/test_api.py fails when a route of the blueprint is missing from `paths`.
"""

from __future__ import annotations

from wiki.api.openapi_contact import (
    CONTACT_RESPONSES,
    contact_paths,
    contact_schemas,
    delete_me_operation,
)
from wiki.api.schema_text import NO_NUL, sluggable_character, space_class
from wiki.api.schema_text import text as text_schema
from wiki.content.slugs import MAX_SLUG_LENGTH
from wiki.departements import DEPARTEMENTS
from wiki.lifecycle.stages import DATE_PATTERN, MAX_HISTORY, MAX_NOTE_LENGTH, STAGES
from wiki.moderation import targets  # noqa: F401 - registers what can be reported
from wiki.moderation.reports import MAX_REASON, reportable_kinds
from wiki.pages import masking_openapi as masking
from wiki.pages import typed_openapi as typed
from wiki.pages.editing import (
    MAX_BODY_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    RESERVED_SLUGS,
)
from wiki.pages.kinds import FIELDS_BY_KIND, MAX_FIELD_LENGTH
from wiki.pages.sectors import SECTORS
from wiki.pages.tagging import MAX_TAG_LENGTH, MAX_TAGS_PER_PAGE
from wiki.search.queries import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_LENGTH, SORTS

ERROR_CODES = (
    "bad_request",
    "invalid",
    "invalid_json",
    "invalid_encoding",
    "invalid_character",
    "not_an_object",
    "unknown_keys",
    "invalid_type",
    "missing_key",
    "invalid_slug",
    "kind_change",
    "slug_change",
    "author_mismatch",
    "unknown_author",
    "too_long",
    "unauthenticated",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "stale_revision",
    "too_large",
    "unsupported_media_type",
    "rate_limited",
    "charter_findings",
    "invalid_justifications",
)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"


def _fields(kinds: list[str], description: str) -> dict:
    names = sorted({spec.name for kind in kinds for spec in FIELDS_BY_KIND[kind]})
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "description": description,
        "properties": {
            name: typed.field_schema(_ref, name, text_schema(MAX_FIELD_LENGTH, nullable=True))
            for name in names
        },
    }


def _fields_description() -> str:
    kinds = "; ".join(
        f"{kind}: {', '.join(spec.name for spec in specs)}"
        for kind, specs in FIELDS_BY_KIND.items()
    )
    return (
        "The kind's structured fields (null or blank: none), each a text; a typed one "
        "(territory, duration, places_dates, partners, registration_deadline) may be its "
        "typed value instead, and its text is read as one when it can be (the answer's "
        "typed_fields). A key of another kind is an error (400). "
        f"By kind — {kinds}."
    )


SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The page's slug: lower case, digits and hyphens.",
    "schema": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG_LENGTH},
}
ANONYMOUS_OR_TOKEN: list[dict[str, list[str]]] = [{}, {"bearerAuth": []}]
TOKEN: list[dict[str, list[str]]] = [{"bearerAuth": []}]
WRITE_ERRORS = {
    "400": _response("BadRequest"),
    "401": _response("Unauthenticated"),
    "413": _response("TooLarge"),
    "415": _response("UnsupportedMediaType"),
}
PAGE_WRITE_ERRORS = {
    **WRITE_ERRORS,
    "403": _response("Forbidden"),
    "409": _response("Conflict"),
    "422": _response("CharterFindings"),
}


def _schemas() -> dict:
    from wiki.comments import openapi as comments
    from wiki.groups import openapi as groups
    from wiki.network import openapi as network

    text = {"type": "string"}
    space, not_blank = space_class()
    tag = {
        "allOf": [
            {"type": "string", "maxLength": MAX_TAG_LENGTH, "not": NO_NUL},
            {"anyOf": [{"pattern": f"^{space}*$"}, {"pattern": sluggable_character()}]},
        ],
        "description": "A tag's slug or label, with a letter or digit (a blank one is ignored).",
    }
    page_input_properties = {
        "title": text_schema(
            MAX_TITLE_LENGTH, pattern=not_blank, description="Spaces are collapsed; not blank."
        ),
        "body": text_schema(
            MAX_BODY_LENGTH,
            nullable=True,
            description="Markdown; [[Title]] and [[slug|text]] are wiki links.",
        ),
        "tags": {
            "type": ["array", "null"],
            "items": tag,
            "maxItems": MAX_TAGS_PER_PAGE,
            "description": "Tag slugs or labels; unknown ones become free tags.",
        },
        "visibility": {
            "type": ["string", "null"],
            "pattern": "^(public|members|group:[a-z0-9]+(-[a-z0-9]+)*)$",
            "description": "public, members, or group:<slug> of a group the "
            "caller belongs to (403 forbidden for any other "
            "group, existing or not). On PUT, widening it "
            "(members → public, a group → members, public or "
            "another group) is for the member who created the "
            "page (the author of its first revision), its group's "
            "facilitators and moderators: 403 otherwise, even for "
            "someone who wrote a later revision.",
        },
        "slug": {
            "type": ["string", "null"],
            "pattern": SLUG_PATTERN,
            "maxLength": MAX_SLUG_LENGTH,
            "not": {"enum": sorted(RESERVED_SLUGS)},
            "description": "Optional: derived from the title if absent (a free one, "
            "-2, -3... added). Lower case, digits and hyphens, "
            f"{MAX_SLUG_LENGTH} characters at most, none of "
            f"{', '.join(sorted(RESERVED_SLUGS))}; 409 conflict if a "
            "page already has it, even one the caller may not see. "
            "On PUT, if given, it must be the page's own (400 "
            "slug_change).",
        },
        "author": {
            "type": ["string", "null"],
            "format": "email",
            "description": "The import format's author. It must be the caller's own "
            "email (403 author_mismatch otherwise), unless the caller "
            "is an admin, who may name any account (400 unknown_author "
            "if none has that email). Absent or null: the caller.",
        },
        "summary": text_schema(
            MAX_SUMMARY_LENGTH,
            nullable=True,
            description="Edit summary (spaces around it removed).",
        ),
        "status": {
            "type": ["string", "null"],
            "enum": ["published", "draft", None],
            "description": "published (the default) or draft. A draft is saved "
            "without the charter check and seen only by its authors "
            "(and its group's members, for a group page); publishing "
            "runs the check on the title, the body, every field and "
            "the summary (422 charter_findings if something is left "
            "unjustified). A published page does not go back to "
            "draft (400).",
        },
        "justifications": {
            "type": ["array", "null"],
            "maxItems": 200,
            "description": "Passages found by the charter check that stay, each with its "
            "reason (400 invalid_justifications if one lacks a passage or a "
            "reason); stored with the revision, shown to its authors and the "
            "moderators.",
            "items": {
                "type": "object",
                "required": ["text", "reason"],
                "additionalProperties": False,
                "properties": {
                    "text": text_schema(500, pattern=not_blank),
                    "reason": text_schema(500, pattern=not_blank),
                },
            },
        },
    }
    stage_name = {"type": "string", "enum": list(STAGES)}
    stage_entry = {
        "type": "object",
        "required": ["stage", "since"],
        "additionalProperties": False,
        "properties": {
            "stage": stage_name,
            "since": {
                "type": "string",
                "pattern": DATE_PATTERN,
                "description": "YYYY-MM-DD, 1900 to 2099.",
            },
            "note": text_schema(MAX_NOTE_LENGTH, nullable=True),
        },
    }
    stage_properties = {
        "stage": {
            "type": ["string", "null"],
            "enum": [*STAGES, None],
            "description": "Innovation sheets: the current stage of the innovation, "
            "since today; the same stage as now records nothing.",
        },
        "stages": {
            "type": ["array", "null"],
            "items": stage_entry,
            "maxItems": MAX_HISTORY,
            "description": "Innovation sheets: the whole dated history of its "
            "stages, which replaces the page's (the latest-dated one "
            "is the current stage); not with `stage` (400).",
        },
    }
    one_stage_key = {
        "not": {
            "required": ["stage", "stages"],
            "properties": {"stage": {"type": "string"}, "stages": {"type": "array"}},
        }
    }
    status_described = "Every key but kind, title and base_revision may be null: absent."

    # What a new page must hold (check_not_empty): a practice account a text, an innovation
    # sheet a context and objectives; 400 with the field to fill otherwise.
    written = text_schema(pattern=not_blank)
    required_content = {
        "practice": {"required": ["body"], "properties": {"body": written}},
        "innovation": {
            "required": ["fields"],
            "properties": {
                "fields": {
                    "type": "object",
                    "required": ["context", "objectives"],
                    "properties": {"context": written, "objectives": written},
                }
            },
        },
    }

    def page_input(kind: str) -> dict:
        lifecycle = stage_properties if kind == "innovation" else {}
        return {
            "type": "object",
            "required": ["kind", "title"],
            "additionalProperties": False,
            **(one_stage_key if lifecycle else {}),
            "properties": {
                **page_input_properties,
                **lifecycle,
                "kind": {"const": kind},
                "fields": _fields([kind], _fields_description()),
                "typed_fields": typed.typed_fields_schema(_ref, [kind]),
            },
            "allOf": [required_content[kind]],
        }

    return {
        "FollowInput": {
            "type": "object",
            "required": ["kind", "target"],
            "additionalProperties": False,
            "properties": {
                "kind": {"type": "string", "enum": ["page", "tag", "group", "member"]},
                "target": {
                    "type": "string",
                    "minLength": 1,
                    "description": "A page, tag or group slug, or a member's handle.",
                },
            },
        },
        "Follows": {
            "type": "object",
            "required": ["results"],
            "properties": {
                "results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["kind", "target", "name"],
                        "properties": {"kind": text, "target": text, "name": text},
                    },
                }
            },
        },
        "Notifications": {
            "type": "object",
            "required": ["results", "unread"],
            "properties": {
                "unread": {"type": "integer", "minimum": 0},
                "results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "kind", "text", "url", "created_at", "read"],
                        "properties": {
                            "id": {"type": "integer"},
                            "kind": text,
                            "text": text,
                            "url": {"type": "string", "format": "uri"},
                            "created_at": {"type": "string", "format": "date-time"},
                            "read": {"type": "boolean"},
                        },
                    },
                },
            },
        },
        **network.schemas(_ref),
        **groups.schemas(_ref),
        **comments.schemas(_ref),
        "ReportInput": {
            "type": "object",
            "required": ["target", "reason"],
            "additionalProperties": False,
            "properties": {
                "target": {
                    "type": "string",
                    "pattern": f"^({'|'.join(reportable_kinds())}):(.|\\n)*{not_blank}",
                    "not": NO_NUL,
                    "description": "kind:reference, the kinds that can be reported "
                    f"being {', '.join(reportable_kinds())} "
                    "(page:<slug>); something the caller may not see "
                    "answers 404 like something that does not exist.",
                },
                "reason": text_schema(MAX_REASON, pattern=not_blank),
            },
        },
        "Report": {
            "type": "object",
            "required": ["id", "target", "status", "created_at"],
            "properties": {
                "id": {"type": "integer"},
                "target": text,
                "status": {"type": "string", "enum": ["open"]},
                "created_at": {"type": "string", "format": "date-time"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string", "examples": list(ERROR_CODES)},
                        "message": {"type": "string", "description": "In French, for people."},
                        "details": {
                            "type": "object",
                            "description": "More for scripts: field (the key at fault), "
                            "keys (unknown keys), current_revision and base_revision (409).",
                        },
                    },
                }
            },
        },
        "Person": {
            "type": "object",
            "required": ["handle", "display_name"],
            "properties": {"handle": text, "display_name": text},
        },
        "Page": {
            "type": "object",
            "required": [
                "slug",
                "title",
                "kind",
                "tags",
                "visibility",
                "fields",
                "typed_fields",
                "body",
                "html",
                "revision",
                "updated_at",
                "authors",
                "url",
                "status",
                "charter",
            ],
            "properties": {
                "slug": text,
                "title": text,
                "kind": {"type": "string", "enum": list(FIELDS_BY_KIND)},
                "tags": {"type": "array", "items": text, "description": "Tag slugs."},
                "visibility": text,
                "fields": {
                    "type": "object",
                    "additionalProperties": text,
                    "description": "Each field's text, as the sheet shows it.",
                },
                "typed_fields": typed.typed_fields_schema(
                    _ref, list(FIELDS_BY_KIND), nullable=False
                ),
                "body": {"type": "string", "description": "Markdown source."},
                "html": {"type": "string", "description": "Sanitised HTML."},
                "revision": {
                    "type": "integer",
                    "description": "Current revision number; send it as base_revision.",
                },
                "updated_at": {"type": "string", "format": "date-time"},
                "authors": {
                    "type": "array",
                    "items": _ref("Person"),
                    "description": "Distinct authors, by first contribution.",
                },
                "url": {
                    "type": "string",
                    "format": "uri",
                    "description": "The page for people, absolute.",
                },
                "status": {"type": "string", "enum": ["published", "draft"]},
                "stage": {
                    "type": "object",
                    "required": ["current", "history"],
                    "description": "Innovation sheets only: the stage of the innovation "
                    "and its dated history, oldest first.",
                    "properties": {
                        "current": {"type": ["string", "null"], "enum": [*STAGES, None]},
                        "history": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["stage", "since", "note"],
                                "properties": {
                                    "stage": stage_name,
                                    "since": {"type": "string", "format": "date"},
                                    "note": text,
                                },
                            },
                        },
                    },
                },
                "charter": {
                    "type": "object",
                    "required": ["findings", "justified", "checked"],
                    "description": "What the charter check finds in the current version and "
                    "nobody justified (a draft's, or an imported page's), and "
                    "what was justified with its reason (empty but for the "
                    "page's authors and the moderators). `checked` is false when "
                    "a part of the text is too long for the check "
                    "(`text_too_long_to_check`: 30,000 words and punctuation "
                    "signs at most per part); both lists are then empty.",
                    "properties": {
                        "checked": {"type": "boolean"},
                        "findings": {"type": "array", "items": _ref("PassageFinding")},
                        "justified": {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    _ref("PassageFinding"),
                                    {
                                        "type": "object",
                                        "required": ["reason"],
                                        "properties": {"reason": text},
                                    },
                                ]
                            },
                        },
                    },
                },
                "warnings": {
                    "type": "array",
                    "description": "On creation only: `same_title` when "
                    "pages the caller may see already bear this title (a [[title]] link leads "
                    "to the oldest); the page is created all the same.",
                    "items": {
                        "type": "object",
                        "required": ["code", "message", "pages"],
                        "properties": {
                            "code": text,
                            "message": text,
                            "pages": {"type": "array", "items": {"type": "object"}},
                        },
                    },
                },
            },
        },
        "PageInput": {
            "description": "The import format of the wiki (JSON Lines line). " + status_described,
            "oneOf": [page_input(kind) for kind in FIELDS_BY_KIND],
        },
        "PageUpdate": {
            "type": "object",
            "required": ["title", "base_revision"],
            "additionalProperties": False,
            "description": "Keys left out or null (body, fields, tags, visibility) keep "
            "their current value. kind and slug, if given, must be "
            "unchanged (400 kind_change, slug_change). " + status_described,
            **one_stage_key,
            "properties": {
                **page_input_properties,
                **stage_properties,
                "kind": {"type": ["string", "null"], "enum": [*FIELDS_BY_KIND, None]},
                "fields": _fields(
                    list(FIELDS_BY_KIND),
                    "The page's kind's fields (see PageInput); "
                    "a key of the other kind is an error (400). "
                    "Left out, with typed_fields left out too: "
                    "both keep their current values.",
                ),
                "typed_fields": typed.typed_fields_schema(_ref, list(FIELDS_BY_KIND)),
                "base_revision": {
                    "type": "integer",
                    "description": "The revision the edit started from; 409 "
                    "stale_revision if the page changed since.",
                },
                "minor": {
                    "type": ["boolean", "null"],
                    "description": "A minor edit (« modification mineure »: a typo, a "
                    "link); /recent?minor=hide and the feeds with "
                    "minor=hide leave it out. Absent or null: false.",
                },
            },
        },
        "History": {
            "type": "object",
            "required": ["slug", "revisions"],
            "properties": {
                "slug": text,
                "revisions": {
                    "type": "array",
                    "description": "Newest first.",
                    "items": _ref("HistoryEntry"),
                },
            },
        },
        **masking.schemas(_ref),
        **typed.schemas(_ref),
        "Account": {
            "type": "object",
            "required": ["handle", "display_name", "email", "role", "locale"],
            "properties": {
                "handle": text,
                "display_name": text,
                "email": {"type": "string", "format": "email"},
                "role": {"type": "string", "enum": ["member", "moderator", "admin"]},
                "locale": {"type": ["string", "null"]},
                "approved": {
                    "type": "boolean",
                    "description": "False while a registration "
                    "waits for a moderator: the account sees what an anonymous "
                    "visitor sees, and cannot publish.",
                },
                "email_confirmed": {"type": "boolean"},
                "profile": {
                    **_ref("Profile"),
                    "description": "The caller's profile, all of "
                    "it (an empty one until first saved).",
                },
            },
        },
        "CharterCheck": {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {"text": text_schema(MAX_BODY_LENGTH)},
        },
        "PassageFinding": {
            "type": "object",
            "required": ["kind", "start", "end", "text", "field"],
            "properties": {
                "kind": {
                    "type": "string",
                    "enum": [
                        "diagnosis",
                        "email",
                        "phone",
                        "address",
                        "birthdate",
                        "nir",
                        "person_name",
                    ],
                },
                "start": {"type": "integer"},
                "end": {"type": "integer"},
                "text": text,
                "field": {
                    "type": "string",
                    "description": "Where: title, body, summary or a field's name.",
                },
            },
        },
        "CharterFindings": {
            "type": "object",
            "required": ["findings"],
            "properties": {
                "findings": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["kind", "start", "end", "text"],
                        "properties": {
                            "kind": {
                                "type": "string",
                                "enum": [
                                    "diagnosis",
                                    "email",
                                    "phone",
                                    "address",
                                    "birthdate",
                                    "nir",
                                    "person_name",
                                ],
                            },
                            "start": {"type": "integer", "description": "Offset in characters."},
                            "end": {"type": "integer", "description": "Offset after the finding."},
                            "text": text,
                        },
                    },
                }
            },
        },
        "SearchResults": {
            "type": "object",
            "required": ["query", "total", "page", "per_page", "results", "facets", "suggestion"],
            "properties": {
                "query": text,
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["slug", "title", "kind", "tags", "snippet", "url", "score"],
                        "properties": {
                            "slug": text,
                            "title": text,
                            "kind": text,
                            "tags": {"type": "array", "items": text},
                            "snippet": {"type": "string", "description": "Sanitised HTML."},
                            "url": {
                                "type": "string",
                                "format": "uri",
                                "description": "The page for people, absolute.",
                            },
                            "score": {
                                "type": ["number", "null"],
                                "description": "Relevance; null when results are listed "
                                "by date (a filter without words).",
                            },
                        },
                    },
                },
                "facets": {
                    "type": "object",
                    "properties": {
                        "kind": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "tags": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "stage": {
                            "type": "object",
                            "additionalProperties": {"type": "integer"},
                            "description": "Innovation sheets by stage.",
                        },
                        "departement": {
                            "type": "object",
                            "additionalProperties": {"type": "integer"},
                            "description": "By département code.",
                        },
                        "sector": {
                            "type": "object",
                            "additionalProperties": {"type": "integer"},
                            "description": "By sector's slug, read from the pages' sector fields.",
                        },
                    },
                    "description": "Counts over the pages the caller may see.",
                },
                "suggestion": {
                    "type": ["string", "null"],
                    "description": "A corrected query, or null.",
                },
            },
        },
    }


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


def _paths() -> dict:
    from wiki.comments import openapi as comments
    from wiki.groups import openapi as groups
    from wiki.network import openapi as network

    not_found = _response("NotFound")
    return {
        **network.paths(_ref, _json, _response, ANONYMOUS_OR_TOKEN, TOKEN, WRITE_ERRORS),
        **groups.paths(_ref, _json, _response, ANONYMOUS_OR_TOKEN),
        **comments.paths(_ref, _json, _response, ANONYMOUS_OR_TOKEN, TOKEN, WRITE_ERRORS, SLUG),
        "/pages": {
            "post": {
                "operationId": "createPage",
                "summary": "Create a page from the import format.",
                "security": TOKEN,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("PageInput")}},
                },
                "responses": {
                    "201": {
                        **_json(_ref("Page"), "The page created."),
                        "headers": {
                            "Location": {
                                "description": "The page's API address.",
                                "schema": {"type": "string"},
                            }
                        },
                    },
                    **PAGE_WRITE_ERRORS,
                },
            }
        },
        "/pages/{slug}": {
            "parameters": [SLUG],
            "get": {
                "operationId": "getPage",
                "summary": "A page, if the caller may see it.",
                "security": ANONYMOUS_OR_TOKEN,
                "responses": {
                    "200": _json(_ref("Page"), "The page."),
                    "400": _response("BadRequest"),
                    "401": _response("Unauthenticated"),
                    "404": not_found,
                },
            },
            "put": {
                "operationId": "updatePage",
                "summary": "Save a new revision.",
                "security": TOKEN,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("PageUpdate")}},
                },
                "responses": {
                    "200": _json(_ref("Page"), "The page at its new revision."),
                    **PAGE_WRITE_ERRORS,
                    "404": not_found,
                },
            },
        },
        "/pages/{slug}/revisions": {
            "parameters": [SLUG],
            "get": {
                "operationId": "getHistory",
                "summary": "A page's revisions, newest first.",
                "security": ANONYMOUS_OR_TOKEN,
                "responses": {
                    "200": _json(_ref("History"), "The history."),
                    "400": _response("BadRequest"),
                    "401": _response("Unauthenticated"),
                    "404": not_found,
                },
            },
        },
        "/search": {
            "get": {
                "operationId": "search",
                "summary": "Full-text search in French over the pages the caller may see.",
                "security": ANONYMOUS_OR_TOKEN,
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": 'Words in French, "a phrase" in quotes, AND, OR, NOT; '
                        f"only the first {MAX_QUERY_LENGTH} characters count. "
                        "Empty: the latest pages matching the filters.",
                    },
                    {
                        "name": "kind",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["", *FIELDS_BY_KIND]},
                        "description": "Empty: every kind.",
                    },
                    {
                        "name": "tag",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "A tag's slug.",
                    },
                    {
                        "name": "sector",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["", *SECTORS]},
                        "description": "A sector's slug; its label, "
                        "or words naming one sector alone (« hébergement »), are "
                        "accepted too; anything else is a 400. Empty: every sector.",
                    },
                    {"name": "territory", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "stage",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["", *STAGES]},
                        "description": "An innovation sheet's stage; empty: any.",
                    },
                    {
                        "name": "departement",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["", *DEPARTEMENTS]},
                        "description": "A département's code as INSEE writes it (45, 2A, 971); its "
                        "name is accepted too, anything else is a 400. Empty: "
                        "everywhere.",
                    },
                    {
                        "name": "sort",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["", *SORTS]},
                        "description": "Empty: relevance.",
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "schema": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_PAGE,
                            "default": 1,
                        },
                        "description": f"Page of results, 1 to {MAX_PAGE} (400 beyond).",
                    },
                    {
                        "name": "per_page",
                        "in": "query",
                        "schema": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_PER_PAGE,
                            "default": 20,
                        },
                        "description": f"Results per page, 1 to {MAX_PER_PAGE}.",
                    },
                ],
                "responses": {
                    "200": _json(_ref("SearchResults"), "The results."),
                    "400": _response("BadRequest"),
                    "401": _response("Unauthenticated"),
                },
            }
        },
        "/me": {
            "get": {
                "operationId": "getMe",
                "summary": "The caller's account.",
                "security": TOKEN,
                "responses": {
                    "200": _json(_ref("Account"), "The account."),
                    "401": _response("Unauthenticated"),
                },
            },
            "delete": delete_me_operation(),
        },
        "/charter/check": {
            "post": {
                "operationId": "checkCharter",
                "summary": "Point out what the editorial charter asks to avoid: diagnoses and "
                "what identifies a person.",
                "description": "Diagnostic labels (the wiki's list and the moderators' terms) and "
                "emails, phones, addresses, birthdates, NIRs and person names (with "
                "or without a civility). A name that is the title of a page the "
                "caller may see is not reported. A text of more than 30,000 "
                "words and punctuation signs answers 400 `text_too_long_to_check` "
                "(the person names are read by a model whose time grows with "
                "them); publishing such a text answers the same.",
                "security": ANONYMOUS_OR_TOKEN,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("CharterCheck")}},
                },
                "responses": {
                    "200": _json(_ref("CharterFindings"), "The findings."),
                    **WRITE_ERRORS,
                },
            }
        },
        "/reports": {
            "post": {
                "operationId": "createReport",
                "summary": "Point something out to the moderators, with a reason.",
                "security": TOKEN,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ReportInput")}},
                },
                "responses": {
                    "201": _json(_ref("Report"), "The report, waiting for a moderator."),
                    **WRITE_ERRORS,
                    "404": not_found,
                },
            }
        },
        "/follows": {
            "get": {
                "operationId": "listFollows",
                "summary": "What the caller follows.",
                "security": TOKEN,
                "responses": {
                    "200": _json(_ref("Follows"), "The follows."),
                    "401": _response("Unauthenticated"),
                },
            },
            "post": {
                "operationId": "follow",
                "summary": "Follow a page, a tag, a group (its members only) or a member.",
                "security": TOKEN,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("FollowInput")}},
                },
                "responses": {
                    "201": _json(_ref("Follows"), "What the caller now follows."),
                    **WRITE_ERRORS,
                    "404": not_found,
                },
            },
            "delete": {
                "operationId": "unfollow",
                "summary": "Stop following.",
                "security": TOKEN,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("FollowInput")}},
                },
                "responses": {
                    "200": _json(_ref("Follows"), "What the caller still follows."),
                    **WRITE_ERRORS,
                    "404": not_found,
                },
            },
        },
        "/notifications": {
            "get": {
                "operationId": "listNotifications",
                "summary": "The caller's notifications, newest first, and the unread count.",
                "security": TOKEN,
                "parameters": [
                    {
                        "name": "unread",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["0", "1", "true"]},
                    },
                    {
                        "name": "per_page",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                    },
                ],
                "responses": {
                    "200": _json(_ref("Notifications"), "The notifications."),
                    "400": _response("BadRequest"),
                    "401": _response("Unauthenticated"),
                },
            }
        },
        **contact_paths(),
        **masking.paths(_ref, _json, _response, SLUG, ANONYMOUS_OR_TOKEN, TOKEN, WRITE_ERRORS),
        "/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This document.",
                "security": ANONYMOUS_OR_TOKEN,
                "responses": {
                    "200": {
                        "description": "The OpenAPI document.",
                        "content": {"application/json": {}},
                    },
                    "401": _response("Unauthenticated"),
                },
            }
        },
    }


def _without_nul_in_queries(paths: dict) -> dict:
    """Every text query parameter refuses NUL characters: wiki.request_guard answers 400 for
    one before any view runs, so the document says so once, here."""
    for item in paths.values():
        operations = [item, *(value for value in item.values() if isinstance(value, dict))]
        for operation in operations:
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string":
                    parameter["schema"] = {**schema, "not": NO_NUL}
    return paths


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wiki des pratiques sociales",
            "version": "1",
            "description": (
                "Read and write practice accounts and innovation sheets. Authenticate with "
                "a personal token (`wiki token create EMAIL`) in `Authorization: Bearer "
                "<token>`; the session cookie is ignored. Without a token a request sees "
                "what an anonymous visitor sees and cannot write; a malformed or unknown "
                "token is refused (401). A page the caller may not see answers 404. Every "
                "error is a 4xx with the Error body. Request bodies are UTF-8 JSON objects "
                "sent with `Content-Type: application/json`."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": ANONYMOUS_OR_TOKEN,
        "paths": _without_nul_in_queries(_paths()),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token, as printed by `wiki token create`.",
                }
            },
            "schemas": {**_schemas(), **contact_schemas()},
            "responses": {
                "BadRequest": _error(
                    "Bad input: malformed JSON, unknown keys, wrong types, "
                    "invalid slug or visibility..."
                ),
                "Unauthenticated": _error("No token for a write, or a bad token."),
                "NotFound": _error("No such page, or one the caller may not see."),
                "Conflict": _error(
                    "stale_revision: the page changed since base_revision "
                    "(details.current_revision); conflict: the slug is "
                    "taken, or a concurrent write; a revision to mask "
                    "is the current one or is masked already."
                ),
                "TooLarge": _error("The body is larger than the server accepts."),
                "UnsupportedMediaType": _error("The body is not application/json in UTF-8."),
                "CharterFindings": _error(
                    "charter_findings: what would be published holds "
                    "passages the charter check finds (diagnoses, what "
                    "identifies someone) that no justification keeps; "
                    "details.findings lists them (kind, start, end, "
                    "text, field); nothing is written. Fix, replace, "
                    "justify them, or save a draft."
                ),
                **CONTACT_RESPONSES,
                # One 403 for the whole API: the contact area's cases and the pages'.
                "Forbidden": _error(
                    "Something the caller may not do: write to a member who "
                    "accepts no new conversation or blocks the caller (the "
                    "same answer); restrict a page to a group they are not "
                    "in; widen a page's visibility without being the member "
                    "who created it, one of its group's facilitators or a "
                    "moderator; write "
                    "in another account's name (author_mismatch); mask a "
                    "revision one did not write, or anonymise a page's "
                    "history, without being a moderator."
                ),
            },
        },
    }
