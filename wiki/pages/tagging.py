"""Tags: the controlled vocabulary seeded on init, and free tags members add."""

from __future__ import annotations

from sqlalchemy import func, select

from wiki.access import visible_pages_clause
from wiki.content.slugs import slugify
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.models import Page, Tag, page_tags

MAX_TAGS_PER_PAGE = 30
MAX_TAG_LENGTH = 80

# slug: (French label, English label, description)
CONTROLLED_VOCABULARY: dict[str, tuple[str, str, str]] = {
    "non-demande": (
        "Non-demande",
        "Non-demand",
        "Situations où la personne n'exprime pas de demande d'aide.",
    ),
    "aller-vers": (
        "Aller vers",
        "Proactive outreach",
        "Démarches pro-actives pour entrer en relation avec les publics.",
    ),
    "travail-en-reseau": (
        "Travail en réseau",
        "Network work",
        "Coopérer avec d'autres acteurs, professionnels ou non.",
    ),
    "acces-aux-droits": ("Accès aux droits", "Access to rights", ""),
    "isolement": ("Isolement", "Isolation", ""),
    "prevention": ("Prévention", "Prevention", ""),
    "pauvrete": ("Pauvreté", "Poverty", ""),
    "accompagnement-social": ("Accompagnement social", "Social support", ""),
    "innovation-sociale": ("Innovation sociale", "Social innovation", ""),
    "quartier": ("Quartier", "Neighbourhood", ""),
    "benevolat": ("Bénévolat", "Volunteering", ""),
    "groupe-balint": ("Groupe Balint", "Balint group", ""),
    "atelier-des-praxis": ("Atelier des praxis sociales", "Workshop of social praxis", ""),
}


def seed_controlled_tags(session) -> int:
    """Create the controlled vocabulary's missing tags; returns how many were added."""
    existing = set(session.scalars(select(Tag.slug)))
    added = 0
    for slug, (label_fr, label_en, description) in CONTROLLED_VOCABULARY.items():
        if slug not in existing:
            session.add(
                Tag(
                    slug=slug,
                    label_fr=label_fr,
                    label_en=label_en,
                    description=description,
                    controlled=True,
                )
            )
            added += 1
    return added


def resolve_tags(session, names: object, cache: dict[str, Tag] | None = None) -> list[Tag]:
    """Tags by slug or label (French or English); unknown names become free tags.

    `cache` (slug → Tag), kept by a caller creating many pages, saves a query per tag.
    """
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InvalidInput("« tags » doit être une liste de textes.", field="tags")
    if len(names) > MAX_TAGS_PER_PAGE:
        raise InvalidInput(f"Au plus {MAX_TAGS_PER_PAGE} étiquettes par page.", field="tags")
    tags: dict[str, Tag] = {}
    for name in names:
        name = " ".join(name.split())
        if "\x00" in name:
            raise InvalidInput("Une étiquette contient un caractère nul.", field="tags")
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise InvalidInput(f"Étiquette trop longue : « {name[:40]}… ».", field="tags")
        slug = slugify(name)
        if not slug:
            raise InvalidInput(f"Étiquette sans lettre ni chiffre : « {name} ».", field="tags")
        tag = cache.get(slug) if cache is not None else None
        if tag is None:
            tag = session.scalar(select(Tag).where(Tag.slug == slug))
            if tag is not None:
                tag = resolve_merged(session, tag)
        if tag is None:
            tag = Tag(slug=slug, label_fr=name, label_en="", controlled=False)
            session.add(tag)
        if cache is not None:
            cache[slug] = tag
        tags[tag.slug] = tag
    return list(tags.values())


def resolve_merged(session, tag: Tag) -> Tag:
    """The tag a name leads to now: itself, or the tag it was merged into."""
    seen = {tag.id}
    while tag.merged_into_id is not None and tag.merged_into_id not in seen:
        tag = session.get(Tag, tag.merged_into_id)
        seen.add(tag.id)
    return tag


def parse_tag_input(text: str) -> list[str]:
    """Tags typed in a form: separated by commas or new lines."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def tag_counts(user) -> list[tuple[Tag, int]]:
    """Every tag with the number of pages `user` may see that carry it."""
    rows = db.session.execute(
        select(Tag, func.count(Page.id))
        .outerjoin(page_tags, page_tags.c.tag_id == Tag.id)
        .outerjoin(Page, (Page.id == page_tags.c.page_id) & visible_pages_clause(user))
        .where(Tag.merged_into_id.is_(None))
        .group_by(Tag.id)
        .order_by(Tag.controlled.desc(), Tag.label_fr)
    )
    return [(tag, count) for tag, count in rows]
