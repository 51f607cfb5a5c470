"""The charter check measured on a French test set of its own (tests/charter_set)."""

from __future__ import annotations

import pytest

from benchmarks.charter import CITED_AUTHORS, evaluate, read_set
from wiki.content.charter import KINDS
from wiki.content.charter_names import RECOGNISER

# Measured with `python -m benchmarks.charter` (benchmarks/README.md): recall 112/113; the
# false findings are the cited authors outside the wiki's list of public figures.
MIN_RECALL = 0.95
MIN_RECALL_PER_KIND = 0.9
MAX_FALSE_FINDINGS = len(CITED_AUTHORS) + 1
MAX_FALSE_FINDINGS_ONCE_JUSTIFIED = 1


@pytest.fixture(scope="module")
def score():
    if not RECOGNISER.available:
        pytest.fail("the French model (fr_core_news_sm) must be installed for the tests")
    return evaluate()


def test_the_set_is_as_large_as_promised():
    planted = read_set("planted")
    assert sum(len(a.planted) for a in planted) >= 60
    assert {kind for a in planted for kind, _, _ in a.planted} == set(KINDS)
    assert sum(len(a.text.split()) for a in read_set("clean")) >= 2000


def test_recall_overall_and_per_kind(score):
    assert score.recall >= MIN_RECALL, score.missed
    for kind in KINDS:
        assert score.recall_of(kind) >= MIN_RECALL_PER_KIND, (kind, score.missed)


def test_false_findings_stay_few(score):
    assert len(score.false) <= MAX_FALSE_FINDINGS, score.false


def test_justified_authors_are_no_longer_reported():
    assert len(evaluate(ignore_authors=True).false) <= MAX_FALSE_FINDINGS_ONCE_JUSTIFIED


def test_recall_on_the_accounts_written_after_tuning():
    """Their first measure was 31/35 (four labels then added to the list): 0.85 holds
    that first figure, not the one after the list was completed."""
    held_out = evaluate(planted="holdout")
    assert held_out.recall >= 0.85, held_out.missed
    assert held_out.false == []
