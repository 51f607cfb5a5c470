"""The one accent fold: text as people compare it, not as code points differ."""

from __future__ import annotations

import unicodedata

# Spelt out before decomposing: NFKD leaves these whole (« cœur » would stay « cœur »).
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# Straightened after decomposing, which may yield one (ŉ → ʼn).
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})


def fold(text: str, *, keep_case: bool = False) -> str:
    """`text` with ligatures spelt out (œ → oe, æ → ae, ß → ss), accents and other marks
    removed and compatibility forms decomposed (NFKD: é → e, ﬁ → fi, a no-break space → a
    space), typographic apostrophes straight (’ ‘ ʼ ′ → '), case folded unless `keep_case`, and
    white space squeezed: one space between words, none at the ends.

    « L’Œuvre  d’Éloïse » → « l'oeuvre d'eloise »; with keep_case « L'OEuvre d'Eloise ».
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = folded.translate(_APOSTROPHES)
    if not keep_case:
        folded = folded.casefold()
    return " ".join(folded.split())
