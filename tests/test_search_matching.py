"""The array evaluation of queries (wiki/search/matching.py) agrees with Whoosh's own matchers.

Whoosh walks postings and positions one document at a time; the wiki evaluates the same
parsed query with arrays and finds phrases through pairs of neighbouring stems. On the French
corpus, both must find the same pages, and Whoosh's BM25F scores must be the wiki's.

Whoosh's side is Whoosh as it ships: an index of the same pages written by its own writer
and codec, read by its own readers; the wiki's side is the wiki's index, in the wiki's format
(wiki/search/codec.py), read by the wiki's evaluator. A decoding bug on either side shows.
"""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import index as stock_index
from whoosh import qparser
from whoosh.codec.whoosh3 import W3Codec

from wiki.extensions import db
from wiki.models import Page
from wiki.search.codec import WikiCodec
from wiki.search.indexer import get_searcher, load_documents
from wiki.search.queries import _parse, index_view
from wiki.search.schema import build_schema

QUERIES = [
    "maraude",
    "accompagnement",
    "l'accompagnement des jeunes",
    "jardins partagés",
    "personnes âgées isolées",
    "logement OR hébergement",
    "jeunes NOT errance",
    "aller vers",
    '"aller vers"',
    '"maraude de nuit"',
    '"accès aux droits"',
    '"droits accès"',
    '"jeunes en errance"',
    '"la prévention des expulsions locatives"',
    "(maraude OR permanence) AND nuit",
    "réseau partenaires -hôpital",
    "xylophone",
    '"xylophone maraude"',
    "porte-à-porte",
    "aujourd'hui",
    "bénévoles ANDMAYBE quartier",
]


@pytest.fixture
def searcher(corpus_app):
    with corpus_app.app_context():
        searcher = get_searcher(corpus_app)
        assert {type(r.segment().codec()) for r, _base in searcher.reader().leaf_readers()} == {
            WikiCodec
        }
        yield searcher


@pytest.fixture(scope="module")
def stock_searcher(corpus_app, tmp_path_factory):
    """Whoosh's own searcher on the corpus, indexed by Whoosh's own writer and codec."""
    folder = tmp_path_factory.mktemp("stock-index")
    ix = stock_index.create_in(str(folder), build_schema(), indexname="stock")
    with corpus_app.app_context():
        documents = load_documents(db.session, db.session.scalars(db.select(Page.id)))
    with ix.writer() as writer:
        for document in documents.values():
            writer.add_document(**document)
    with ix.searcher() as searcher:
        assert ix.version == -111  # Whoosh's own table of contents
        assert {type(r.segment().codec()) for r, _base in searcher.reader().leaf_readers()} == {
            W3Codec
        }
        yield searcher


def page_id(searcher, docnum: int) -> str:
    return searcher.stored_fields(docnum)["page_id"]


def whoosh_scores(stock_searcher, query) -> dict[str, float]:
    results = stock_searcher.search(query, limit=None)
    return {page_id(stock_searcher, hit.docnum): hit.score for hit in results}


@pytest.mark.parametrize("group", [qparser.AndGroup, qparser.OrGroup])
@pytest.mark.parametrize("text", QUERIES)
def test_same_documents_as_whoosh(searcher, stock_searcher, text, group):
    query = _parse(stock_searcher, text, group)
    view = index_view(searcher)
    ours = {
        page_id(searcher, docnum)
        for docnum in np.flatnonzero(view.evaluate(query).mask & view.live).tolist()
    }
    whooshs = {page_id(stock_searcher, docnum) for docnum in stock_searcher.docs_for_query(query)}
    assert ours == whooshs, text


def test_the_comparison_is_not_empty(searcher, stock_searcher):
    query = _parse(stock_searcher, "accompagnement", qparser.AndGroup)
    assert len(list(stock_searcher.docs_for_query(query))) >= 3
    assert index_view(searcher).evaluate(query).mask.sum() >= 3


# Whoosh scores a phrase by the phrase's own frequency, the wiki by its words' (and a NOT
# part scores nothing in either): scores are compared on the other queries.
@pytest.mark.parametrize("text", [q for q in QUERIES if not any(c in q for c in '"-N')])
def test_same_scores_as_whoosh(searcher, stock_searcher, text):
    query = _parse(stock_searcher, text, qparser.AndGroup)
    match = index_view(searcher).evaluate(query)
    ours = {
        page_id(searcher, docnum): match.scores[docnum]
        for docnum in np.flatnonzero(match.mask & index_view(searcher).live).tolist()
    }
    expected = whoosh_scores(stock_searcher, query)
    assert set(ours) == set(expected), text
    for page, score in expected.items():
        assert ours[page] == pytest.approx(score, rel=1e-4), (text, page)


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


def test_seen_by_everyone_the_key_terms_are_whooshs(searcher):
    """The audience's Bo1 key terms (related pages) are Whoosh's own when the audience is
    every page of the index."""
    view = index_view(searcher)
    everyone = view.seen_by(view.live)
    for docnum in (0, 7, 19):
        text = searcher.stored_fields(docnum).get("title", "") + " maraude nuit accompagnement"
        text += " jeunes " * 3 + " permanence des droits, accès aux droits"
        ours = everyone.key_terms("body", text, 12)
        whooshs = searcher.key_terms_from_text("body", text, numterms=12)
        assert [word for word, _weight in ours] == [word for word, _weight in whooshs]
        for (_word, weight), (_same, expected) in zip(ours, whooshs, strict=True):
            assert weight == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("text", ["maraude", "personnes âgées isolées", "logement OR hébergement"])
def test_seen_by_everyone_the_scores_are_whooshs(searcher, stock_searcher, text):
    """Scored with the audience's statistics (each document's length as the index stores
    it, in one byte), a query seen by every page scores as Whoosh's within a percent."""
    query = _parse(stock_searcher, text, qparser.AndGroup)
    view = index_view(searcher)
    match = view.seen_by(view.live).evaluate(query)
    ours = {
        page_id(searcher, docnum): match.scores[docnum]
        for docnum in np.flatnonzero(match.mask & view.live).tolist()
    }
    expected = whoosh_scores(stock_searcher, query)
    assert set(ours) == set(expected) and expected
    for page, score in expected.items():
        assert ours[page] == pytest.approx(score, rel=1e-2), (text, page)
