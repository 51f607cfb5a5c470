"""The French analyzer: the same terms for the forms people type and the forms they wrote."""

from __future__ import annotations

import pytest

from wiki.search.analysis import analyze


@pytest.mark.parametrize(
    "elided", ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"]
)
@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_elisions_are_removed_with_either_apostrophe(elided, apostrophe):
    assert analyze(f"{elided}{apostrophe}accompagnement") == analyze("accompagnement")


def test_apostrophes_inside_a_word_are_kept():
    assert analyze("aujourd’hui") == analyze("aujourd'hui") == ["aujourd'hui"]


def test_accents_case_and_ligatures_are_folded():
    assert analyze("ÉDUCATRICE œuvre") == analyze("educatrice oeuvre")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("accompagnement", "accompagner"),
        ("accompagnée", "accompagnees"),
        ("personnes âgées", "personne agee"),
        ("précarité", "precarite"),
        ("éducateurs", "educatrice"),
        ("isolées", "isole"),
        ("maraudes", "maraude"),
    ],
)
def test_inflections_meet_on_one_stem(one, other):
    assert analyze(one) == analyze(other)


def test_french_stop_words_are_dropped():
    assert analyze("les jeunes et le quartier de la ville") == analyze("jeunes quartier ville")
    assert analyze("à la rue") == analyze("rue")


def test_the_unstemmed_analysis_keeps_the_words_whole():
    assert analyze("L’accompagnement des Éducatrices", stem=False) == [
        "accompagnement",
        "educatrices",
    ]


def test_hyphenated_words_are_split():
    assert analyze("non-demande") == analyze("non demande")
