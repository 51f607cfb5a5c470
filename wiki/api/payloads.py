"""Reading request bodies: strict JSON objects, their keys and types, then page drafts.

Everything a script may get wrong is refused here with a 4xx and a code it can act on,
before the domain sees it: wrong Content-Type, broken UTF-8, malformed JSON, a body that is
not an object, unknown keys, wrong types, and text the databases cannot store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from flask import request

from wiki.api.errors import BadRequestBody, ForbiddenBody, UnsupportedMediaType
from wiki.auth.accounts import find_user
from wiki.errors import InvalidInput
from wiki.lifecycle.stages import StageInput, parse_stage_input
from wiki.models import Page, User
from wiki.pages.charter_review import clean_justifications
from wiki.pages.editing import PageDraft

JSON_MIMETYPE = "application/json"

# The import format of CONTRACT, plus an edit summary; PUT adds base_revision.
PAGE_KEYS: dict[str, tuple[type, str]] = {
    "kind": (str, "un texte (practice ou innovation)"),
    "title": (str, "un texte"),
    "body": (str, "un texte (Markdown)"),
    "tags": (list, "une liste de textes"),
    "visibility": (str, "un texte (public, members ou group:<groupe>)"),
    "fields": (dict, "un objet"),
    "typed_fields": (dict, "un objet"),
    "slug": (str, "un texte"),
    "author": (str, "une adresse électronique"),
    "summary": (str, "un texte"),
    "status": (str, "un texte (published ou draft)"),
    "justifications": (list, 'une liste d\'objets {"text", "reason"}'),
    "stage": (str, "un texte (emergence, experimentation, evaluation, essaimage ou arretee)"),
    "stages": (list, 'une liste d\'objets {"stage", "since", "note"}'),
}
UPDATE_KEYS: dict[str, tuple[type, str]] = {
    **PAGE_KEYS,
    "base_revision": (int, "un nombre entier"),
    "minor": (bool, "true ou false"),
}


def json_object(allowed: Mapping[str, tuple[type, str]]) -> dict:
    """The request's JSON object, with known keys of the right types; null means absent."""
    data = _decode_body()
    if not isinstance(data, dict):
        raise BadRequestBody("not_an_object", "Le corps de la requête doit être un objet JSON.")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise BadRequestBody(
            "unknown_keys",
            f"Clé inconnue : {', '.join(unknown)} (clés possibles : {', '.join(sorted(allowed))}).",
            details={"keys": unknown},
        )
    values = {}
    for key, value in data.items():
        if value is None:
            continue
        expected, description = allowed[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise BadRequestBody("invalid_type", f"« {key} » doit être {description}.", field=key)
        if (
            key == "tags"
            and isinstance(value, list)
            and not all(isinstance(tag, str) for tag in value)
        ):
            raise BadRequestBody(
                "invalid_type", "« tags » doit être une liste de textes.", field="tags"
            )
        values[key] = value
    return values


def _decode_body() -> object:
    if request.mimetype != JSON_MIMETYPE:
        raise UnsupportedMediaType(
            "Envoyez du JSON avec l'en-tête « Content-Type: application/json »."
        )
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType("Le JSON doit être encodé en UTF-8.")
    raw = request.get_data(cache=True)  # over MAX_CONTENT_LENGTH: 413
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequestBody(
            "invalid_encoding",
            f"Le corps n'est pas de l'UTF-8 valide (octet {error.start}).",
        ) from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise BadRequestBody(
            "invalid_json", f"JSON mal formé : ligne {error.lineno}, colonne {error.colno}."
        ) from None
    except (ValueError, RecursionError):  # NaN, huge integers, absurd nesting
        raise BadRequestBody(
            "invalid_json", "JSON refusé : valeur ou imbrication impossible à lire."
        ) from None
    _check_strings(data)
    return data


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


def _check_strings(data: object) -> None:
    """Refuse text no database stores: NUL characters and lone surrogates (\\ud800)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                raise BadRequestBody("invalid_character", "Le texte contient un caractère nul.")
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise BadRequestBody(
                    "invalid_encoding",
                    "Le texte contient un caractère Unicode invalide (substitut isolé).",
                ) from None


def query_integer(name: str, default: int, *, minimum: int, maximum: int) -> int:
    """An integer query parameter, exactly as the OpenAPI document describes it: plain
    digits between `minimum` and `maximum`, else 400."""
    value = request.args.get(name)
    if value is None:
        return default
    if not (
        value.isascii() and value.isdigit() and len(value) < 13 and minimum <= int(value) <= maximum
    ):
        raise BadRequestBody(
            "invalid",
            f"« {name} » doit être un nombre entier entre {minimum} et {maximum}.",
            field=name,
        )
    return int(value)


def query_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """A query parameter that takes one of `choices`, else 400."""
    value = request.args.get(name, default)
    if value not in choices:
        raise BadRequestBody("invalid", f"« {name} » vaut {', '.join(choices)}.", field=name)
    return value


def resolve_author(session, caller: User, email: str | None) -> User:
    """The revision's author: the caller; an admin may name another account (imports)."""
    if email is None:
        return caller
    if email.strip().lower() == caller.email.lower():
        return caller
    if not caller.is_admin:
        raise ForbiddenBody(
            "author_mismatch",
            "« author » doit être votre propre adresse : seul un administrateur "
            "peut écrire au nom d'un autre compte.",
            field="author",
        )
    author = find_user(session, email)
    if author is None:
        raise BadRequestBody("unknown_author", f"Aucun compte pour « {email} ».", field="author")
    return author


def new_page_draft(values: dict) -> PageDraft:
    if "title" not in values:
        raise BadRequestBody("missing_key", "Le titre est obligatoire.", field="title")
    return PageDraft(
        kind=values.get("kind"),  # type: ignore[arg-type]  # clean() checks it, None too
        title=values["title"],
        body=values.get("body", ""),
        fields=values.get("fields", {}),
        typed_fields=values.get("typed_fields"),
        tags=values.get("tags", []),
        visibility=values.get("visibility", "public"),
        summary=values.get("summary", ""),
        slug=values.get("slug"),
        status=values.get("status", "published"),
    )


def justifications(values: dict) -> list:
    """The request's justifications, checked (400 with a clear message otherwise)."""
    try:
        return clean_justifications(values.get("justifications", []))
    except InvalidInput as error:
        raise BadRequestBody(
            "invalid_justifications", error.message, field="justifications"
        ) from None


def revision_draft(page: Page, values: dict) -> PageDraft:
    """A draft for a new revision; keys left out keep the page's current value.

    So a script that forgets `visibility` never makes a group page public.
    """
    if "title" not in values:
        raise BadRequestBody("missing_key", "Le titre est obligatoire.", field="title")
    if values.get("kind", page.kind) != page.kind:
        raise BadRequestBody("kind_change", "Une page garde son type.", field="kind")
    if values.get("slug", page.slug) != page.slug:
        raise BadRequestBody("slug_change", "L'identifiant d'une page ne change pas.", field="slug")
    current = page.current
    return PageDraft(
        kind=page.kind,
        title=values["title"],
        body=values.get("body", current.body if current else ""),
        fields=values.get("fields", dict(current.fields) if current else {}),
        # Fields left out keep their typed values too; fields sent are read afresh.
        typed_fields=values.get(
            "typed_fields",
            dict(current.typed_fields or {}) if current and "fields" not in values else None,
        ),
        tags=values.get("tags", [tag.slug for tag in page.tags]),
        visibility=values.get("visibility", page.visibility),
        summary=values.get("summary", ""),
        status=values.get("status", "published"),
        minor=values.get("minor", False),
    )


def stage_input(kind: str | None, values: dict) -> StageInput | None:
    """The payload's "stage" or "stages" (wiki.lifecycle), checked: 400 naming the key."""
    try:
        return parse_stage_input(kind, values.get("stage"), values.get("stages"))
    except InvalidInput as error:
        raise BadRequestBody("invalid_stage", error.message, field=error.field) from None


def base_revision(values: dict) -> int:
    if "base_revision" not in values:
        raise BadRequestBody(
            "missing_key",
            "« base_revision » est obligatoire : le numéro de la version que vous avez modifiée.",
            field="base_revision",
        )
    return values["base_revision"]
