"""The two kinds of pages and their structured fields, with French and English labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from wiki.errors import InvalidInput
from wiki.models import PageKind

MAX_FIELD_LENGTH = 20_000


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: object  # a lazy string
    multiline: bool = False
    help: object = ""


PRACTICE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("territory", _l("Lieu")),
    FieldSpec("sector", _l("Secteur")),
    FieldSpec("audience", _l("Public")),
    FieldSpec("period", _l("Période")),
    FieldSpec("setting", _l("Cadre d'intervention"), multiline=True),
)

INNOVATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("sectors", _l("Secteurs")),
    FieldSpec("audience", _l("Public"), multiline=True),
    FieldSpec("duration", _l("Durée")),
    FieldSpec("places_dates", _l("Lieux & dates"), multiline=True),
    FieldSpec("partners", _l("Partenariat & cofinancement"), multiline=True),
    FieldSpec("context", _l("Contexte"), multiline=True),
    FieldSpec("objectives", _l("Objectifs"), multiline=True),
    FieldSpec("prerequisites", _l("Prérequis"), multiline=True),
    FieldSpec("approach", _l("Contenu / démarche"), multiline=True),
    FieldSpec("territory", _l("Territoire")),
    FieldSpec("contact", _l("Contact"),
              help=_l("Pour désigner un membre du wiki, écrivez @ suivi de son identifiant "
                      "(il figure dans l'adresse de son profil), par exemple @camille-lefevre.")),
)

FIELDS_BY_KIND: dict[str, tuple[FieldSpec, ...]] = {
    PageKind.PRACTICE: PRACTICE_FIELDS,
    PageKind.INNOVATION: INNOVATION_FIELDS,
}

KIND_LABELS: dict[str, Any] = {
    PageKind.PRACTICE: _l("Récit de pratique"),
    PageKind.INNOVATION: _l("Fiche innovation"),
}
KIND_PLURALS: dict[str, Any] = {
    PageKind.PRACTICE: _l("Récits de pratique"),
    PageKind.INNOVATION: _l("Fiches innovation"),
}

# Areas of the follow-up of effects on an innovation sheet (suivi des effets).
FOLLOW_UP_AREAS = {
    "people": _l("Sur les personnes concernées"),
    "practices": _l("Sur les pratiques"),
    "organisations": _l("Sur les organisations"),
}


def check_kind(kind: str | None) -> str:
    if kind not in FIELDS_BY_KIND:
        raise InvalidInput(
            f"Type de page inconnu « {kind} » : practice ou innovation.", field="kind"
        )
    return kind


def clean_fields(kind: str, fields: object) -> dict[str, str]:
    """The kind's fields, stripped, empty ones dropped; an unknown key is an error."""
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        raise InvalidInput("« fields » doit être un objet.", field="fields")
    known = {spec.name for spec in FIELDS_BY_KIND[check_kind(kind)]}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise InvalidInput(
            f"Champ inconnu pour ce type de page : {', '.join(unknown)} "
            f"(champs possibles : {', '.join(sorted(known))}).",
            field="fields",
        )
    cleaned = {}
    for name, value in fields.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidInput(f"Le champ « {name} » doit être du texte.", field=name)
        if "\x00" in value:
            raise InvalidInput(f"Le champ « {name} » contient un caractère nul.", field=name)
        if len(value) > MAX_FIELD_LENGTH:
            raise InvalidInput(f"Le champ « {name} » est trop long.", field=name)
        if value.strip():
            cleaned[name] = value.strip()
    return cleaned
