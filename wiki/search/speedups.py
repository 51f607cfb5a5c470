"""Where Whoosh (2.7.5, pinned) spends time for nothing, and the cure.

- When it writes a segment's postings, Whoosh asks the segment's per-document reader for
  each posting's field length, one seek and one read in the lengths file per posting: a
  fifth of the time spent indexing a page. The segment writer now reads each field's
  lengths once, into a list.
- Opening a segment copies each of its files, mapped in memory, into a BytesIO: on 100,000
  pages a new searcher (after every edit) copied the whole index, ~200 ms and as much
  memory again. The files are now read through the mapping.
- A block of postings (up to 128) is pickled as tuples of Python numbers and of byte
  strings: reading a common word's postings meant unpickling hundreds of thousands of
  objects. Blocks are now written as arrays' bytes (document numbers, weights, and the
  positions joined with their lengths), which a query turns into numpy arrays at once
  (segments.py); Whoosh's own reader understands both kinds of block.

`install()` is called by the indexer on import; forked indexing processes inherit it.

(Whoosh's inlining of single postings in the term index, `inlinelimit`, would spare an
edit's one-page segment a block per term, but it is broken in this version: the writer
calls a method that was renamed, and merging inlined postings fails.)
"""

from __future__ import annotations

from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PostingsWriter
from whoosh.filedb.structfile import BufferFile
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


def column_bytes(column) -> bytes:
    """All the bytes of a fixed-size column (a numeric one: lengths, dates), in one read."""
    return column._dbfile.get(column._basepos, column._count * column._fixedlen)


def stored_lengths(perdoc, fieldname: str) -> bytes | None:
    """A field's length byte for each document of a segment (fewer at the end where they are
    0), from its per-document reader; None if the field keeps no lengths."""
    column_name = f"_{fieldname}_len"
    if not perdoc.has_column(column_name):
        return None
    return column_bytes(perdoc.column_reader(column_name, LENGTHS_COLUMN))


class _LengthsInMemory:
    """doc_field_length() of a per-document reader, from each field's lengths read once."""

    def __init__(self, perdoc):
        self._perdoc = perdoc
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._fields.get(fieldname)
        if lengths is None:
            lengths = self._fields[fieldname] = self._read(fieldname)
        return lengths[docnum] if docnum < len(lengths) else default

    def _read(self, fieldname: str) -> list[int]:
        return [_LENGTH_OF_BYTE[b] for b in stored_lengths(self._perdoc, fieldname) or b""]

    def close(self) -> None:
        self._perdoc.close()


def _flush_segment(self) -> None:
    """SegmentWriter._flush_segment, with the lengths read once per field."""
    self.perdocwriter.close()
    lengths = _LengthsInMemory(self.per_document_reader()) if self.codec.length_stats else None
    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
    self.fieldwriter.close()
    if lengths is not None:
        lengths.close()


class _MappedFile:
    """A read-only file over a memoryview of the mapped index, without copying it."""

    def __init__(self, view):
        self._view = view
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._position + size
        data = self._view[self._position:end].tobytes()
        self._position += len(data)
        return data

    def peek(self, size: int = 0) -> bytes:
        """What follows, not consumed: the unpickler reads a block's header from it in one
        call instead of one read per opcode (a few hundred bytes suffice)."""
        return self._view[self._position:self._position + min(max(size, 1), 512)].tobytes()

    def readline(self, size: int = -1) -> bytes:
        line = b""
        while not line.endswith(b"\n") and self._position < len(self._view):
            chunk = self.read(256)
            cut = chunk.find(b"\n")
            if cut >= 0:
                self._position -= len(chunk) - cut - 1
                chunk = chunk[:cut + 1]
            line += chunk
        return line

    def seek(self, position: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._position, 2: len(self._view)}[whence]
        self._position = base + position
        return self._position

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._view = memoryview(b"")


def _buffer_file_init(self, buf, name=None, onclose=None):
    """BufferFile.__init__, reading `buf` in place rather than from a copy."""
    self._buf = buf
    self._name = name
    self.file = _MappedFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _mini_ids(self):
    """Document numbers as an array's bytes (Whoosh: a tuple of deltas)."""
    if self._byteids:
        return _ORIGINAL["mini_ids"](self)
    return self._ids.tobytes()


def _mini_weights(self):
    weights = self._weights
    if all(w == 1.0 for w in weights):
        return None
    if all(w == weights[0] for w in weights):
        return weights[0]
    return weights.tobytes()


def _mini_values(self):
    """Variable-size values (positions) joined, with their lengths: a list, where Whoosh
    writes a tuple of byte strings."""
    fixedsize = self._format.fixed_value_size()
    if fixedsize is None or fixedsize < 0:
        return [b"".join(self._values), array("I", map(len, self._values)).tobytes()]
    return _ORIGINAL["mini_values"](self)


def _array_of(typecode: str, data: bytes) -> array:
    numbers = array(typecode)
    numbers.frombytes(data)
    return numbers


def _read_ids(self):
    if self._data is None:
        self._read_data()
    ids = self._data[0]
    if isinstance(ids, bytes) and not self._byteids:
        self._ids = _array_of("I", ids)
    else:
        _ORIGINAL["read_ids"](self)


def _read_weights(self):
    if self._data is None:
        self._read_data()
    weights = self._data[1]
    if isinstance(weights, bytes):
        self._weights = _array_of("f", weights)
    else:
        _ORIGINAL["read_weights"](self)


def _read_values(self):
    if self._data is None:
        self._read_data()
    values = self._data[2]
    if isinstance(values, list):
        joined, lengths = values[0], _array_of("I", values[1])
        ends = list(accumulate(lengths))
        self._values = tuple(joined[end - length:end] for end, length in zip(ends, lengths,
                                                                              strict=True))
    else:
        _ORIGINAL["read_values"](self)


_ORIGINAL = {
    "mini_ids": W3PostingsWriter._mini_ids,
    "mini_values": W3PostingsWriter._mini_values,
    "read_ids": W3LeafMatcher._read_ids,
    "read_weights": W3LeafMatcher._read_weights,
    "read_values": W3LeafMatcher._read_values,
}


def install() -> None:
    SegmentWriter._flush_segment = _flush_segment
    BufferFile.__init__ = _buffer_file_init
    W3PostingsWriter._mini_ids = _mini_ids
    W3PostingsWriter._mini_weights = _mini_weights
    W3PostingsWriter._mini_values = _mini_values
    W3LeafMatcher._read_ids = _read_ids
    W3LeafMatcher._read_weights = _read_weights
    W3LeafMatcher._read_values = _read_values
