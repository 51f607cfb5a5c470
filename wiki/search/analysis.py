"""The French analyzers: the same chain reads pages at indexing and queries at search time.

French as people type it: "l’accompagnement" and "accompagner", "educatrice" and
"éducatrices" must meet. The chain: words (apostrophes kept inside a word), elisions removed
(l’ d’ qu’ j’ n’ s’ c’ m’ t’ jusqu’ lorsqu’ puisqu’, straight or typographic apostrophe),
lower case, accents folded, French stop words, then the Snowball French stemmer.

Accents are folded *before* stemming so that a query typed without accents yields exactly
the stems of the accented text. Snowball expects accents on a few suffixes (-ité, -ée), so
those are put back on the folded word before it is stemmed.
"""

from __future__ import annotations

import functools
import re

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.lang.snowball.french import FrenchStemmer
from whoosh.lang.stopwords import stoplists

from wiki.content.folding import fold as fold_text

# A word: letters or digits, possibly joined by apostrophes (l'accueil, aujourd'hui).
WORD_PATTERN = r"\w+(?:['’]\w+)*"
ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\w)", re.IGNORECASE)

# The index holds what this table gives: changing it means `wiki index rebuild`. ŉ keeps the
# ʼ it had before the shared fold straightened it (a letter no French text uses).
_AS_INDEXED = {"ŉ": "ʼn"}


def _fold_table() -> dict[int, str]:
    """wiki.content.folding.fold with case kept, compiled for the Latin letters (U+00C0 to
    U+024F) and the apostrophes ’ ʼ: str.translate is the analyzer's hot path."""
    chars = [*map(chr, range(0xC0, 0x250)), "’", "ʼ"]
    table = {ord(c): folded for c in chars if (folded := fold_text(c, keep_case=True)) != c}
    table.update({ord(c): folded for c, folded in _AS_INDEXED.items()})
    return table


FOLD_TABLE = _fold_table()


_SAME_LENGTH_TABLE = {code: value for code, value in FOLD_TABLE.items() if len(value) == 1}


def fold_same_length(text: str) -> str:
    """Accents removed, ligatures kept: offsets in the result are offsets in `text`."""
    return text.translate(_SAME_LENGTH_TABLE)


def fold(text: str) -> str:
    """Accents and ligatures removed: "Éducatrice œuvrant" -> "Educatrice oeuvrant"."""
    return text.translate(FOLD_TABLE)


# Whoosh's French list (Snowball's) lacks a few of the commonest words.
EXTRA_STOP_WORDS = (
    "les",
    "cet",
    "cette",
    "cela",
    "ceci",
    "ça",
    "dont",
    "donc",
    "ni",
    "car",
    "si",
    "où",
    "lors",
)
FRENCH_STOP_WORDS = frozenset(fold(word) for word in (*stoplists["fr"], *EXTRA_STOP_WORDS))

_STEMMER = FrenchStemmer()
_ACCENTED_SUFFIXES = ((re.compile(r"ite(s?)$"), r"ité\1"), (re.compile(r"ee(s?)$"), r"ée\1"))


@functools.lru_cache(maxsize=200_000)
def stem_folded(word: str) -> str:
    """The Snowball French stem of a folded word, with the suffix accents it needs restored."""
    if len(word) > 5:
        for pattern, replacement in _ACCENTED_SUFFIXES:
            word = pattern.sub(replacement, word)
    return fold(_STEMMER.stem(word))


class ElisionFilter(Filter):
    """Drops the elided article or pronoun in front of a word: l’école -> école."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for token in tokens:
            match = ELISION.match(token.text)
            if match:
                cut = match.end()
                token.text = token.text[cut:]
                if getattr(token, "chars", False):
                    token.startchar += cut
            yield token


class FoldFilter(Filter):
    """Removes accents and ligatures, and makes every apostrophe a straight one."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def french_chain():
    """The reference chain, filter by filter: FrenchAnalyzer gives exactly its terms."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | ElisionFilter()
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=FRENCH_STOP_WORDS, minsize=2)
        | StemFilter(stemfn=stem_folded, cachesize=None)
    )  # stem_folded has its cache


def folding_chain():
    """The reference chain without the stemmer."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | ElisionFilter()
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=FRENCH_STOP_WORDS, minsize=2)
    )


_CHAINS = {True: functools.cache(french_chain), False: functools.cache(folding_chain)}
# Raw word (as the tokenizer matched it) -> (term, characters the elision cut, stop word?): one
# dict lookup per word instead of five filters. French text follows Zipf's law, so nearly
# every word is a hit; the caches are emptied if they ever grow past this size.
_TERM_CACHE_SIZE = 500_000
_TERM_CACHES: dict[bool, dict[str, tuple[str, int, bool]]] = {True: {}, False: {}}


def _term_of(raw: str, stem: bool) -> tuple[str, int, bool]:
    for token in _CHAINS[stem]()(raw, chars=True, removestops=False):
        return token.text, token.startchar, token.stopped
    raise AssertionError(f"no token for the word {raw!r}")


class FrenchAnalyzer(Tokenizer):
    """The French chain in one pass: regex words, then one cached lookup per raw word.

    Terms, positions, character offsets and stop marks are those of `french_chain()` (or
    `folding_chain()` when `stem` is False); tests compare them on whole corpora. Calls the
    fast path does not cover (untokenized text, no stemming asked) go to the chain.
    """

    def __init__(self, stem: bool = True):
        self.stem = stem
        self.is_morph = stem
        self.expression = re.compile(WORD_PATTERN)

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__ and self.stem == other.stem

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        no_morph=False,
        **kwargs,
    ):
        if not tokenize or keeporiginal or (no_morph and self.stem):
            yield from _CHAINS[self.stem and not no_morph]()(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=tokenize,
                mode=mode,
                **kwargs,
            )
            return
        stem = self.stem
        cache = _TERM_CACHES[stem]
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = None
        for index, match in enumerate(self.expression.finditer(value)):
            raw = match.group()
            try:
                text, cut, stopped = cache[raw]
            except KeyError:
                if len(cache) >= _TERM_CACHE_SIZE:
                    cache.clear()
                text, cut, stopped = cache[raw] = _term_of(raw, stem)
            if stopped:
                if removestops:
                    continue
                if positions:  # a stop word kept (highlighting) keeps its own place
                    token.pos = start_pos + index
            elif positions:
                # StopFilter's renumbering: the first word kept keeps its place, the next
                # ones follow it without gaps.
                pos = start_pos + index if pos is None else pos + 1
                token.pos = pos
            token.text = text
            token.boost = 1.0
            token.stopped = stopped
            if chars:
                token.startchar = start_char + match.start() + cut
                token.endchar = start_char + match.end()
            yield token


@functools.cache
def french_analyzer():
    """Stemmed French: for titles, bodies, fields and tag labels."""
    return FrenchAnalyzer(stem=True)


@functools.cache
def folding_analyzer():
    """Unstemmed but folded words: the exact title, places, sectors, authors."""
    return FrenchAnalyzer(stem=False)


def analyze(text: str, *, stem: bool = True) -> list[str]:
    """The terms a text gives (handy in tests and for debugging relevance)."""
    analyzer = french_analyzer() if stem else folding_analyzer()
    return [token.text for token in analyzer(text)]
