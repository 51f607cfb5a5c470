"""A page's département, read from its territory field, typed or free text."""

from __future__ import annotations

import re

from wiki.content.folding import fold
from wiki.departements import DEPARTEMENTS, normalise_departement
from wiki.errors import InvalidInput

# Regions whose names hold a département's name: « Centre-Val de Loire » is not the Loire.
_REGIONS = (
    "centre-val de loire",
    "val de loire",
    "pays de la loire",
    "auvergne-rhone-alpes",
    "rhone-alpes",
    "provence-alpes-cote d'azur",
)
_IN_PARENTHESES = re.compile(r"\(\s*(\d{2,3}|2[AaBb])\s*\)")
_CODE_WORD = re.compile(r"(?<![\w-])(\d{2,3}|2[AB])(?![\w-])")
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def _folded(text: str) -> str:
    """Accents folded, case kept, apostrophes straight, hyphens and spaces alike."""
    return re.sub(r"[\s\-]+", "-", fold(text, keep_case=True))


def _name_pattern(name: str) -> re.Pattern:
    return re.compile(r"(?<![^\W_])" + re.escape(_folded(name)) + r"(?![^\W_])", re.IGNORECASE)


# Longest names first: « Indre-et-Loire » before « Indre » and « Loire ».
_NAMES = sorted(
    ((code, _name_pattern(name)) for code, name in DEPARTEMENTS.items()),
    key=lambda item: -len(item[1].pattern),
)
_REGION_PATTERNS = [_name_pattern(region) for region in _REGIONS]


def departement_of(fields: dict | None, typed: dict | None = None) -> str | None:
    """The département code of a page's fields, or None when its territory names none.

    The typed territory's département (`typed["territory"]`, wiki.pages.typed_fields) comes
    first; then the text's.

    `fields["territory"]` is either typed, {"town": ..., "departement": code or null}, or
    free text: « Orléans (45) », « Tours, Indre-et-Loire », « Loiret », « 37 », « 45000 ».
    """
    typed_territory = (typed or {}).get("territory")
    if isinstance(typed_territory, dict):
        code = _code(typed_territory.get("departement"))
        if code is not None:
            return code
    territory = (fields or {}).get("territory")
    if isinstance(territory, dict):
        code = _code(territory.get("departement"))
        if code is not None:
            return code
        territory = territory.get("town")
    if not isinstance(territory, str):
        return None
    return departement_in_text(territory)


def departement_in_text(text: str) -> str | None:
    """The first département a free text names: a code in parentheses, a département's name
    (with a capital, so « quartiers nord » is not the Nord), a code as a word, or
    a postcode."""
    text = text.strip()
    if not text:
        return None
    for found in _IN_PARENTHESES.finditer(text):
        code = _code(found.group(1))
        if code is not None:
            return code
    folded = _folded(text)
    for region in _REGION_PATTERNS:
        folded = region.sub(lambda m: "_" * len(m.group(0)), folded)
    named: list[tuple[int, int, str]] = []  # longest first: a shorter one inside is not one
    for code, pattern in _NAMES:
        for found in pattern.finditer(folded):
            start, end = found.span()
            if any(c.isupper() for c in found.group(0)) and not any(
                start < other_end and other_start < end for other_start, other_end, _code_ in named
            ):
                named.append((start, end, code))
    if named:
        return min(named)[2]
    for found in _CODE_WORD.finditer(text):
        code = _code(found.group(1))
        if code is not None:
            return code
    for found in _POSTCODE.finditer(text):
        postcode = found.group(1)
        code = _code(postcode[:3] if postcode.startswith("97") else postcode[:2])
        if code is None and postcode.startswith("20"):
            code = "2A" if int(postcode) < 20200 else "2B"
        if code is not None:
            return code
    return None


def departement_filter(value: str | None) -> str | None:
    """The département code a filter names (« 45 », « 2a », « Loiret »), None for none;
    a clear 400 for an unknown one."""
    try:
        return normalise_departement(value)
    except ValueError as error:
        raise InvalidInput(str(error), field="departement") from None


def _code(value: object) -> str | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    try:
        return normalise_departement(str(value))
    except ValueError:
        return None
