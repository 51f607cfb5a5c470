"""A parsed query evaluated over the whole index at once, with arrays.

Whoosh's matchers walk the postings one document at a time in Python: with exact totals and
facet counts, a common word on 100,000 pages cost about a second. Here each term's postings
are arrays (segments.py, read once per segment) and the query tree becomes array operations:
which documents match (a boolean mask: the total and the facet counts are counted on it) and
their BM25F score (Whoosh's formula, field boosts included), from which the best are picked.

A reader's query is scored with the statistics of the pages they may see (`seen_by`): BM25's
weight of a word counts the pages holding it, and counting hidden ones too would let a score
tell whether a page one may not read uses a word (write it in a page of one's own, search it).

Phrases read the positions of their words as arrays too (schema.CompactPositions): a phrase
matches where its words follow each other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from math import log

import numpy as np
from whoosh import query as wq
from whoosh.reading import MultiReader

from wiki.search import segments
from wiki.search.schema import CompactPositions

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults


@dataclass
class Match:
    mask: np.ndarray  # bool, one per document number: does the document match
    scores: np.ndarray  # float32, its score (meaningful where mask is set)


class IndexView:
    """One searcher's segments laid end to end: a document number is the segment's offset
    plus its number in the segment, as in Whoosh's own MultiReader."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        if isinstance(reader, MultiReader):
            self.parts = list(zip(reader.readers, reader.doc_offsets, strict=True))
        elif searcher.doc_count_all():
            self.parts = [(reader, 0)]
        else:
            self.parts = []
        self.size = searcher.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for subreader, offset in self.parts:
            deleted = list(subreader.segment().deleted_docs())
            if deleted:
                self.live[offset + np.array(deleted, dtype=np.int64)] = False
        segments.ARRAYS.forget_segments_except(
            {segments.segment_id(subreader) for subreader, _ in self.parts}
        )
        self._columns: dict[tuple[str, str], np.ndarray] = {}
        self._keywords: dict[str, tuple] = {}
        self._idf: dict[tuple, float] = {}

    # --- what the index holds, as arrays over document numbers ---

    def postings(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, weights) of the term's postings in every segment."""
        term = self.searcher.schema[fieldname].to_bytes(text)
        return self._end_to_end(
            [segments.postings(subreader, fieldname, term) for subreader, _ in self.parts],
            segments.EMPTY_WEIGHTS,
        )

    def positions(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """(document number, position) of each occurrence of the term in every segment."""
        term = self.searcher.schema[fieldname].to_bytes(text)
        return self._end_to_end(
            [segments.positions(subreader, fieldname, term) for subreader, _ in self.parts],
            segments.EMPTY_IDS,
        )

    def _end_to_end(self, parts: list[tuple[np.ndarray, np.ndarray]], empty: np.ndarray):
        """Per-segment (documents, values) as one pair, documents numbered from each
        segment's offset (int64: phrases shift them into keys)."""
        if not parts:
            return segments.EMPTY_IDS.astype(np.int64), empty
        documents = np.concatenate(
            [
                docs.astype(np.int64) + offset
                for (docs, _v), (_r, offset) in zip(parts, self.parts, strict=True)
            ]
        )
        return documents, np.concatenate([values for _docs, values in parts])

    def term_mask(self, fieldname: str, text) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.postings(fieldname, text)[0]] = True
        return mask

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in `fieldname` (in terms)."""
        return self._laid_end_to_end("lengths", fieldname, segments.field_lengths, np.float32)

    def numeric(self, fieldname: str) -> np.ndarray:
        """A sortable numeric column's raw values (dates as Whoosh's integers)."""
        return self._laid_end_to_end("numeric", fieldname, segments.numeric_column, np.int64)

    def _laid_end_to_end(self, kind: str, fieldname: str, read, dtype) -> np.ndarray:
        key = (kind, fieldname)
        if key not in self._columns:
            parts = [read(subreader, fieldname) for subreader, _ in self.parts]
            self._columns[key] = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
        return self._columns[key]

    def keywords(self, fieldname: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every value of a keyword field: (values, value index per posting, document)."""
        if fieldname not in self._keywords:
            values: dict[str, int] = {}
            indexes, documents = [], []
            for subreader, offset in self.parts:
                local_values, local_index, local_docs = segments.keyword_values(
                    subreader, fieldname
                )
                if not local_values:
                    continue
                to_global = np.array(
                    [values.setdefault(v, len(values)) for v in local_values], dtype=np.int32
                )
                indexes.append(to_global[local_index])
                documents.append(local_docs.astype(np.int64) + offset)
            self._keywords[fieldname] = (
                list(values),
                np.concatenate(indexes) if indexes else segments.EMPTY_IDS,
                np.concatenate(documents) if documents else segments.EMPTY_IDS,
            )
        return self._keywords[fieldname]

    def having(self, fieldname: str, wanted: set[str]) -> np.ndarray:
        """The live documents whose keyword field holds one of the `wanted` values."""
        values, indexes, documents = self.keywords(fieldname)
        chosen = np.array([value in wanted for value in values] or [False], dtype=bool)
        mask = np.zeros(self.size, dtype=bool)
        if len(documents):
            mask[documents[chosen[indexes]]] = True
        return mask & self.live

    def counts(self, fieldname: str, among: np.ndarray) -> dict[str, int]:
        """How many documents of `among` hold each value of a keyword field."""
        values, indexes, documents = self.keywords(fieldname)
        if not values:
            return {}
        counted = np.bincount(indexes[among[documents]], minlength=len(values))
        return {values[i]: int(n) for i, n in enumerate(counted) if n}

    def idf(self, fieldname: str, text) -> float:
        key = (fieldname, text)
        if key not in self._idf:
            self._idf[key] = self.searcher.idf(fieldname, text)
        return self._idf[key]

    def average_length(self, fieldname: str) -> float:
        return self.searcher.avg_field_length(fieldname) or 1.0

    def key_terms(self, fieldname: str, text: str, number: int) -> list[tuple[str, float]]:
        """The `number` words of `text` that best tell it apart (Whoosh's Bo1 model)."""
        return self.searcher.key_terms_from_text(fieldname, text, numterms=number)

    def seen_by(self, audience: np.ndarray) -> IndexView:
        """This view with the statistics of the live documents of `audience` (a reader's
        visible pages) alone. Always, even when they are every document: Whoosh's own
        statistics would count deleted documents (former versions, masked ones included)
        and lengths exactly, so switching between the two would itself tell something."""
        return ScopedView(self, audience)

    # --- evaluating a query ---

    def evaluate(self, query) -> Match:
        return _EVALUATORS.get(type(query), _evaluate_with_whoosh)(self, query)

    def empty(self) -> Match:
        return Match(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float32))


