"""What queries read from the index's segments, as arrays, kept across searchers.

A Whoosh segment never changes once written (only the set of its deleted documents does),
so what is read from it stays true for as long as it lives: a term's postings, a field's
lengths, the values of a keyword field, a numeric column. Reading them costs Python work per
posting, once; an edit adds a small segment and leaves the arrays of the big ones warm.

Arrays are numbered by the segment's own document numbers; `matching.IndexView` lays the
segments of one searcher end to end.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.util.numeric import byte_to_length

from wiki.search.codec import column_bytes, stored_lengths

CACHE_BYTES = 384 * 1024 * 1024  # per process, unless WIKI_SEARCH_CACHE_MB says otherwise
EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)
# Field lengths are stored as one byte each (Whoosh's lossy encoding): decoded by lookup.
LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


class SegmentArrays:
    """An LRU of arrays keyed by (segment id, what); shared by the threads of a process."""

    def __init__(self, budget: int = CACHE_BYTES):
        self._budget = budget
        self._used = 0
        self._entries: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def resize(self, budget: int) -> None:
        with self._lock:
            self._budget = budget
            self._evict()

    def _evict(self) -> None:
        while self._used > self._budget and len(self._entries) > 1:
            _key, (_value, old_size) = self._entries.popitem(last=False)
            self._used -= old_size

    def get(self, key: tuple, compute):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry[0]
        value = compute()
        size = _nbytes(value)
        with self._lock:
            if key not in self._entries:
                self._entries[key] = (value, size)
                self._used += size
            self._evict()
        return value

    def forget_segments_except(self, live_segments: set[str]) -> None:
        """Drop what belongs to segments merged away (their ids never come back)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] not in live_segments]:
                self._used -= self._entries.pop(key)[1]


def _nbytes(value) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes + 100
    if isinstance(value, tuple | list):
        return sum(_nbytes(v) for v in value) + 100
    if isinstance(value, dict):
        return sum(_nbytes(v) + 100 for v in value.values()) + 100
    return 100


ARRAYS = SegmentArrays()


def segment_id(segment_reader) -> str:
    return segment_reader.segment().segment_id()


def postings(segment_reader, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The documents of the segment that hold `text` in `fieldname`, with the term's weight
    (its frequency) in each: (int32 document numbers, float32 weights), deleted ones included."""
    key = (segment_id(segment_reader), "postings", fieldname, text)
    return ARRAYS.get(key, lambda: _read_postings(segment_reader, fieldname, text))


def _read_postings(segment_reader, fieldname: str, text: bytes):
    id_parts, weight_parts = [], []
    for ids, weights, _values, count in _blocks(segment_reader, fieldname, text):
        id_parts.append(ids)
        if weights is None:
            weight_parts.append(np.ones(count, dtype=np.float32))
        elif isinstance(weights, float):
            weight_parts.append(np.full(count, weights, dtype=np.float32))
        elif isinstance(weights, bytes):  # the wiki's block format
            weight_parts.append(np.frombuffer(weights, dtype=np.float32))
        else:
            weight_parts.append(np.array(weights, dtype=np.float32))
    if not id_parts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    return np.concatenate(id_parts).astype(np.int32), np.concatenate(weight_parts)


def _blocks(segment_reader, fieldname: str, text: bytes):
    """Each block of the term's postings: (ids as an array, weights, values, count).

    A block is a pickled (ids, weights, values), in Whoosh's format (tuples) or
    the wiki's (arrays' bytes). Decoding whole blocks at once skips Whoosh's
    per-posting calls, the cost that made a common word slow on a large index. Deleted
    documents stay in: the searcher's view masks them (Whoosh's own postings() would filter
    them one by one)."""
    if (fieldname, text) not in segment_reader:
        return
    matcher = segment_reader._terms.matcher(
        fieldname, text, segment_reader.schema[fieldname].format
    )
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term index
        while matcher.is_active():
            yield (
                np.array([matcher.id()], dtype=np.int64),
                matcher.weight(),
                (matcher.value(),),
                1,
            )
            matcher.next()
        return
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        ids, weights, values = matcher._data
        yield _block_ids(ids), weights, values, matcher._blocklength
        matcher._next_block()


def positions(segment_reader, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Every occurrence of `text` in `fieldname` in the segment: (int32 document number,
    int32 position) per occurrence. The field must store CompactPositions."""
    key = (segment_id(segment_reader), "positions", fieldname, text)
    return ARRAYS.get(key, lambda: _read_positions(segment_reader, fieldname, text))


