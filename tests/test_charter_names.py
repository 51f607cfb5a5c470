"""Person names without a civility: the French entity recogniser and the first names."""

from __future__ import annotations

import logging

import pytest

from wiki.content import charter
from wiki.content.charter import check_charter
from wiki.content.charter_names import (
    MAX_MODEL_TOKENS,
    RECOGNISER,
    NameRecogniser,
    TextTooLongToCheck,
)


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in check_charter(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Martine Lefèvre a appelé le service lundi.", "Martine Lefèvre"),
        ("Nous sommes allés au marché avec Youssef.", "Youssef"),
        ("Hier, Karim est passé à la permanence.", "Karim"),
        ("La voisine, Odette Perrin, fait les démarches.", "Odette Perrin"),
        ("Il a parlé longtemps de Jean-Pierre.", "Jean-Pierre"),
        ("Une lettre du docteur Renaud.", "docteur Renaud"),
    ],
)
def test_a_name_without_a_civility_is_found(text, name):
    assert found(text) == [("person_name", name)]


@pytest.mark.parametrize(
    "text",
    [
        "Le collège Jean Moulin et le lycée Victor Hugo ont répondu.",
        "Le centre social Léo Lagrange ouvre le samedi.",
        "Nous nous retrouvons rue Jean Jaurès, place Albert Camus.",
        "Une permanence à Saint-Pierre-des-Corps et à Saint-Martin.",
        "La Fondation Abbé Pierre et l'abbé Pierre lui-même.",
        "Selon Pierre Bourdieu et Robert Castel, puis Bourdieu encore.",
        "La CAF de Touraine, le Secours populaire et ATD Quart Monde.",
        "Refuser l'interprétation sauvage. Aller vers les publics.",
    ],
)
def test_streets_institutions_and_public_figures_are_not_names(text):
    assert check_charter(text) == []


def test_a_street_named_after_a_person_is_part_of_the_address():
    assert found("Elle habite au 3 rue Jean Jaurès, 37000 Tours.") == [
        ("address", "3 rue Jean Jaurès, 37000 Tours")
    ]


def test_page_titles_and_justified_names_are_ignored():
    text = "Nous avons relu Yann Le Bossé, puis M. Le Bossé a répondu ; Lucie aussi."
    assert [t for _, t in found(text)] == ["Yann Le Bossé", "Lucie"]
    assert found(text, ignore=["yann le bosse"]) == [("person_name", "Lucie")]
    assert found(text, ignore=("Yann Le Bossé", "Lucie")) == []


def test_ignoring_a_name_keeps_the_other_kinds():
    assert found("Lucie est bipolaire.", ignore=["Lucie", "bipolaire"]) == [
        ("diagnosis", "bipolaire")
    ]


def test_the_model_runs_its_entity_recogniser_alone():
    assert RECOGNISER.load().pipe_names == ["ner"]


def test_unchanged_paragraphs_are_not_given_to_the_model_again():
    text = "Le premier paragraphe parle de Martine Lefèvre.\n\nLe second parle du quartier."
    check_charter(text)
    runs = RECOGNISER.model_runs
    check_charter(text)
    assert RECOGNISER.model_runs == runs
    edited = text + "\n\nUn troisième, nouveau, parle de Youssef."
    assert found(edited)[-1] == ("person_name", "Youssef")
    assert RECOGNISER.model_runs == runs + 1


def test_without_the_model_the_rules_still_work_and_a_warning_is_logged_once(monkeypatch, caplog):
    missing = NameRecogniser("fr_no_such_model_installed")
    monkeypatch.setattr(charter, "RECOGNISER", missing)
    with caplog.at_level(logging.WARNING, logger="wiki.content.charter_names"):
        first = found("M. Dupont, 06 12 34 56 78, a vu Martine Lefèvre et Kofi Annan.")
        found("Encore Martine Lefèvre.")
    assert first == [
        ("person_name", "M. Dupont"),
        ("phone", "06 12 34 56 78"),
        ("person_name", "Martine Lefèvre"),
    ]
    warnings = [r for r in caplog.records if "cannot be loaded" in r.getMessage()]
    assert len(warnings) == 1
    assert not missing.available


# --- what the model is given: its cost is bounded -------------------------------------------

TOO_LONG = "A " * (MAX_MODEL_TOKENS + 1)  # one-letter words: the model's costliest text


def test_runs_of_spaces_and_line_breaks_keep_the_names_where_they_are():
    text = "Hier,   la\n   voisine\n\n\n  Martine Lefèvre    a appelé ;\t\tnous avons vu Youssef."
    names = [(f.text, text[f.start : f.end]) for f in check_charter(text)]
    assert names == [("Martine Lefèvre",) * 2, ("Youssef",) * 2]


def test_a_paragraph_without_a_letter_is_not_given_to_the_model():
    runs = RECOGNISER.model_runs
    assert found("06 12 34 56 78\n\n01 47 00 00 00\n\n---") == [
        ("phone", "06 12 34 56 78"),
        ("phone", "01 47 00 00 00"),
    ]
    assert RECOGNISER.model_runs == runs


def test_short_paragraphs_read_together_give_each_its_own_names():
    paragraphs = [f"Au rendez-vous numéro {i}, Martine Lefèvre est venue." for i in range(60)]
    text = "\n\n".join(paragraphs)
    names = [f for f in check_charter(text) if f.kind == "person_name"]
    assert len(names) == 60 and {f.text for f in names} == {"Martine Lefèvre"}
    assert all(text[f.start : f.end] == "Martine Lefèvre" for f in names)


def test_a_text_too_long_for_the_model_is_refused_not_checked_for_seconds():
    runs = RECOGNISER.model_runs
    with pytest.raises(TextTooLongToCheck) as refused:
        check_charter(TOO_LONG)
    assert refused.value.length == MAX_MODEL_TOKENS + 1 and refused.value.status == 400
    assert "30000 mots et signes de ponctuation au plus" in refused.value.message
    assert RECOGNISER.model_runs == runs
    # At the limit, it is checked; paragraphs the model already read do not count.
    assert check_charter("A " * MAX_MODEL_TOKENS) == []
    assert check_charter("A " * MAX_MODEL_TOKENS + "\n\nPuis Youssef.")[-1].text == "Youssef"