class ScopedView(IndexView):
    """An IndexView whose statistics are those of the live documents of `audience`: how
    many there are, how many hold a word, their average lengths. The arrays read from the
    index are the view's own (shared, not read again)."""

    def __init__(self, view: IndexView, audience: np.ndarray) -> None:  # no super(): the
        vars(self).update(vars(view))  # index is not read again, its arrays are shared
        self.audience = audience & view.live
        self.count = int(np.count_nonzero(self.audience))
        self._idf = {}
        self._averages: dict[str, float] = {}

    def idf(self, fieldname: str, text) -> float:
        key = (fieldname, text)
        if key not in self._idf:
            held = int(np.count_nonzero(self.audience[self.postings(fieldname, text)[0]]))
            self._idf[key] = log(max(self.count, 1) / (held + 1)) + 1  # as Whoosh's idf
        return self._idf[key]

    def average_length(self, fieldname: str) -> float:
        if fieldname not in self._averages:
            total = float(self.lengths(fieldname)[self.audience].sum())
            self._averages[fieldname] = total / self.count if self.count else 0.0
        return self._averages[fieldname] or 1.0

    def key_terms(self, fieldname: str, text: str, number: int) -> list[tuple[str, float]]:
        """Whoosh's Bo1 key terms (classify.Expander), with the collection frequency and the
        number of documents of the audience."""
        field = self.searcher.schema[fieldname]
        in_text: dict[str, float] = defaultdict(float)
        for token, _pos, weight, _value in field.index(text):
            in_text[field.from_bytes(token)] += weight
        scored = []
        for word, weight in in_text.items():
            documents, weights = self.postings(fieldname, word)
            frequency = float(weights[self.audience[documents]].sum())
            if frequency:
                f = frequency / self.count
                scored.append((weight * log((1 + f) / f, 2) + log(1 + f, 2), word))
        if not scored:
            return []
        top = max(score for score, _word in scored)
        f = top / self.count
        norm = (top * log((1 + f) / f) + log(1 + f)) / log(2)  # Bo1Model.normalizer
        ranked = sorted(
            ((score / norm, word) for score, word in scored), key=lambda x: (-x[0], x[1])
        )
        return [(word, score) for score, word in ranked[:number]]


def best_first(candidates: np.ndarray, keys: np.ndarray, count: int) -> np.ndarray:
    """The document numbers of the `count` candidates with the highest `keys`, ties by
    document number: the same order whatever `count` is, so pages never overlap."""
    documents = np.flatnonzero(candidates)
    if not len(documents):
        return documents
    values = keys[documents]
    if len(documents) > count:
        threshold = np.partition(values, len(values) - count)[len(values) - count]
        kept = values >= threshold  # every tie at the threshold, for a stable order
        documents, values = documents[kept], values[kept]
    order = np.lexsort((documents, -values.astype(np.float64)))
    return documents[order][:count]


# --- one evaluator per kind of query node -----------------------------------------------------


