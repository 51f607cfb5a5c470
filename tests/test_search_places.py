"""Stages and départements in search, on both backends: the relevance corpus of
tests/thesaurus_corpus.py (conftest's thesaurus_corpus_app) holds innovation sheets at each
stage and pages whose territory gives a département's code alone (« Roubaix (59) »); a query
by the stage's words, or by the département's name or code, finds them in the top three."""

from __future__ import annotations

import pytest
from search_calls import search

from wiki.errors import InvalidInput


def slugs(query: str, **filters) -> list[str]:
    return [hit.slug for hit in search(None, query, **filters).results]


RELEVANCE = [
    ("expérimentation Loiret", "droits-de-village-en-village"),
    ("45 expérimentation", "droits-de-village-en-village"),
    ("expérimentée", "droits-de-village-en-village"),
    ("essaimage", "jardins-au-pied-des-tours"),
    ("essaimée", "jardins-au-pied-des-tours"),
    ("fiches du Nord", "jardins-au-pied-des-tours"),
    ("Nord", "jardins-au-pied-des-tours"),
    ("59", "jardins-au-pied-des-tours"),
    ("Seine-Saint-Denis aller vers", "familles-hotel-saint-denis"),
    ("93", "familles-hotel-saint-denis"),
    ("Creuse", "permanence-gare-routiere-gueret"),
    ("23", "permanence-gare-routiere-gueret"),
    ("évaluation Gironde", "epicerie-itinerante-bordelaise"),
    ("arrêtée Lozère", "bus-de-l-emploi-mende"),
    ("émergence Bouches-du-Rhône", "cuisine-partagee-marseille"),
]


@pytest.mark.parametrize(("query", "expected"), RELEVANCE)
def test_expected_page_is_in_the_top_three(thesaurus_corpus_app, query, expected):
    assert expected in slugs(query)[:3], slugs(query)


def test_the_set_is_large_enough():
    assert len(RELEVANCE) >= 10


def test_a_departement_named_is_also_its_filter(thesaurus_corpus_app):
    assert slugs("", departement="Nord") == ["jardins-au-pied-des-tours"]
    assert slugs("jardins", departement="93") == []


def test_a_stage_word_is_also_its_filter(thesaurus_corpus_app):
    assert slugs("", stage="essaimage") == ["jardins-au-pied-des-tours"]


@pytest.mark.parametrize(
    ("filters", "field"),
    [({"stage": "finie"}, "stage"), ({"departement": "Atlantide"}, "departement")],
)
def test_an_unknown_stage_or_departement_is_refused(thesaurus_corpus_app, filters, field):
    with pytest.raises(InvalidInput) as refused:
        search(None, "jardins", **filters)
    assert refused.value.field == field
