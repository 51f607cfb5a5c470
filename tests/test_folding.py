"""The one accent fold (wiki.content.folding) and the callers that keep its results."""

from __future__ import annotations

import unicodedata

import pytest

from wiki.content.folding import fold
from wiki.content.slugs import slugify, title_key
from wiki.search.analysis import FOLD_TABLE, fold_same_length


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Éducatrice spécialisée", "educatrice specialisee"),
        ("L’Œuvre d’Éloïse", "l'oeuvre d'eloise"),
        ("cœur, Cæsar, Straße", "coeur, caesar, strasse"),
        ("l‘accueil lʼécoute l′aide", "l'accueil l'ecoute l'aide"),
        ("  aller\u00a0 vers\t\nles  gens ", "aller vers les gens"),
        ("e\u0301ducation", "education"),  # a decomposed accent as well as a composed one
        ("ﬁn de l’Ⅸe", "fin de l'ixe"),  # compatibility forms decomposed
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_keep_case_folds_all_but_case():
    assert fold(" L’ŒUVRE  d’Éloïse ", keep_case=True) == "L'OEUVRE d'Eloise"


def test_folding_twice_changes_nothing():
    text = "L’Œuvre  d’Éloïse, Straße ﬁnale"
    assert fold(fold(text)) == fold(text)


def test_slugs_and_title_keys_are_folded():
    assert slugify("« L’Œuvre d’Éloïse » !") == "l-oeuvre-d-eloise"
    assert title_key("L’Atelier  des Praxis") == title_key("l'atelier des praxis")


def _table_before_the_shared_fold() -> dict[int, str]:
    """The analyzer's table as it was written before the shared fold, which the index holds."""
    ligatures = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'", "ʼ": "'"}
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        if char in ligatures:
            continue
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if folded != char:
            table[code] = folded
    table.update({ord(k): v for k, v in ligatures.items()})
    return table


def test_the_search_analyzer_folds_as_the_index_was_built():
    """Changing the analyzer's folding would need the index rebuilt: it must not move."""
    assert _table_before_the_shared_fold() == FOLD_TABLE


def test_the_search_fold_agrees_with_the_shared_fold_on_latin_letters():
    for code in range(0xC0, 0x250):
        char = chr(code)
        if char != "ŉ":  # kept as indexed: ʼn
            assert char.translate(FOLD_TABLE) == fold(char, keep_case=True), char


def test_the_snippets_fold_keeps_offsets():
    text = "L’œuvre éducative"
    assert len(fold_same_length(text)) == len(text)
    assert fold_same_length(text) == "L'œuvre educative"
