"""A synthetic French corpus for the benchmark: pages in the import format, and fixed queries.

Words are drawn from vocabulary.txt with Zipf frequencies (weight 1 / (rank + 2.7)), nouns get
their plurals and -er verbs a few conjugated forms, articles and pronouns are elided before a
vowel as French writes them (l’accompagnement, d’un, qu’elle), mostly with the typographic
apostrophe. Page i depends only on (seed, i): the first 1 000 pages of the 10 000-page corpus
are the 1 000-page corpus. Every page carries one made-up word of its own (unique_token(i)) so a
benchmark can check that each page is found by it.

    python -m benchmarks.corpus 1000 > pages.jsonl      # then: wiki import pages.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wiki.content.folding import fold
from wiki.content.slugs import slugify
from wiki.pages.tagging import CONTROLLED_VOCABULARY

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.txt")
ZIPF_SHIFT = 2.7  # Zipf–Mandelbrot: the top words are a little less dominant than pure Zipf
MIN_BODY_WORDS = 150
MAX_BODY_WORDS = 800

GROUPS = (
    ("atelier-praxis", "Atelier des praxis sociales"),
    ("balint-orleans", "Groupe Balint d’Orléans"),
)
_FIRST = (
    "Claire",
    "Karim",
    "Sophie",
    "Mamadou",
    "Hélène",
    "Julien",
    "Nadia",
    "Bernard",
    "Élodie",
    "Yasmine",
    "François",
    "Agnès",
)
_LAST = ("Martin", "Benali", "Lefèvre", "Diallo", "Rousseau", "Moreau")
AUTHORS = tuple(
    (f"{slugify(first)}.{slugify(last)}@exemple.org", f"{first} {last}")
    for last in _LAST[:2]
    for first in _FIRST
)

CITIES = (
    "Orléans",
    "Tours",
    "Blois",
    "Bourges",
    "Chartres",
    "Châteauroux",
    "Vierzon",
    "Montargis",
    "Dreux",
    "Vendôme",
    "Romorantin",
    "Gien",
    "Pithiviers",
    "Amboise",
    "Chinon",
    "Loches",
    "Issoudun",
    "Châteaudun",
    "Lyon",
    "Lille",
    "Marseille",
    "Nantes",
    "Rennes",
    "Toulouse",
    "Bordeaux",
    "Montreuil",
    "Saint-Denis",
    "Grenoble",
    "Limoges",
    "Poitiers",
    "Clermont-Ferrand",
    "Besançon",
    "Dijon",
    "Reims",
    "Amiens",
    "Rouen",
)
SECTORS = (
    "Protection de l’enfance",
    "Insertion",
    "Logement",
    "Santé mentale",
    "Handicap",
    "Personnes âgées",
    "Précarité",
    "Petite enfance",
    "Addictions",
    "Justice",
    "Polyvalence de secteur",
    "Prévention spécialisée",
    "Emploi",
    "Migrants",
)
AUDIENCES = (
    "Familles",
    "Jeunes de 16 à 25 ans",
    "Personnes âgées isolées",
    "Personnes sans domicile",
    "Parents d’adolescents",
    "Femmes victimes de violences",
    "Demandeurs d’asile",
    "Allocataires du RSA",
    "Personnes en situation de handicap",
    "Habitants d’un quartier prioritaire",
    "Travailleurs pauvres",
    "Étudiants",
)
PERIODS = (
    "2018-2019",
    "Depuis 2021",
    "Hiver 2022",
    "Printemps 2023",
    "2020",
    "Septembre 2019 – juin 2020",
    "Depuis 2015",
    "Été 2024",
)
SETTINGS = (
    "Service social départemental",
    "Centre communal d’action sociale",
    "Association de prévention",
    "Foyer d’hébergement",
    "Mission locale",
    "Service hospitalier",
    "Permanence de quartier",
    "Maison des solidarités",
)
DURATIONS = (
    "3 jours / 21 heures",
    "6 mois",
    "Un an renouvelable",
    "2 heures par semaine",
    "Une journée par mois",
    "10 séances",
)
PARTNERS = (
    "CAF",
    "DGCS",
    "Conseil départemental",
    "Mairie",
    "ARS",
    "CCAS",
    "Fondation de France",
    "Bailleur social",
    "Mission locale",
    "Éducation nationale",
)
HEADINGS = (
    "La situation",
    "Ce qui a été fait",
    "Ce que nous en retenons",
    "Contexte",
    "Questions pour le groupe",
    "La rencontre",
    "Les effets",
    "Pour aller plus loin",
)

_PRACTICE_HEADS = (
    "Accompagner",
    "Aller vers",
    "Rencontrer",
    "Écouter",
    "Soutenir",
    "Travailler avec",
    "Ouvrir la porte à",
    "Recevoir",
    "Ne pas lâcher",
    "Suivre",
    "Comprendre",
    "Orienter",
)
_PRACTICE_OBJECTS = (
    "une famille isolée",
    "un jeune en rupture",
    "une mère en non-demande",
    "les habitants d’une cité",
    "un homme à la rue",
    "une personne âgée isolée",
    "des parents inquiets",
    "un adolescent déscolarisé",
    "une femme victime de violences",
    "un couple surendetté",
    "des voisins en conflit",
    "un père seul",
    "une personne en souffrance psychique",
    "des jeunes du quartier",
    "un locataire menacé d’expulsion",
    "une demandeuse d’asile",
    "un retraité isolé",
    "une famille à la rue",
)
_PRACTICE_PLACES = (
    "",
    " à {city}",
    " en milieu rural",
    " dans un foyer",
    " au domicile",
    " dans le quartier",
    " à la permanence",
    " à {city}",
)
_INNOVATION_HEADS = (
    "Café des parents",
    "Permanence mobile d’accès aux droits",
    "Atelier numérique",
    "Maraude sociale",
    "Bus de l’accès aux droits",
    "Jardin partagé",
    "Repas solidaires",
    "Groupe de parole",
    "Porte-à-porte",
    "Point d’accueil",
    "Réseau de voisins solidaires",
    "Atelier d’écriture",
    "Consultation juridique gratuite",
    "Permanence en mairie",
)
_INNOVATION_PLACES = (
    " à {city}",
    " pour les {audience}",
    " en milieu rural",
    " à {city}",
    " dans le quartier",
)

_ELIDED = {
    "le": "l",
    "la": "l",
    "de": "d",
    "que": "qu",
    "ne": "n",
    "se": "s",
    "je": "j",
    "me": "m",
    "te": "t",
}
_CONTRACTED = {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"}
_VOWELS = set("aàâäeéèêëiîïoôöuùûüyœæh")
_ASPIRATED_H = ("handicap", "honte", "haut", "hasard", "héros")
# Besides content words, the short words French elides before: l’un, qu’il, c’est, n’y.
_ELIDED_BEFORE = {
    "un",
    "une",
    "il",
    "ils",
    "elle",
    "elles",
    "on",
    "est",
    "était",
    "avait",
    "a",
    "y",
    "en",
    "autre",
    "autres",
    "eux",
    "ici",
    "alors",
    "aucun",
    "aucune",
}
_TOKEN_LETTERS = "bcdfgjklmnpqrtvz"  # no vowel nor s/x: a stemmer leaves the token whole
_VERB_ENDINGS = (
    ("e", 8),
    ("ent", 5),
    ("é", 6),
    ("ée", 3),
    ("és", 2),
    ("ait", 4),
    ("aient", 2),
    ("ant", 3),
    ("ons", 2),
    ("era", 1),
)


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    content: frozenset[str]  # nouns, adjectives and verbs with their forms: query material

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


def _forms(word: str, kind: str) -> list[tuple[str, float]]:
    """A word's forms with their share of its frequency."""
    if kind == "n" and word[-1] not in "sxz" and "-" not in word:
        plural = (
            word[:-2] + "aux"
            if word.endswith("al")
            else (word + "x" if word.endswith("eau") else word + "s")
        )
        return [(word, 0.65), (plural, 0.35)]
    if kind == "v" and word.endswith("er"):
        stem = word[:-2]
        total = sum(weight for _, weight in _VERB_ENDINGS)
        forms = [(word, 0.35)]
        for ending, weight in _VERB_ENDINGS:
            base = stem
            if ending[0] in "ao" and stem.endswith("g"):
                base = stem + "e"
            elif ending[0] in "ao" and stem.endswith("c"):
                base = stem[:-1] + "ç"
            forms.append((base + ending, 0.65 * weight / total))
        return forms
    return [(word, 1.0)]


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    weights: dict[str, float] = {}
    content: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rank, word, kind = line.split("\t")
        base = 1.0 / (int(rank) + ZIPF_SHIFT)
        for form, share in _forms(word, kind):
            weights[form] = weights.get(form, 0.0) + base * share
            if kind in "nv" and len(form) > 3:
                content.add(form)
    words = tuple(weights)
    cumulative, total = [], 0.0
    for word in words:
        total += weights[word]
        cumulative.append(total)
    return Vocabulary(words, tuple(cumulative), frozenset(content))


