"""Where Whoosh (2.7.5, pinned) spends indexing time for nothing, and the cure.

When it writes a segment's postings, Whoosh asks the segment's per-document reader for each
posting's field length, one seek and one read in the lengths file per posting: a fifth of
the time spent indexing a page. `install()` makes the segment writer read each field's
lengths once, into a list. Called by the indexer on import; forked indexing processes
inherit it.

(Whoosh's inlining of single postings in the term index, `inlinelimit`, would spare an
edit's one-page segment a block per term, but it is broken in this version: the writer
calls a method that was renamed, and merging inlined postings fails.)
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


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
        column_name = f"_{fieldname}_len"
        if not self._perdoc.has_column(column_name):
            return []
        column = self._perdoc.column_reader(column_name, LENGTHS_COLUMN)
        raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        return [_LENGTH_OF_BYTE[b] for b in raw]

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


def install() -> None:
    SegmentWriter._flush_segment = _flush_segment