def _term(view: IndexView, query) -> Match:
    ids, weights = view.postings(query.fieldname, query.text)
    match = view.empty()
    if not len(ids):
        return match
    match.mask[ids] = True
    field = view.searcher.schema[query.fieldname]
    if field.scorable:
        average = view.average_length(query.fieldname)
        lengths = view.lengths(query.fieldname)[ids]
        idf = view.idf(query.fieldname, query.text)
        match.scores[ids] = (
            query.boost
            * idf
            * (weights * (K1 + 1))
            / (weights + K1 * ((1 - B) + B * lengths / average))
        )
    else:
        match.scores[ids] = query.boost
    return match


def _and(view: IndexView, query) -> Match:
    children = [view.evaluate(child) for child in query.subqueries]
    if not children:
        return view.empty()
    mask = np.logical_and.reduce([child.mask for child in children])
    scores = np.add.reduce([child.scores for child in children]) * query.boost
    return Match(mask, scores.astype(np.float32))


def _or(view: IndexView, query) -> Match:
    children = [view.evaluate(child) for child in query.subqueries]
    if not children:
        return view.empty()
    mask = np.logical_or.reduce([child.mask for child in children])
    scores = np.add.reduce([np.where(child.mask, child.scores, 0) for child in children])
    if query.scale:  # the relaxed query: pages with more of the words come first
        matched = np.add.reduce([child.mask.astype(np.float32) for child in children])
        scores = scores * (matched / len(children))
    return Match(mask, (scores * query.boost).astype(np.float32))


def _not(view: IndexView, query) -> Match:
    excluded = view.evaluate(query.query)
    return Match(~excluded.mask, np.zeros(view.size, dtype=np.float32))


def _and_not(view: IndexView, query) -> Match:
    kept, excluded = view.evaluate(query.a), view.evaluate(query.b)
    return Match(kept.mask & ~excluded.mask, kept.scores)


def _and_maybe(view: IndexView, query) -> Match:
    required, optional = view.evaluate(query.a), view.evaluate(query.b)
    return Match(required.mask, required.scores + np.where(optional.mask, optional.scores, 0))


def _every(view: IndexView, _query) -> Match:
    return Match(np.ones(view.size, dtype=bool), np.zeros(view.size, dtype=np.float32))


def _nothing(view: IndexView, _query) -> Match:
    return view.empty()


def _phrase(view: IndexView, query) -> Match:
    words = list(query.words)
    terms = [_term(view, wq.Term(query.fieldname, word, boost=query.boost)) for word in words]
    mask = np.logical_and.reduce([term.mask for term in terms])
    scores = np.add.reduce([term.scores for term in terms])
    if len(words) > 1 and mask.any():
        format_ = view.searcher.schema[query.fieldname].format
        if isinstance(format_, CompactPositions) and query.slop == 1:
            mask = _in_sequence(view, query.fieldname, words, mask)
        else:
            mask &= _whoosh_mask(view, query)
    return Match(mask, scores.astype(np.float32))


_POSITION_BITS = 32


def _in_sequence(
    view: IndexView, fieldname: str, words: list[str], candidates: np.ndarray
) -> np.ndarray:
    """The candidates where the words follow each other: word i at position p + i.

    Each occurrence becomes one integer (document, position - i), in increasing order; the
    phrase is where the integers of every word meet."""
    starts = None
    for index, word in enumerate(words):
        documents, positions = view.positions(fieldname, word)
        kept = candidates[documents] & (positions >= index)
        keys = (documents[kept] << _POSITION_BITS) | (positions[kept] - index).astype(np.int64)
        starts = keys if starts is None else _common(starts, keys)
        if not len(starts):
            break
    mask = np.zeros(view.size, dtype=bool)
    if starts is not None:  # None only without words
        mask[starts >> _POSITION_BITS] = True
    return mask


def _evaluate_with_whoosh(view: IndexView, query) -> Match:
    """A kind of query the wiki does not produce itself: Whoosh finds it, unscored."""
    return Match(_whoosh_mask(view, query), np.zeros(view.size, dtype=np.float32))


def _whoosh_mask(view: IndexView, query) -> np.ndarray:
    mask = np.zeros(view.size, dtype=bool)
    found = list(view.searcher.docs_for_query(query))
    if found:
        mask[np.array(found, dtype=np.int64)] = True
    return mask


def _common(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The values in both sorted arrays of distinct values (keys are made in postings order:
    document, then position), by binary search of the smaller in the larger."""
    if len(first) > len(second):
        first, second = second, first
    if not len(first):
        return first
    places = np.minimum(np.searchsorted(second, first), len(second) - 1)
    return first[second[places] == first]


_EVALUATORS = {
    wq.Term: _term,
    wq.And: _and,
    wq.Or: _or,
    wq.Not: _not,
    wq.AndNot: _and_not,
    wq.AndMaybe: _and_maybe,
    wq.Every: _every,
    wq.Phrase: _phrase,
    type(wq.NullQuery): _nothing,
}