def unique_token(i: int) -> str:
    """A made-up word found in page i alone: 'zorb' and i in consonants (zorbbbbbc for 1)."""
    digits = []
    for _ in range(5):
        i, digit = divmod(i, len(_TOKEN_LETTERS))
        digits.append(_TOKEN_LETTERS[digit])
    if i:
        raise ValueError("at most 16**5 pages")
    return "zorb" + "".join(reversed(digits))


def _apostrophe(rng: random.Random) -> str:
    return "’" if rng.random() < 0.85 else "'"


def _join_french(words: list[str], rng: random.Random, vocab: Vocabulary) -> str:
    """Words joined as French writes them: au, des, l’accueil, d’une, qu’il."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        if (word, following) in _CONTRACTED:
            out.append(_CONTRACTED[(word, following)])
            i += 2
            continue
        starts_vowel = (
            following[:1] in _VOWELS
            and not following.startswith(_ASPIRATED_H)
            and (following in vocab.content or following in _ELIDED_BEFORE)
        )
        if starts_vowel and (
            word in _ELIDED
            or (word == "ce" and following.startswith("e"))
            or (word == "si" and following in ("il", "ils"))
        ):
            out.append((_ELIDED.get(word) or word[0]) + _apostrophe(rng) + following)
            i += 2
            continue
        out.append(word)
        i += 1
    return " ".join(out)


def _sentence(vocab: Vocabulary, rng: random.Random, length: int, token: str | None = None) -> str:
    words = vocab.draw(rng, length)
    for position in range(1, len(words) - 1):
        if rng.random() < 0.06:
            words[position] += ","
    if token:
        words.insert(rng.randint(1, len(words)), token)  # never capitalised
    text = _join_french(words, rng, vocab).rstrip(",")
    end = rng.choices((".", " ?", "…", " !"), weights=(86, 7, 4, 3))[0]
    return text[0].upper() + text[1:] + end


def _text(vocab: Vocabulary, rng: random.Random, words: int, token: str | None = None) -> str:
    """About `words` words of sentences; `token` placed in one of them."""
    sentences, count = [], 0
    lengths = []
    while count < words:
        length = min(rng.randint(6, 22), words - count)
        lengths.append(length)
        count += length
    token_at = rng.randrange(len(lengths)) if token else -1
    for n, length in enumerate(lengths):
        sentences.append(_sentence(vocab, rng, length, token if n == token_at else None))
    return " ".join(sentences)


def _body(vocab: Vocabulary, rng: random.Random, token: str) -> str:
    target = int(rng.triangular(MIN_BODY_WORDS, MAX_BODY_WORDS, 320))
    blocks_words: list[tuple[str, int]] = []  # (kind of block, words)
    count = 0
    while count < target:
        left = target - count
        roll = rng.random()
        if roll < 0.12 and left > 20 and blocks_words:
            heading = rng.choice(HEADINGS)
            blocks_words.append(("heading", len(heading.split())))
            count += len(heading.split())
        elif roll < 0.22 and left > 16:
            items = rng.randint(2, 4)
            size = min(items * rng.randint(4, 10), left)
            blocks_words.append(("list", size))
            count += size
        else:
            size = min(rng.randint(35, 120), left)
            blocks_words.append(("paragraph", size))
            count += size
    writable = [n for n, (kind, _) in enumerate(blocks_words) if kind != "heading"]
    token_block = rng.choice(writable)
    blocks = []
    for n, (kind, size) in enumerate(blocks_words):
        token_here = token if n == token_block else None
        if kind == "heading":
            blocks.append("## " + rng.choice(HEADINGS))
        elif kind == "list":
            items, left = [], size
            while left > 0:
                item = min(rng.randint(4, 10), left)
                items.append(item)
                left -= item
            token_item = rng.randrange(len(items)) if token_here else -1
            blocks.append(
                "\n".join(
                    "- " + _text(vocab, rng, item, token_here if k == token_item else None)
                    for k, item in enumerate(items)
                )
            )
        else:
            blocks.append(_text(vocab, rng, size, token_here))
    return "\n\n".join(blocks) + "\n"


def _practice_fields(vocab: Vocabulary, rng: random.Random, city: str) -> dict[str, str]:
    return {
        "territory": city,
        "sector": rng.choice(SECTORS),
        "audience": rng.choice(AUDIENCES),
        "period": rng.choice(PERIODS),
        "setting": f"{rng.choice(SETTINGS)}. {_text(vocab, rng, rng.randint(8, 25))}",
    }


def _innovation_fields(vocab: Vocabulary, rng: random.Random, city: str) -> dict[str, str]:
    objectives = "\n".join(
        "- " + _text(vocab, rng, rng.randint(5, 12)) for _ in range(rng.randint(2, 4))
    )
    return {
        "sectors": ", ".join(rng.sample(SECTORS, rng.randint(1, 3))),
        "audience": f"{rng.choice(AUDIENCES)}. {_text(vocab, rng, rng.randint(6, 15))}",
        "duration": rng.choice(DURATIONS),
        "places_dates": f"{city}, {rng.choice(PERIODS).lower()}",
        "partners": ", ".join(rng.sample(PARTNERS, rng.randint(1, 4))),
        "context": _text(vocab, rng, rng.randint(30, 80)),
        "objectives": objectives,
        "prerequisites": rng.choice(("Aucun.", _text(vocab, rng, rng.randint(6, 15)))),
        "approach": _text(vocab, rng, rng.randint(30, 90)),
        "territory": city,
        "contact": f"{rng.choice(SETTINGS)} de {city}",
    }


def _zipf_choice(rng: random.Random, items, k: int = 1) -> list:
    weights = [1.0 / (rank + 1) for rank in range(len(items))]
    chosen: list = []
    while len(chosen) < k:
        item = rng.choices(items, weights=weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def generate_page(i: int, seed: int = 0, vocab: Vocabulary | None = None) -> dict:
    """Page i of the corpus of `seed`, as one line of the import format (a dict)."""
    vocab = vocab or load_vocabulary()
    rng = random.Random(f"{seed}:{i}")
    city = rng.choice(CITIES)
    kind = "practice" if rng.random() < 0.7 else "innovation"
    if kind == "practice":
        place = rng.choice(_PRACTICE_PLACES).format(city=city)
        title = f"{rng.choice(_PRACTICE_HEADS)} {rng.choice(_PRACTICE_OBJECTS)}{place}"
        fields = _practice_fields(vocab, rng, city)
    else:
        place = rng.choice(_INNOVATION_PLACES).format(
            city=city, audience=rng.choice(AUDIENCES).lower()
        )
        title = f"{rng.choice(_INNOVATION_HEADS)}{place}"
        fields = _innovation_fields(vocab, rng, city)
    roll = rng.random()
    if roll < 0.85:
        visibility = "public"
    elif roll < 0.95:
        visibility = "members"
    else:
        visibility = "group:" + rng.choice(GROUPS)[0]
    return {
        "slug": f"{slugify(title)[:80].rstrip('-')}-{i + 1}",
        "kind": kind,
        "title": title,
        "body": _body(vocab, rng, unique_token(i)),
        "tags": _zipf_choice(rng, list(CONTROLLED_VOCABULARY), rng.randint(1, 4)),
        "visibility": visibility,
        "author": _zipf_choice(rng, [email for email, _ in AUTHORS])[0],
        "fields": fields,
    }


def generate_pages(count: int, seed: int = 0) -> Iterator[dict]:
    vocab = load_vocabulary()
    for i in range(count):
        yield generate_page(i, seed, vocab)


def generate_lines(count: int, seed: int = 0) -> Iterator[str]:
    """The corpus as import-format lines (JSON, UTF-8, no trailing newline)."""
    for page in generate_pages(count, seed):
        yield json.dumps(page, ensure_ascii=False)


@dataclass(frozen=True)
class Query:
    text: str
    category: str  # word, words, phrase, kind, tag
    kind: str | None = None
    tag: str | None = None


QUERY_CATEGORIES = ("word", "words", "phrase", "kind", "tag")
PHRASE_SOURCE_PAGES = 50  # phrases come from the first pages, present at every size


def _query_word(vocab: Vocabulary, rng: random.Random) -> str:
    """A content word as often as the corpus uses it; sometimes typed without accents."""
    while True:
        word = vocab.draw(rng, 1)[0]
        if word in vocab.content:
            return fold(word, keep_case=True) if rng.random() < 0.2 else word


def _phrase(vocab: Vocabulary, rng: random.Random, seed: int, pages: int) -> str:
    page = generate_page(rng.randrange(pages), seed, vocab)
    sentences = [
        s
        for block in page["body"].split("\n")
        for s in block.split(". ")
        if s and not s.startswith("#")
    ]
    while True:
        words = rng.choice(sentences).lstrip("- ").split()
        length = rng.randint(2, 3)
        if len(words) <= length:
            continue
        start = rng.randrange(len(words) - length)
        chosen = words[start : start + length]
        if (
            all(w.isalpha() or "’" in w for w in chosen)
            and any(w.lower().split("’")[-1] in vocab.content for w in chosen)
            and not any(w.startswith("zorb") for w in chosen)
        ):
            return '"' + " ".join(chosen).lower() + '"'


def build_queries(count: int = 200, seed: int = 0, pages: int = PHRASE_SOURCE_PAGES) -> list[Query]:
    """The fixed query set: one word, several words, a phrase, with a kind or a tag filter."""
    vocab = load_vocabulary()
    rng = random.Random(f"queries:{seed}")
    pages = max(1, min(pages, PHRASE_SOURCE_PAGES))
    tags = list(CONTROLLED_VOCABULARY)
    queries = []
    for n in range(count):
        category = QUERY_CATEGORIES[n % len(QUERY_CATEGORIES)]
        if category == "word":
            queries.append(Query(_query_word(vocab, rng), category))
        elif category == "words":
            words = [_query_word(vocab, rng) for _ in range(rng.randint(2, 3))]
            queries.append(Query(" ".join(words), category))
        elif category == "phrase":
            queries.append(Query(_phrase(vocab, rng, seed, pages), category))
        elif category == "kind":
            words = [_query_word(vocab, rng) for _ in range(rng.randint(1, 2))]
            queries.append(
                Query(" ".join(words), category, kind=rng.choice(("practice", "innovation")))
            )
        else:
            queries.append(Query(_query_word(vocab, rng), category, tag=_zipf_choice(rng, tags)[0]))
    return queries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write N synthetic French pages as JSON Lines.")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    out = sys.stdout
    for line in generate_lines(args.count, args.seed):
        out.write(line + "\n")


if __name__ == "__main__":
    main()
