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
    FieldSpec(
        "territory",
        _l("Lieu"),
        help=_l(
            "La commune ou le quartier, et le département. Exemple : Orléans, "
            "quartier de l'Argonne (Loiret)."
        ),
    ),
    FieldSpec(
        "sector",
        _l("Secteur"),
        help=_l("Le champ d'intervention. Exemple : protection de l'enfance, insertion, santé."),
    ),
    FieldSpec(
        "audience",
        _l("Public"),
        help=_l(
            "Les personnes concernées, sans les identifier. Exemple : jeunes "
            "majeurs sortant de l'aide sociale à l'enfance."
        ),
    ),
    FieldSpec(
        "period",
        _l("Période"),
        help=_l("Quand la situation a eu lieu. Exemple : hiver 2023, sur six mois."),
    ),
    FieldSpec(
        "setting",
        _l("Cadre d'intervention"),
        multiline=True,
        help=_l(
            "L'institution, le service, le mandat. Exemple : service social "
            "départemental, accompagnement dans le cadre du RSA."
        ),
    ),
)

INNOVATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "sectors",
        _l("Secteurs"),
        help=_l("Les secteurs concernés. Exemple : tous secteurs, ou soin, éducation."),
    ),
    FieldSpec(
        "audience",
        _l("Public"),
        multiline=True,
        help=_l(
            "À qui s'adresse la démarche. Exemple : les travailleurs sociaux de "
            "niveau 6 (ASS, CESF, ES), les cadres."
        ),
    ),
    FieldSpec(
        "duration",
        _l("Durée"),
        help=_l(
            "En jours et/ou en heures, avec une précision au besoin. Exemple : "
            "maximum 3 jours / 21 heures."
        ),
    ),
    FieldSpec(
        "registration_deadline",
        _l("Date limite d'inscription"),
        help=_l("Le dernier jour pour s'inscrire. Exemple : 19/11/2021."),
    ),
    FieldSpec(
        "places_dates",
        _l("Lieux & dates"),
        multiline=True,
        help=_l(
            "Une session par groupe : son nom, son lieu, ses dates, ou « à "
            "définir ». Exemple : Groupe 1 : Orléans — 25/11/2021 et "
            "26/11/2021."
        ),
    ),
    FieldSpec(
        "partners",
        _l("Partenariat & cofinancement"),
        multiline=True,
        help=_l("Un partenaire ou cofinanceur par ligne. Exemple : DGCS."),
    ),
    FieldSpec(
        "context",
        _l("Contexte"),
        multiline=True,
        help=_l(
            "Contexte : d'où vient la démarche, quel manque elle comble. Exemple : "
            "la stratégie de lutte contre la pauvreté encourage l'« aller vers »."
        ),
    ),
    FieldSpec(
        "objectives",
        _l("Objectifs"),
        multiline=True,
        help=_l(
            "Objectifs : ce que la démarche veut changer, pour qui. Exemple : "
            "identifier les techniques de l'aller vers."
        ),
    ),
    FieldSpec(
        "prerequisites",
        _l("Prérequis"),
        multiline=True,
        help=_l("Ce qu'il faut avoir fait ou savoir avant. Exemple : avoir suivi le module 1."),
    ),
    FieldSpec(
        "approach",
        _l("Contenu / démarche"),
        multiline=True,
        help=_l(
            "Comment la démarche se déroule. Exemple : des récits de pratique "
            "travaillés en groupe, puis une mise en situation."
        ),
    ),
    FieldSpec(
        "territory",
        _l("Territoire"),
        help=_l("La commune ou le quartier, et le département. Exemple : Tours (Indre-et-Loire)."),
    ),
    FieldSpec(
        "contact",
        _l("Contact"),
        help=_l(
            "Pour désigner un membre du wiki, écrivez @ suivi de son identifiant "
            "(il figure dans l'adresse de son profil), par exemple @camille-lefevre."
        ),
    ),
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
