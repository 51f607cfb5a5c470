"""The thesaurus at query time: a query's synonyms and acronyms, found on analysed words.

The thesaurus (synonym groups and acronyms, kept by the moderators in the database, seeded
from wiki/content/thesaurus_*.txt) is compiled once per process and version: each search
reads the one-row version counter, and compiles again only when a change raised it (in
this process or another). Nothing of it is in the index: editing it needs no reindexing.

Terms are compared as the index reads text: each word analysed (elision, case, accents,
stop words, stem), so « Travail en réseaux » is the term « travail en réseau ». A stop
word cannot be searched, except an acronym written in capitals (AS, ES, ME, JE): it is
recognised as typed, and only so.

A query is expanded where its words spell a term: that part of the query becomes « the
words typed, or one of the term's alternatives », the alternatives weighing
SYNONYM_WEIGHT of the words typed, so that pages with the words typed rank first.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from whoosh import query as wq

from wiki.extensions import db
from wiki.models import ThesaurusEntry, ThesaurusState
from wiki.search.analysis import WORD_PATTERN, analyze

SYNONYM_WEIGHT = 0.4  # an alternative's score, against the words typed
MAX_SPANS = 8  # terms expanded in one query
MAX_ALTERNATIVES = 12  # alternatives of one term
DATA = Path(__file__).resolve().parent.parent / "content"
SYNONYMS_FILE = DATA / "thesaurus_synonyms.txt"
ACRONYMS_FILE = DATA / "thesaurus_acronyms.txt"

_WORD = re.compile(WORD_PATTERN)
_OPERATOR = re.compile(r"AND|OR|NOT|ANDNOT|ANDMAYBE")
_BREAKS = re.compile(r'["()]')
_PHRASE = re.compile(r'"[^"]*"')


@dataclass(frozen=True)
class Entry:
    kind: str  # "synonyms" or "acronym"
    acronym: str | None
    terms: tuple[str, ...]


# --- the project's lists ----------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


@functools.cache
def base_entries() -> tuple[Entry, ...]:
    """The project's synonym groups and acronyms (what `wiki init` seeds the database with)."""
    entries = [
        Entry("synonyms", None, tuple(t.strip() for t in line.split("|") if t.strip()))
        for line in _lines(SYNONYMS_FILE)
    ]
    for line in _lines(ACRONYMS_FILE):
        acronym, _sep, expansions = line.partition(":")
        entries.append(
            Entry(
                "acronym",
                acronym.strip(),
                tuple(t.strip() for t in expansions.split("|") if t.strip()),
            )
        )
    return tuple(entries)


# --- analysed forms ---------------------------------------------------------------------


def word_key(raw: str, caps: frozenset[str] | set[str] = frozenset()) -> str | None:
    """What a word is to the thesaurus: its stem; for a stop word, "=AS" if it is one of the
    `caps` acronyms written as typed; else None (a word the search ignores)."""
    stems = analyze(raw)
    if stems:
        return stems[0]
    return f"={raw}" if raw in caps else None


def term_key(text: str, caps: frozenset[str] | set[str] = frozenset()) -> tuple[str, ...]:
    return tuple(key for raw in _WORD.findall(text) if (key := word_key(raw, caps)))


def acronym_key(acronym: str) -> tuple[str, ...]:
    """An acronym's key: its analysed form, or "=AS" for one the analyzer drops."""
    return term_key(acronym) or (f"={acronym}",)


