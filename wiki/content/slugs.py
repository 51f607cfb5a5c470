"""Slugs: accents folded, lower case, hyphens (« Aller vers ! » → aller-vers); title keys."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 120
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})
MAX_TITLE_KEY_LENGTH = 300


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    slug = _NON_WORD.sub("-", fold_accents(text).lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


def is_valid_slug(slug: str) -> bool:
    return bool(slug) and slugify(slug) == slug


def title_key(text: str) -> str:
    """What two titles share when a reader would call them the same: accents, case, spacing
    and the typographic apostrophe folded (« L’Atelier  des Praxis » = « l'atelier des praxis »).

    Unlike a slug it keeps punctuation and is not shortened below a title's length, so that
    « Aller vers ! » and « Aller vers ? » stay two titles.
    """
    folded = fold_accents(text).translate(_APOSTROPHES).casefold()
    return " ".join(folded.split())[:MAX_TITLE_KEY_LENGTH]
