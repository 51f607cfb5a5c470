"""The OpenAPI pieces of the typed fields (wiki.pages.typed_fields): each typed value's
schema, a typed field's value in `fields` (its text or its typed value), `typed_fields`."""

from __future__ import annotations

from wiki.api.schema_text import space_class
from wiki.api.schema_text import text as text_schema
from wiki.departements import DEPARTEMENTS
from wiki.lifecycle.stages import DATE_PATTERN
from wiki.pages.typed_fields import (
    MAX_DATES_PER_SESSION,
    MAX_DAYS,
    MAX_HOURS,
    MAX_NAME_LENGTH,
    MAX_PARTNERS,
    MAX_SESSIONS,
    TEXT_FIELDS,
    TYPED_BY_KIND,
    TYPED_KEYS,
)

SCHEMA_NAMES = {
    "territory": "TypedTerritory",
    "duration": "TypedDuration",
    "sessions": "TypedSessions",
    "partners": "TypedPartners",
    "registration_deadline": "TypedDate",
}


def schemas(ref) -> dict:
    _space, not_blank = space_class()
    name = text_schema(MAX_NAME_LENGTH, nullable=True)
    date = {"type": "string", "pattern": DATE_PATTERN, "description": "YYYY-MM-DD."}
    has_dates = {"required": ["dates"], "properties": {"dates": {"type": "array", "minItems": 1}}}
    undefined = {"required": ["to_be_defined"], "properties": {"to_be_defined": {"const": True}}}
    return {
        "TypedTerritory": {
            "type": "object",
            "additionalProperties": False,
            "description": "A town or neighbourhood, and a département (its code). A "
            "département named in the town is read from it.",
            "properties": {"town": name, "departement": {"enum": [*DEPARTEMENTS, None]}},
            "anyOf": [
                {
                    "required": ["town"],
                    "properties": {"town": {"type": "string", "pattern": not_blank}},
                },
                {"required": ["departement"], "properties": {"departement": {"type": "string"}}},
            ],
        },
        "TypedDuration": {
            "type": "object",
            "additionalProperties": False,
            "description": "Days (by halves) and/or hours (by quarters), and a note: "
            '« Maximum 3 jours / 21 heures » is {"days": 3, "hours": 21, '
            '"note": "Maximum"}.',
            "properties": {
                "days": {
                    "type": ["number", "null"],
                    "exclusiveMinimum": 0,
                    "maximum": MAX_DAYS,
                    "multipleOf": 0.5,
                },
                "hours": {
                    "type": ["number", "null"],
                    "exclusiveMinimum": 0,
                    "maximum": MAX_HOURS,
                    "multipleOf": 0.25,
                },
                "note": {**text_schema(MAX_NAME_LENGTH, nullable=True), "pattern": "^[^()]*$"},
            },
            "anyOf": [
                {"required": ["days"], "properties": {"days": {"type": "number"}}},
                {"required": ["hours"], "properties": {"hours": {"type": "number"}}},
            ],
        },
        "TypedSessions": {
            "type": "array",
            "maxItems": MAX_SESSIONS,
            "description": "The sessions (the field places_dates): each its group, its "
            "place, and its dates or « à définir » (to_be_defined), not both.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "group": {**name, "pattern": "^[^:]*$"},
                    "place": name,
                    "dates": {
                        "type": ["array", "null"],
                        "items": date,
                        "maxItems": MAX_DATES_PER_SESSION,
                    },
                    "to_be_defined": {"type": ["boolean", "null"]},
                },
                "anyOf": [has_dates, undefined],
                "not": {"allOf": [has_dates, undefined]},
            },
        },
        "TypedPartners": {
            "type": "array",
            "maxItems": MAX_PARTNERS,
            "items": text_schema(MAX_NAME_LENGTH),
            "description": "Partners and co-funders, one name each (blank ones ignored).",
        },
        "TypedDate": date,
    }


def field_schema(ref, name: str, text: dict) -> dict:
    """A field's value in `fields`: its text, or for a typed field its typed value."""
    key = TYPED_KEYS.get(name)
    if key is None:
        return text
    return {
        "anyOf": [text, ref(SCHEMA_NAMES[key])],
        "description": f"Text, or the typed value ({SCHEMA_NAMES[key]}) whose canonical "
        "text is then stored; a text is read as a typed value when it "
        "can be, else kept as text alone.",
    }


def typed_fields_schema(ref, kinds: list[str], *, nullable: bool = True) -> dict:
    keys = [key for key in TYPED_KEYS.values() if any(key in TYPED_BY_KIND[k] for k in kinds)]
    return {
        "type": ["object", "null"] if nullable else "object",
        "additionalProperties": False,
        "description": "The typed values of the typed fields, by key ("
        + ", ".join(f"{key}: field {TEXT_FIELDS[key]}" for key in keys)
        + "). In a request they win over what the text reads (a field's "
        "text that reads otherwise is replaced by the value's); null or "
        "absent: none.",
        "properties": {key: {"anyOf": [ref(SCHEMA_NAMES[key]), {"type": "null"}]} for key in keys},
    }
