"""The one-pass FrenchAnalyzer gives exactly the terms, positions and offsets of the chain."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import wiki
from tests.search_corpus import PAGES
from wiki.search.analysis import (
    FrenchAnalyzer,
    folding_analyzer,
    folding_chain,
    french_analyzer,
    french_chain,
)

DEMO = Path(wiki.__file__).parent / "demo" / "pages.jsonl"
TRICKY = (
    "L’ÉDUCATRICE d'aujourd’hui qu'on jusqu'à lorsqu’il Œuvre ŒUVRES cœur "
    "s'est l'a d' l' a b 12 ß straße naïve Noël précarités accompagnées "
    "c’est-à-dire jusqu'au-boutiste é l’é x’y ’ ' ''"
)


def _texts() -> list[str]:
    texts = [TRICKY]
    for page in PAGES:
        texts += [page["title"], page["body"], *(str(v) for v in page.get("fields", {}).values())]
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            texts += [str(record.get("title", "")), str(record.get("body", ""))]
    return texts


def _tokens(analyzer, text: str, **options) -> list[tuple]:
    return [
        (
            t.text,
            t.pos if options.get("positions") else None,
            t.startchar if options.get("chars") else None,
            t.endchar if options.get("chars") else None,
            t.stopped,
        )
        for t in analyzer(text, **options)
    ]


@pytest.mark.parametrize(
    ("fast", "chain"), [(french_analyzer, french_chain), (folding_analyzer, folding_chain)]
)
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"positions": True},
        {"positions": True, "chars": True},
        {"chars": True},
        {"positions": True, "start_pos": 5, "chars": True, "start_char": 7},
        {"mode": "query"},
        {"removestops": False, "positions": True, "chars": True},
        {"no_morph": True},
        {"tokenize": False},
    ],
)
def test_same_tokens_as_the_filter_chain(fast, chain, options):
    texts = _texts()
    assert len(texts) > 50
    for text in texts:
        for _ in range(2):  # the second time from the cache
            assert _tokens(fast(), text, **options) == _tokens(chain(), text, **options), text


def test_a_text_starting_with_stop_words_keeps_the_chain_positions():
    text = "le la les de maraude du soir et la nuit"
    options = {"positions": True, "chars": True}
    assert _tokens(french_analyzer(), text, **options) == _tokens(french_chain(), text, **options)
    assert _tokens(french_analyzer(), text, **options)[0][1] == 4


def test_the_analyzer_pickles_with_the_schema():
    copy = pickle.loads(pickle.dumps(french_analyzer()))
    assert copy == french_analyzer() != folding_analyzer()
    assert isinstance(copy, FrenchAnalyzer) and copy.has_morph()
    assert not folding_analyzer().has_morph()
    assert [t.text for t in copy("Les éducatrices")] == ["educ"]
