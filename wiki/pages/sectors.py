"""A page's sectors, read from its free-text `sector` (practice) or `sectors` (innovation):
a short vocabulary of the field's sectors, matched by accent- and case-folded words, so that
lists and search can filter and count by sector."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wiki.content.slugs import slugify
from wiki.errors import InvalidInput

# slug: (label, the words that say it, as slugs: « aide sociale à l'enfance » is
# "aide-sociale-a-l-enfance"). The slugs the network's sectors share are the same.
SECTORS: dict[str, tuple[object, tuple[str, ...]]] = {
    "protection-enfance": (
        _l("Protection de l'enfance"),
        (
            "protection-de-l-enfance",
            "protection-de-l-enfant",
            "aide-sociale-a-l-enfance",
            "protection-enfance",
            "enfance-en-danger",
        ),
    ),
    "insertion-emploi": (_l("Insertion et emploi"), ("insertion", "emploi", "chomage")),
    "handicap": (_l("Handicap"), ("handicap", "handicapes", "handicapees")),
    "sante-mentale": (_l("Santé mentale"), ("sante-mentale", "psychiatrie")),
    "sante-soin": (_l("Santé et soin"), ("sante", "soin", "soins")),
    "personnes-agees": (
        _l("Personnes âgées"),
        ("personnes-agees", "grand-age", "gerontologie", "vieillesse"),
    ),
    "logement-hebergement": (
        _l("Logement et hébergement"),
        ("logement", "hebergement", "habitat", "sans-abri", "veille-sociale"),
    ),
    "education-jeunesse": (
        _l("Éducation et jeunesse"),
        ("jeunesse", "jeunes", "education", "scolaire", "prevention-specialisee"),
    ),
    "famille": (
        _l("Famille et parentalité"),
        ("famille", "familles", "familial", "familiale", "parentalite", "petite-enfance"),
    ),
    "action-sociale": (
        _l("Action sociale généraliste"),
        ("action-sociale", "polyvalence", "travail-social", "acces-aux-droits", "ccas"),
    ),
    "politique-de-la-ville": (
        _l("Politique de la ville, quartiers"),
        ("politique-de-la-ville", "quartier", "quartiers", "developpement-social"),
    ),
    "migrations-exil": (
        _l("Migrations et exil"),
        ("migrants", "migration", "migrations", "exil", "exiles", "asile"),
    ),
    "justice": (_l("Justice"), ("justice", "probation", "detention", "penitentiaire")),
    "tous-secteurs": (_l("Tous secteurs"), ("tous-secteurs", "tout-secteur")),
}


def sector_label(slug: str | None) -> str:
    return str(SECTORS[slug][0]) if slug in SECTORS else ""


def sectors_in(text: object) -> list[str]:
    """The sectors a free text names, in the vocabulary's order: « Insertion et accès aux
    droits » gives insertion-emploi and action-sociale."""
    if not isinstance(text, str) or not text.strip():
        return []
    words, found = f"-{slugify(text)}-", []
    for slug, (_label, said) in SECTORS.items():
        for phrase in said:
            if f"-{phrase}-" in words:
                # Said once: « santé mentale » is not « santé » too (the longer first).
                words = words.replace(f"-{phrase}-", "--")
                if slug not in found:
                    found.append(slug)
    return found


def page_sectors(fields: dict | None) -> list[str]:
    """The sectors of a page's fields: its `sector` or its `sectors`."""
    fields = fields if isinstance(fields, dict) else {}
    found = sectors_in(fields.get("sector")) + sectors_in(fields.get("sectors"))
    return [slug for slug in SECTORS if slug in found]


def encode(sectors: list[str]) -> str | None:
    """What Page.sectors holds: ",insertion-emploi,handicap," (a LIKE finds one), or None."""
    return f",{','.join(sectors)}," if sectors else None


def decode(value: str | None) -> list[str]:
    return [slug for slug in (value or "").split(",") if slug]


def sector_filter(value: str | None) -> str | None:
    """The sector a filter names (its slug, its label « Handicap », or words that say one
    sector alone: « hébergement »), None for none; a clear 400 for anything else."""
    text = " ".join((value or "").split())
    if not text:
        return None
    if text in SECTORS:
        return text
    by_label = {slugify(str(label)): slug for slug, (label, _said) in SECTORS.items()}
    slug = by_label.get(slugify(text))
    if slug is None:  # « hébergement », « insertion »: the one sector those words say
        named = sectors_in(text)
        slug = named[0] if len(named) == 1 else None
    if slug is None:
        raise InvalidInput(
            f"Secteur inconnu « {text[:60]} » : l'un de {', '.join(SECTORS)}.", field="sector"
        )
    return slug


def in_order(counts: dict[str, int]) -> dict[str, int]:
    """A facet's counts, the busiest first, then in the vocabulary's order."""
    order = list(SECTORS)
    return dict(
        sorted(
            ((s, n) for s, n in counts.items() if n and s in SECTORS),
            key=lambda item: (-item[1], order.index(item[0])),
        )
    )
