"""Slugs: accents folded, lower case, hyphens (« Aller vers ! » → aller-vers)."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 120
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    slug = _NON_WORD.sub("-", fold_accents(text).lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


def is_valid_slug(slug: str) -> bool:
    return bool(slug) and slugify(slug) == slug
