"""What a profile holds: its fields with their default visibility, statuses and sectors."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from wiki.models import FieldVisibility, MemberStatus

PUBLIC, MEMBERS, HIDDEN = (
    FieldVisibility.PUBLIC.value,
    FieldVisibility.MEMBERS.value,
    FieldVisibility.HIDDEN.value,
)
VISIBILITIES = (PUBLIC, MEMBERS, HIDDEN)

MAX_PROFESSION = 120
MAX_ORGANISATION = 200
MAX_TERRITORY = 200
MAX_PRESENTATION = 5000
MAX_LOOKING_FOR = 2000
MAX_EXPERTISE = 12


@dataclass(frozen=True)
class ProfileFieldSpec:
    name: str
    label: object  # lazy string
    default: str  # its visibility until the member chooses


# Each field has its own visibility. The defaults show what helps a colleague find a peer
# (profession, sectors, département, expertise) and keep to members what locates or
# describes a person more closely. The display name is not among them: it signs pages,
# so it is always shown.
PROFILE_FIELDS: tuple[ProfileFieldSpec, ...] = (
    ProfileFieldSpec("status", _l("Statut"), MEMBERS),
    ProfileFieldSpec("profession", _l("Profession"), PUBLIC),
    ProfileFieldSpec("organisation", _l("Structure"), MEMBERS),
    ProfileFieldSpec("sectors", _l("Secteurs"), PUBLIC),
    ProfileFieldSpec("territory", _l("Ville ou quartier"), MEMBERS),
    ProfileFieldSpec("departement", _l("Département"), PUBLIC),
    ProfileFieldSpec("expertise", _l("Sujets que je connais"), PUBLIC),
    ProfileFieldSpec("presentation", _l("Présentation"), MEMBERS),
    ProfileFieldSpec("looking_for", _l("Ce que je recherche"), MEMBERS),
)
FIELD_NAMES = tuple(spec.name for spec in PROFILE_FIELDS)
DEFAULT_VISIBILITY = {spec.name: spec.default for spec in PROFILE_FIELDS}
FIELD_LABELS = {spec.name: spec.label for spec in PROFILE_FIELDS}

VISIBILITY_LABELS = {
    PUBLIC: _l("Tout le monde"),
    MEMBERS: _l("Adhérents validés"),
    HIDDEN: _l("Moi seul·e"),
}

STATUS_LABELS = {
    MemberStatus.SALARIED.value: _l("Salarié·e"),
    MemberStatus.RETIRED.value: _l("Retraité·e"),
    MemberStatus.JOB_SEEKING.value: _l("Demandeur·se d'emploi"),
    MemberStatus.INDEPENDENT.value: _l("Indépendant·e"),
    MemberStatus.VOLUNTEER.value: _l("Bénévole"),
    MemberStatus.STUDENT.value: _l("Étudiant·e"),
    MemberStatus.OTHER.value: _l("Autre situation"),
}

# The sectors a member works or acts in: a short list, so that the directory can filter.
# slug: (French label, English label)
SECTORS: dict[str, tuple[str, str]] = {
    "action-sociale": ("Action sociale généraliste", "General social work"),
    "protection-enfance": ("Protection de l'enfance", "Child protection"),
    "education-jeunesse": ("Éducation et jeunesse", "Education and youth"),
    "insertion-emploi": ("Insertion et emploi", "Employment and integration"),
    "logement-hebergement": ("Logement et hébergement", "Housing and shelter"),
    "handicap": ("Handicap", "Disability"),
    "personnes-agees": ("Personnes âgées", "Older people"),
    "sante-soin": ("Santé et soin", "Health and care"),
    "sante-mentale": ("Santé mentale", "Mental health"),
    "justice": ("Justice", "Justice"),
    "migrations-exil": ("Migrations et exil", "Migration and exile"),
    "politique-de-la-ville": ("Politique de la ville, quartiers", "Urban policy, neighbourhoods"),
    "vie-associative": ("Vie associative et bénévolat", "Associations and volunteering"),
    "formation-recherche": ("Formation et recherche", "Training and research"),
}


def sector_label(slug: str, locale: str = "fr") -> str:
    french, english = SECTORS.get(slug, (slug, slug))
    return english if locale == "en" else french
