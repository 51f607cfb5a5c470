"""French relevance: queries as members type them find the right practice in the top three.

The corpus (tests/search_corpus.py, conftest's corpus_app) is loaded once for the module; every
query goes through the search backend (Whoosh and PostgreSQL) as an anonymous visitor (all
corpus pages are public).
"""

from __future__ import annotations

import pytest
from search_calls import search


def slugs(query: str, **filters) -> list[str]:
    return [hit.slug for hit in search(None, query, **filters).results]


# (query, the page expected among the first three results)
RELEVANCE = [
    # inflections: plural, verb, feminine, participle
    ("maraudes", "maraude-gare-orleans"),
    ("accompagner un jeune", "non-demande-jeune-errance"),
    ("expulsions locatives", "expulsion-locative-prevention"),
    ("femme victime", "femmes-victimes-violences-accueil"),
    ("jardins partagés", "jardin-partage-quartier"),
    ("scolarisation mineurs", "mineurs-non-accompagnes-scolarite"),
    ("handicapés", "habitat-inclusif-handicap"),
    ("surendettement", "accompagnement-budgetaire-surendettement"),
    ("hospitalisations", "travail-reseau-sortie-hopital"),
    ("étudiant précaire", "epicerie-solidaire-etudiants"),
    ("éducatrices", "groupe-balint-educateurs"),
    # missing accents
    ("precarite energetique", "precarite-energetique-visites"),
    ("personne agee isolee", "visites-personnes-agees-isolees"),
    ("epicerie", "epicerie-solidaire-etudiants"),
    ("mediation numerique", "mediation-numerique-caf"),
    ("ecrivain public", "benevoles-ecrivain-public"),
    ("cafe des parents", "parentalite-cafe-des-parents"),
    # elisions, straight and typographic apostrophes
    ("l'accompagnement budgétaire", "accompagnement-budgetaire-surendettement"),
    ("l’hôpital", "travail-reseau-sortie-hopital"),
    ("d'hospitalisation", "travail-reseau-sortie-hopital"),
    ("l’écrivain", "benevoles-ecrivain-public"),
    ("qu’un habitat inclusif", "habitat-inclusif-handicap"),
    # phrases in double quotes
    ('"accès aux droits"', "permanence-acces-aux-droits-marche"),
    ('"aller vers"', "aller-vers-gens-du-voyage"),
    ('"violences conjugales"', "femmes-victimes-violences-accueil"),
    ('"Banque de France"', "accompagnement-budgetaire-surendettement"),
    ('"sortie de prison"', "sortants-de-prison-logement"),
    # tag labels
    ("Travail en réseau", "travail-reseau-sortie-hopital"),
    ("groupe Balint", "groupe-balint-educateurs"),
    ("non-demande", "non-demande-jeune-errance"),
    ("atelier des praxis", "atelier-praxis-recit-collectif"),
    # structured fields
    ("gérontologie", "visites-personnes-agees-isolees"),
    ("CROUS", "epicerie-solidaire-etudiants"),
    ("gens du voyage", "aller-vers-gens-du-voyage"),
]


@pytest.mark.parametrize(("query", "expected"), RELEVANCE)
def test_expected_page_is_in_the_top_three(corpus_app, query, expected):
    assert expected in slugs(query)[:3], slugs(query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("maraude", "maraude-gare-orleans"),  # also in the errance page's body
        ("jardin", "jardin-partage-quartier"),  # also in two other bodies
        ("éducateur", "groupe-balint-educateurs"),  # the errance page's body says "Éducateur"
        ("médiathèque", "benevoles-ecrivain-public"),  # a partner of the numérique sheet
    ],
)
def test_title_words_outrank_body_only_mentions(corpus_app, query, expected):
    found = slugs(query)
    assert len(found) > 1  # the word is elsewhere too...
    assert found[0] == expected  # ...but the page titled with it comes first


def test_accents_and_case_do_not_matter(corpus_app):
    assert slugs("PRÉCARITÉ ÉNERGÉTIQUE") == slugs("precarite energetique") != []


def test_a_phrase_requires_the_words_together(corpus_app):
    # The épicerie's page says "banque alimentaire" and "en France": both words, apart.
    assert set(slugs("banque france")) == {
        "accompagnement-budgetaire-surendettement",
        "epicerie-solidaire-etudiants",
    }
    assert slugs('"banque de France"') == ["accompagnement-budgetaire-surendettement"]


def test_every_word_is_required_when_some_page_has_them_all(corpus_app):
    outcome = search(None, "maraude gare")
    assert [hit.slug for hit in outcome.results] == ["maraude-gare-orleans"]
    assert not outcome.relaxed