class Thesaurus:
    """The compiled thesaurus: for each term's key, the texts it also finds."""

    def __init__(self, entries) -> None:
        self.caps: set[str] = set()
        self.words: set[str] = set()  # every word of every term: never « corrected »
        self.acronyms: set[str] = set()
        self.alternatives: dict[tuple[str, ...], dict[tuple[str, ...], str]] = {}
        for entry in entries:
            if entry.kind == "acronym":
                self.acronyms.add(entry.acronym.lower())
                key = acronym_key(entry.acronym)
                if key[0].startswith("="):
                    self.caps.add(entry.acronym)
                for expansion in entry.terms:
                    self._link(key, entry.acronym, term_key(expansion), expansion)
            else:
                keyed = [(term_key(term), term) for term in entry.terms]
                for key, term in keyed:
                    for other_key, other in keyed:
                        self._link(key, term, other_key, other)
        self.longest = max((len(key) for key in self.alternatives), default=0)

    def _link(self, key, term, other_key, other) -> None:
        self.words.update(key)
        self.words.update(other_key)
        if not key or not other_key or key == other_key:
            return
        for one_key, two, two_key in ((key, other, other_key), (other_key, term, key)):
            if any(word.startswith("=") for word in two_key):
                continue  # « AS » cannot be searched: the index drops stop words
            self.alternatives.setdefault(one_key, {}).setdefault(two_key, two)

    def protects(self, word: str) -> bool:
        """Whether `word` is (part of) a thesaurus term or an acronym, in any case."""
        if word.lower() in self.acronyms:
            return True
        key = word_key(word, self.caps)
        return key is not None and key in self.words

    def spans(self, q: str) -> list[tuple[int, int, list[str], bool]]:
        """The places of `q` that spell a term: (start, end, alternatives, quoted).

        Outside double quotes, the longest term read from each word on (words apart only
        by spaces, hyphens and stop words: never across quotes, parentheses or AND, OR,
        NOT); a phrase in quotes only if it is a whole term."""
        found: list[tuple[int, int, list[str], bool]] = []
        phrases = [(m.start(), m.end()) for m in _PHRASE.finditer(q)]
        for start, end in phrases:
            self._quoted(q, start, end, found)
        run: list[tuple[str, int, int]] = []  # (key, start, end) of consecutive words
        last_end = 0
        for match in _WORD.finditer(q):
            between, last_end = q[last_end : match.start()], match.end()
            raw = match.group()
            if (
                _BREAKS.search(between)
                or _OPERATOR.fullmatch(raw)
                or any(start <= match.start() < end for start, end in phrases)
            ):
                self._longest(run, found)
                run = []
                if _OPERATOR.fullmatch(raw) or any(
                    start <= match.start() < end for start, end in phrases
                ):
                    continue
            key = word_key(raw, self.caps)
            if key is not None:
                run.append((key, match.start(), match.end()))
        self._longest(run, found)
        return sorted(found)[:MAX_SPANS]

    def _quoted(self, q: str, start: int, end: int, found: list) -> None:
        key = term_key(q[start + 1 : end - 1], self.caps)
        if key in self.alternatives:
            found.append((start, end, self._texts(key), True))

    def _longest(self, run: list[tuple[str, int, int]], found: list) -> None:
        index = 0
        while index < len(run):
            for length in range(min(self.longest, len(run) - index), 0, -1):
                key = tuple(word for word, _s, _e in run[index : index + length])
                if key in self.alternatives:
                    found.append(
                        (run[index][1], run[index + length - 1][2], self._texts(key), False)
                    )
                    index += length
                    break
            else:
                index += 1

    def _texts(self, key: tuple[str, ...]) -> list[str]:
        return list(self.alternatives[key].values())[:MAX_ALTERNATIVES]


# --- the query tree -----------------------------------------------------------------------


def expand(q: str, parse, thesaurus: Thesaurus, parse_alternative=None):
    """`q` parsed (by `parse(text)`), each term it spells widened to its alternatives
    (parsed by `parse_alternative`, by default `parse`)."""
    parse_alternative = parse_alternative or parse
    spans = thesaurus.spans(q)
    if not spans:
        return parse(q)
    pieces, marks, cursor = [], {}, 0
    for number, (start, end, alternatives, _quoted) in enumerate(spans):
        mark = _placeholder(number)
        pieces += [q[cursor:start], f" {mark} "]
        cursor = end
        exact = parse(q[start:end])
        widened = [exact]
        for text in alternatives:
            alternative = parse_alternative(f'"{text}"' if len(_WORD.findall(text)) > 1 else text)
            if isinstance(alternative, type(wq.NullQuery)):
                continue
            alternative = alternative.copy()
            alternative.boost = alternative.boost * SYNONYM_WEIGHT
            widened.append(alternative)
        for form in (*analyze(mark), *analyze(mark, stem=False)):
            marks[form] = wq.Or(widened) if len(widened) > 1 else exact
    pieces.append(q[cursor:])
    return _replace(parse("".join(pieces)), marks)


def _placeholder(number: int) -> str:
    return "qqsynonyme" + "".join(chr(ord("a") + int(d)) for d in str(number)) + "qq"


def _replace(node, marks: dict):
    leaves = list(node.leaves()) if not node.is_leaf() else [node]
    texts = {leaf.text for leaf in leaves if isinstance(leaf, wq.Term)}
    if len(texts) == 1 and len(leaves) == len(
        [leaf for leaf in leaves if isinstance(leaf, wq.Term)]
    ):
        text = texts.pop()
        if text in marks:
            return marks[text]
    if node.is_leaf():
        return node
    copy = node.copy()
    if hasattr(copy, "subqueries"):
        copy.subqueries = [_replace(child, marks) for child in node.subqueries]
    elif hasattr(copy, "a"):
        copy.a, copy.b = _replace(node.a, marks), _replace(node.b, marks)
    elif hasattr(copy, "child"):
        copy.child = _replace(node.child, marks)
    return copy


# --- the current thesaurus, per process ---------------------------------------------------


def database_version(session) -> int | None:
    return session.scalar(select(ThesaurusState.version).where(ThesaurusState.id == 1))


def current_thesaurus() -> Thesaurus:
    """The thesaurus as the database holds it now: compiled again only when its version
    changed (one small query per search)."""
    cache = current_app.extensions.setdefault("wiki_thesaurus", {})
    version = database_version(db.session)
    if cache.get("version") != version or "thesaurus" not in cache:
        rows = db.session.scalars(select(ThesaurusEntry)).all() if version is not None else []
        cache["thesaurus"] = Thesaurus(
            Entry(row.kind, row.acronym, tuple(row.terms)) for row in rows
        )
        cache["version"] = version
    return cache["thesaurus"]
