"""Slugs: accents folded, lower case, hyphens (« Aller vers ! » → aller-vers); title keys."""

from __future__ import annotations

import re

from wiki.content.folding import fold

MAX_SLUG_LENGTH = 120
_NON_WORD = re.compile(r"[^a-z0-9]+")
MAX_TITLE_KEY_LENGTH = 300


def slugify(text: str) -> str:
    slug = _NON_WORD.sub("-", fold(text)).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


def is_valid_slug(slug: str) -> bool:
    return bool(slug) and slugify(slug) == slug


def title_key(text: str) -> str:
    """What two titles share when a reader would call them the same: accents, case, spacing
    and the typographic apostrophe folded (« L’Atelier  des Praxis » = « l'atelier des praxis »).

    Unlike a slug it keeps punctuation and is not shortened below a title's length, so that
    « Aller vers ! » and « Aller vers ? » stay two titles.
    """
    return fold(text)[:MAX_TITLE_KEY_LENGTH]
