"""Snippets: where a page's text holds the searched words, HTML-escaped, the words in <mark>.

Twenty results ask for twenty snippets: Whoosh's highlighter, which builds and scores
fragments from every token, cost three quarters of a query. Here the text around the first
match is analysed once (the same analyzer as the index, so « l’accompagnement » marks what
« accompagner » found), and passages are cut around the matching words.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from markupsafe import Markup

from wiki.search.analysis import fold_same_length

SNIPPET_CHARS = 240  # one passage
CONTEXT_CHARS = 60  # shown before the first marked word of a passage
PASSAGES = 2
_WINDOW_BEFORE, _WINDOW_AFTER = CONTEXT_CHARS + 20, 2 * SNIPPET_CHARS + 40
_FOLDED_CHUNK = 1000  # the text is folded a chunk at a time, until a term is found
_BETWEEN = Markup(" … ")


def snippet(text: str, terms: set[str], analyzer) -> Markup | None:
    """Up to two passages of `text` around its words whose terms are in `terms`, in text
    order; None if no word of `text` matches."""
    if not text or not terms:
        return None
    window = _window(text, terms)
    matches = [
        (token.startchar, token.endchar)
        for token in analyzer(window, chars=True)
        if token.text in terms
    ]
    if not matches:
        return None
    return _BETWEEN.join(
        _marked(window, start, end, matches) for start, end in _passages(window, matches)
    )


def _window(text: str, terms: Iterable[str]) -> str:
    """The part of `text` from a little before the first place a term may occur.

    Analysing a whole long page for each result would cost more than the search; the terms
    are folded stems, found as they are in the folded text (a ligature, say, may hide one:
    then the whole text is read)."""
    if len(text) <= _WINDOW_BEFORE + _WINDOW_AFTER:
        return text
    first = _first_occurrence(text, [term for term in terms if term])
    if first is None:
        return text
    start = max(0, first - _WINDOW_BEFORE)
    while start > 0 and not text[start - 1].isspace():  # never start inside a word
        start -= 1
    return text[start : first + _WINDOW_AFTER]


def _first_occurrence(text: str, terms: list[str]) -> int | None:
    longest = max((len(term) for term in terms), default=0)
    for chunk_start in range(0, len(text), _FOLDED_CHUNK):
        # Chunks overlap by a term's length, so that a term across their border is found.
        chunk = text[chunk_start : chunk_start + _FOLDED_CHUNK + longest]
        folded = fold_same_length(chunk).lower()
        starts = [i for i in (folded.find(term) for term in terms) if i >= 0]
        if starts:
            return chunk_start + min(starts)
    return None


def _passages(text: str, matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) of the best passages: the most matches, then the earliest."""
    candidates = []
    index = 0
    while index < len(matches):
        start = _word_start(text, max(0, matches[index][0] - CONTEXT_CHARS), matches[index][0])
        end = min(len(text), start + SNIPPET_CHARS)
        inside = [m for m in matches[index:] if m[1] <= end] or [matches[index]]
        end = _word_end(text, end, inside[-1][1])
        candidates.append((len(inside), -start, start, end))
        index += len(inside)
    best = sorted(candidates, reverse=True)[:PASSAGES]
    return sorted((start, end) for _count, _neg, start, end in best)


def _word_start(text: str, start: int, first_match: int) -> int:
    """`start` moved forward to a word's beginning, if one comes before the first match."""
    if start == 0 or text[start - 1].isspace():
        return start
    space = text.find(" ", start, first_match)
    return space + 1 if space >= 0 else start


def _word_end(text: str, end: int, last_match: int) -> int:
    """`end` moved back to a word's end, if that keeps the last match."""
    if end >= len(text) or text[end].isspace():
        return end
    space = text.rfind(" ", last_match, end)
    return space if space >= 0 else end


def _marked(text: str, start: int, end: int, matches: list[tuple[int, int]]) -> Markup:
    pieces, position = [], start
    for match_start, match_end in matches:
        if match_start < start or match_end > end:
            continue
        pieces.append(html.escape(text[position:match_start], quote=False))
        pieces.append(f"<mark>{html.escape(text[match_start:match_end], quote=False)}</mark>")
        position = match_end
    pieces.append(html.escape(text[position:end], quote=False))
    # Every piece of the text was escaped; only the <mark> tags are markup.
    return Markup("".join(pieces).strip())  # noqa: S704