def test_falls_back_to_any_word_when_no_page_has_them_all(corpus_app):
    outcome = search(None, "maraude kangourou")
    assert outcome.relaxed
    assert outcome.results[0].slug == "maraude-gare-orleans"


def test_kind_filter_and_kind_facet(corpus_app):
    everything = search(None, "accès aux droits")
    innovations = search(None, "accès aux droits", kind="innovation")
    assert innovations.total == everything.facets["kind"]["innovation"] > 0
    assert {hit.kind for hit in innovations.results} == {"innovation"}
    assert sum(everything.facets["kind"].values()) == everything.total
    assert innovations.facets["kind"] == {"innovation": innovations.total}


def test_tag_filter_and_tag_facet_counts(corpus_app):
    outcome = search(None, "logement")
    poor = search(None, "logement", tag="pauvrete")
    assert outcome.facets["tags"]["pauvrete"] == poor.total > 0
    assert all("pauvrete" in hit.tags for hit in poor.results)
    assert poor.results[0].slug == "precarite-energetique-visites"


def test_territory_and_sector_filters(corpus_app):
    assert slugs("", territory="orleans") == ["maraude-gare-orleans"]
    assert set(slugs("", sector="protection de l'enfance")) == {
        "groupe-balint-educateurs",
        "mineurs-non-accompagnes-scolarite",
    }
    assert slugs("accompagnement", territory="Metz") == ["accompagnement-budgetaire-surendettement"]


def test_a_typo_gives_a_suggestion_that_finds_the_page(corpus_app):
    outcome = search(None, "maraudde")
    assert outcome.total == 0
    assert outcome.suggestion == "maraude"
    assert "maraude-gare-orleans" in slugs(outcome.suggestion)[:3]


def test_a_typo_after_an_elision_keeps_the_elision(corpus_app):
    assert search(None, "l'hopitall").suggestion == "l'hopital"


def test_no_suggestion_for_well_spelt_words(corpus_app):
    assert search(None, "maraude").suggestion is None
    assert search(None, "jeune").suggestion is None  # found through its stem "jeunes"


def test_a_query_with_no_answer(corpus_app):
    outcome = search(None, "kangourou")
    assert outcome.total == 0
    assert outcome.results == []
    assert outcome.facets == {"kind": {}, "tags": {}, "stage": {}, "departement": {}, "sector": {}}
    assert outcome.suggestion is None


def test_only_stop_words_find_nothing(corpus_app):
    assert search(None, "le la les de des").total == 0


def test_sort_by_date_puts_the_latest_update_first(corpus_app):
    by_date = search(None, "accès aux droits", sort="date")
    dates = [hit.updated for hit in by_date.results]
    assert dates == sorted(dates, reverse=True)
    assert all(hit.score is None for hit in by_date.results)
    assert {hit.slug for hit in by_date.results} == set(slugs("accès aux droits"))


def test_pagination_splits_the_results(corpus_app):
    whole = slugs("accès aux droits", per_page=100)
    first = search(None, "accès aux droits", per_page=2, page=1)
    second = search(None, "accès aux droits", per_page=2, page=2)
    assert first.total == second.total == len(whole) > 3
    assert [h.slug for h in first.results] + [h.slug for h in second.results] == whole[:4]
    assert first.pages == -(-len(whole) // 2)


def test_snippets_mark_the_words_found_in_the_text(corpus_app):
    hit = search(None, "confiance hébergement").results[0]
    assert hit.slug == "maraude-gare-orleans"
    assert "<mark>confiance</mark>" in hit.snippet
    assert "<mark>hébergement</mark>" in hit.snippet


def test_snippets_mark_inflected_and_unaccented_forms(corpus_app):
    hit = search(None, "locataire isole").results[0]
    assert hit.slug == "jardin-partage-quartier"
    snippet = hit.snippet
    assert "<mark>locataires</mark>" in snippet and "<mark>isolés</mark>" in snippet


def test_a_suggestion_is_the_written_form_nearest_to_the_typo(corpus_app):
    # The stems are compared ("acompagn" is near "accompagn"), the word offered is one that
    # visible pages write, nearest to what was typed: not "accompagner" nor "accompagnés".
    assert search(None, "acompagnement").suggestion == "accompagnement"
    assert search(None, "benevolles").suggestion == "benevoles"


def test_query_operators_are_never_corrected(corpus_app):
    assert search(None, "maraudde OR jardin").suggestion == "maraude OR jardin"
    assert search(None, "AND OR").suggestion is None
