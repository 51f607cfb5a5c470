"""The controlled vocabulary as moderators keep it: creating and editing tags."""

from __future__ import annotations

from sqlalchemy import select

from wiki.content.slugs import is_valid_slug, slugify
from wiki.errors import InvalidInput, NotFound
from wiki.models import Tag
from wiki.pages.tagging import MAX_TAG_LENGTH

MAX_DESCRIPTION_LENGTH = 2000


def _clean_labels(label_fr: str, label_en: str, description: str) -> tuple[str, str, str]:
    label_fr, label_en = " ".join((label_fr or "").split()), " ".join((label_en or "").split())
    if not label_fr:
        raise InvalidInput("Le libellé français est obligatoire.", field="label_fr")
    for name, value in (("label_fr", label_fr), ("label_en", label_en)):
        if len(value) > MAX_TAG_LENGTH:
            raise InvalidInput(f"Libellé trop long ({MAX_TAG_LENGTH} caractères au plus).",
                               field=name)
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise InvalidInput("Description trop longue.", field="description")
    return label_fr, label_en, description


def create_controlled_tag(session, *, label_fr: str, label_en: str = "", description: str = "",
                          slug: str | None = None) -> Tag:
    """A new tag of the controlled vocabulary; a free tag of the same slug is promoted."""
    label_fr, label_en, description = _clean_labels(label_fr, label_en, description)
    slug = (slug or "").strip() or slugify(label_fr)
    if not is_valid_slug(slug):
        raise InvalidInput("Identifiant invalide : minuscules sans accents, chiffres et tirets.",
                           field="slug")
    tag = session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is not None and tag.controlled:
        raise InvalidInput(f"L'étiquette « {slug} » existe déjà.", field="slug")
    if tag is None:
        tag = Tag(slug=slug)
        session.add(tag)
    tag.label_fr, tag.label_en, tag.description, tag.controlled = (
        label_fr, label_en, description, True)
    session.flush()
    return tag


def update_tag(session, slug: str, *, label_fr: str, label_en: str = "", description: str = "",
               controlled: bool = True) -> Tag:
    tag = session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is None:
        raise NotFound("Cette étiquette n'existe pas.")
    tag.label_fr, tag.label_en, tag.description = _clean_labels(label_fr, label_en, description)
    tag.controlled = controlled
    session.flush()
    return tag