def _read_positions(segment_reader, fieldname: str, text: bytes):
    id_parts, joined, lengths = [], [], []
    for ids, _weights, values, _count in _blocks(segment_reader, fieldname, text):
        id_parts.append(ids)
        if isinstance(values, list):  # the wiki's block format: joined, with lengths
            joined.append(values[0])
            lengths.append(np.frombuffer(values[1], dtype=np.uint32))
        else:
            joined.extend(values)
            lengths.append(np.fromiter(map(len, values), dtype=np.uint32, count=len(values)))
    if not id_parts:
        return EMPTY_IDS, EMPTY_IDS
    counts = np.concatenate(lengths).astype(np.int64) // 4
    found = np.frombuffer(b"".join(joined), dtype="<u4").astype(np.int32)
    return np.repeat(np.concatenate(id_parts), counts).astype(np.int32), found


def _block_ids(ids) -> np.ndarray:
    if isinstance(ids, bytes):  # the wiki's block format: the numbers themselves
        return np.frombuffer(ids, dtype=np.uint32).astype(np.int64)
    return np.cumsum(np.array(ids, dtype=np.int64))  # Whoosh's: deltas


def field_lengths(segment_reader, fieldname: str) -> np.ndarray:
    """Each document's length in `fieldname` (in terms), as float32."""
    key = (segment_id(segment_reader), "lengths", fieldname)
    return ARRAYS.get(key, lambda: _read_lengths(segment_reader, fieldname))


def _read_lengths(segment_reader, fieldname: str) -> np.ndarray:
    count = segment_reader.doc_count_all()
    # Whoosh's per-document reader (pinned version) holds the lengths.
    raw = stored_lengths(segment_reader._perdoc, fieldname) or b""
    raw = raw[:count] + bytes(max(0, count - len(raw)))
    return LENGTHS[np.frombuffer(raw, dtype=np.uint8)]


def numeric_column(segment_reader, fieldname: str) -> np.ndarray:
    """A sortable numeric column's raw values (dates as Whoosh's integers), as int64."""
    key = (segment_id(segment_reader), "column", fieldname)
    return ARRAYS.get(key, lambda: _read_numeric(segment_reader, fieldname))


def _read_numeric(segment_reader, fieldname: str) -> np.ndarray:
    count = segment_reader.doc_count_all()
    column = segment_reader.column_reader(fieldname, translate=False)
    typecode = getattr(column, "_typecode", None)
    if typecode is not None and hasattr(column, "_basepos"):
        values = np.frombuffer(column_bytes(column), dtype=">" + typecode).astype(np.int64)
        default = column._default
    else:  # an unexpected column kind: read it value by value
        values, default = np.array(list(column), dtype=np.int64), 0
    if len(values) < count:
        values = np.concatenate([values, np.full(count - len(values), default, np.int64)])
    return values


def keyword_values(segment_reader, fieldname: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every value of a keyword field in the segment and where it is: (values, the value's
    index for each posting, the posting's document number), read from the postings."""
    key = (segment_id(segment_reader), "keywords", fieldname)
    return ARRAYS.get(key, lambda: _read_keywords(segment_reader, fieldname))


def _read_keywords(segment_reader, fieldname: str):
    values: list[str] = []
    value_index: list[np.ndarray] = []
    documents: list[np.ndarray] = []
    for text in segment_reader.lexicon(fieldname):
        ids, _weights = _read_postings(segment_reader, fieldname, text)
        value_index.append(np.full(len(ids), len(values), dtype=np.int32))
        documents.append(ids)
        values.append(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    if not values:
        return [], EMPTY_IDS, EMPTY_IDS
    return values, np.concatenate(value_index), np.concatenate(documents)
