"""The array evaluation of queries (wiki/search/matching.py) agrees with Whoosh's own matchers.

Whoosh walks postings and positions one document at a time; the wiki evaluates the same
parsed query with arrays and finds phrases through pairs of neighbouring stems. On the French
corpus, both must find the same documents, and Whoosh's BM25F scores must be the wiki's.
"""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import qparser

from wiki.search.indexer import get_searcher
from wiki.search.queries import _parse, index_view

QUERIES = [
    "maraude", "accompagnement", "l'accompagnement des jeunes", "jardins partagés",
    "personnes âgées isolées", "logement OR hébergement", "jeunes NOT errance",
    "aller vers", '"aller vers"', '"maraude de nuit"', '"accès aux droits"',
    '"droits accès"', '"jeunes en errance"', '"la prévention des expulsions locatives"',
    "(maraude OR permanence) AND nuit", "réseau partenaires -hôpital", "xylophone",
    '"xylophone maraude"', "porte-à-porte", "aujourd'hui", "bénévoles ANDMAYBE quartier",
]


@pytest.fixture
def searcher(corpus_app):
    with corpus_app.app_context():
        yield get_searcher(corpus_app)


def whoosh_scores(searcher, query) -> dict[int, float]:
    results = searcher.search(query, limit=None)
    return {hit.docnum: hit.score for hit in results}


@pytest.mark.parametrize("group", [qparser.AndGroup, qparser.OrGroup])
@pytest.mark.parametrize("text", QUERIES)
def test_same_documents_as_whoosh(searcher, text, group):
    query = _parse(searcher, text, group)
    view = index_view(searcher)
    ours = set(np.flatnonzero(view.evaluate(query).mask & view.live).tolist())
    assert ours == set(searcher.docs_for_query(query)), text


# Whoosh scores a phrase by the phrase's own frequency, the wiki by its words' (and a NOT
# part scores nothing in either): scores are compared on the other queries.
@pytest.mark.parametrize("text", [q for q in QUERIES if not any(c in q for c in '"-N')])
def test_same_scores_as_whoosh(searcher, text):
    query = _parse(searcher, text, qparser.AndGroup)
    match = index_view(searcher).evaluate(query)
    expected = whoosh_scores(searcher, query)
    for docnum, score in expected.items():
        assert match.scores[docnum] == pytest.approx(score, rel=1e-4), (text, docnum)


def test_a_phrase_is_found_across_a_stop_word_but_not_out_of_order(searcher):
    view = index_view(searcher)
    together = view.evaluate(_parse(searcher, '"groupe situations"', qparser.AndGroup))
    swapped = view.evaluate(_parse(searcher, '"situations groupe"', qparser.AndGroup))
    assert together.mask.any()  # "le groupe des situations": « des » is a stop word
    assert not swapped.mask.any()


def test_the_arrays_cache_keeps_to_its_budget():
    from wiki.search.segments import SegmentArrays

    cache = SegmentArrays(budget=10_000)
    for n in range(10):
        cache.get(("segment", n), lambda: np.zeros(1000, dtype=np.uint8))  # ~1 100 bytes
    assert cache._used <= 10_000
    assert ("segment", 9) in cache._entries and ("segment", 0) not in cache._entries
    cache.resize(3_000)
    assert cache._used <= 3_000 and ("segment", 9) in cache._entries
