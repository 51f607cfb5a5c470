"""Snippets: passages around the searched words, escaped, the words marked, never cut."""

from __future__ import annotations

from wiki.search.analysis import analyze, french_analyzer
from wiki.search.snippets import SNIPPET_CHARS, snippet


def marked(text: str, query: str) -> str | None:
    found = snippet(text, set(analyze(query)), french_analyzer())
    return None if found is None else str(found)


def test_the_searched_words_are_marked_in_every_inflection():
    text = "Nous accompagnions les familles. L’accompagnement dure un an."
    assert marked(text, "accompagner") == (
        "Nous <mark>accompagnions</mark> les familles. L’<mark>accompagnement</mark> dure un an."
    )


def test_the_text_is_escaped_and_only_mark_is_markup():
    text = "Un atelier <script>alert(1)</script> & un accueil « chaleureux »."
    assert marked(text, "accueil") == (
        "Un atelier &lt;script&gt;alert(1)&lt;/script&gt; &amp; un <mark>accueil</mark> "
        "« chaleureux »."
    )


def test_no_match_gives_no_snippet():
    assert marked("Une maraude le soir.", "jardin") is None


def test_a_match_deep_in_a_long_page_is_found():
    text = "Le texte commence ici. " * 3000 + "Enfin la permanence juridique. " + "Fin. " * 50
    found = marked(text, "permanence")
    assert found is not None and "<mark>permanence</mark> juridique" in found
    assert len(found) < 2 * SNIPPET_CHARS + 100


def test_at_most_two_passages_with_the_most_matches_in_text_order():
    filler = " ".join(["mot"] * 45)
    text = (
        f"Un jardin. {filler} Un autre jardin, jardin partagé. {filler} "
        f"Le jardin encore, trois jardins ici : jardinage. {filler} Un jardin seul."
    )
    found = marked(text, "jardin")
    passages = found.split(" … ")
    assert len(passages) == 2
    assert "Un autre <mark>jardin</mark>" in passages[0]
    assert "Le <mark>jardin</mark> encore" in passages[1]


def test_passages_never_cut_a_word():
    text = ("Introduction longue " * 20) + "une médiation familiale réussie " + ("suite " * 80)
    found = marked(text, "médiation")
    first_word, last_word = found.split()[0], found.split()[-1]
    assert first_word in {"Introduction", "longue", "une"}
    assert last_word.rstrip(".") in {"suite", "réussie", "familiale"}
