"""The wiki's index format: a Whoosh codec of its own, versioned, and the index that uses it.

Whoosh (2.7.5, pinned) spends time for nothing in three places, which the codec's classes
(subclasses of Whoosh's own, nothing in Whoosh replaced) avoid:

- When it writes a segment's postings, Whoosh asks the segment's per-document reader for
  each posting's field length, one seek and one read in the lengths file per posting: a
  fifth of the time spent indexing a page. The field writer reads each field's lengths
  once, into a list.
- Opening a segment copies each of its files, mapped in memory, into a BytesIO: on 100,000
  pages a new searcher (after every edit) copied the whole index, ~200 ms and as much memory
  again. The segment's files are read through the mapping.
- A block of postings is pickled as tuples of Python numbers and of byte strings: reading a
  common word's postings meant unpickling hundreds of thousands of objects. Blocks are
  written as arrays' bytes (document numbers, weights, and the positions joined with their
  lengths), which a query turns into numpy arrays at once (segments.py).

Such blocks mean something else to Whoosh's own reader, so the index says what it is: its
table of contents (TOC) carries a version number of the wiki's (TOC_VERSION, where Whoosh
writes -111) followed by FORMAT_NAME and FORMAT_VERSION. Stock Whoosh refuses it with an
IndexVersionError; the wiki refuses an index written by stock Whoosh, or in an older format
of its own, with OlderIndexFormat (the indexer then starts a new index, which `wiki init`
fills). A change to what the codec writes must raise FORMAT_VERSION; so must renaming or
moving the classes below, which the TOC pickles by name with its segments.

(Whoosh's inlining of single postings in the term index, `inlinelimit`, would spare an
edit's one-page segment a block per term, but it is broken in this version: the writer
calls a method that was renamed, and merging inlined postings fails.)
"""

from __future__ import annotations

import pickle
import time
from array import array
from itertools import accumulate
from pathlib import Path

from whoosh import __version__ as whoosh_version
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
    W3Segment,
)
from whoosh.fields import ensure_schema
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import TOC, EmptyIndexError, FileIndex, IndexVersionError
from whoosh.multiproc import MpWriter
from whoosh.system import _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

FORMAT_NAME = "wiki-array-blocks"
FORMAT_VERSION = 1  # 1: ids, weights and positions of a block as arrays' bytes
# "wiki" in ASCII, negated: where Whoosh's TOC says -111, a number no Whoosh release uses.
TOC_VERSION = -0x77696B69
WHOOSH_TOC_VERSION = -111  # what stock Whoosh 2.7 writes (whoosh.index._CURRENT_TOC_VERSION)
POSTINGS_PER_BLOCK = 1024

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


class OlderIndexFormat(IndexVersionError):
    """An index written by stock Whoosh or in an older format of the wiki: to be rebuilt."""


# --- blocks of postings ------------------------------------------------------------------------


class WikiPostingsWriter(W3PostingsWriter):
    """Writes a block's document numbers, weights and positions as arrays' bytes.

    Whoosh offers no hook for how a block is serialised: its three private `_mini_*`
    methods are the place, overridden here in a subclass."""

    def _mini_ids(self):
        if self._byteids:  # vectors: Whoosh's own encoding
            return super()._mini_ids()
        return array("I", self._ids).tobytes()

    def _mini_weights(self):
        weights = self._weights
        if all(w == 1.0 for w in weights):
            return None
        if all(w == weights[0] for w in weights):
            return weights[0]
        return array("f", weights).tobytes()

    def _mini_values(self):
        """Variable-size values (positions) joined, with their lengths: a list, where Whoosh
        writes a tuple of byte strings."""
        fixedsize = self._format.fixed_value_size()
        if fixedsize is None or fixedsize < 0:
            return [b"".join(self._values), array("I", map(len, self._values)).tobytes()]
        return super()._mini_values()


def _array_of(typecode: str, data: bytes) -> array:
    numbers = array(typecode)
    numbers.frombytes(data)
    return numbers


class WikiLeafMatcher(W3LeafMatcher):
    """Reads the blocks WikiPostingsWriter writes (Whoosh's private `_read_*` methods are
    where a block is decoded; segments.py decodes whole blocks with numpy instead)."""

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        if isinstance(ids, bytes) and not self._byteids:
            self._ids = _array_of("I", ids)
        else:
            super()._read_ids()

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if isinstance(weights, bytes):
            self._weights = _array_of("f", weights)
        else:
            super()._read_weights()

    def _read_values(self):
        if self._data is None:
            self._read_data()
        values = self._data[2]
        if isinstance(values, list):
            joined, lengths = values[0], _array_of("I", values[1])
            ends = accumulate(lengths)
            self._values = tuple(
                joined[end - length : end] for end, length in zip(ends, lengths, strict=True)
            )
        else:
            super()._read_values()


# --- field lengths read once -------------------------------------------------------------------


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

    def __init__(self, perdoc) -> None:
        self._perdoc = perdoc
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._fields.get(fieldname)
        if lengths is None:
            lengths = self._fields[fieldname] = self._read(fieldname)
        return lengths[docnum] if docnum < len(lengths) else default

    def _read(self, fieldname: str) -> list[int]:
        return [_LENGTH_OF_BYTE[b] for b in stored_lengths(self._perdoc, fieldname) or b""]


class WikiFieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        """Whoosh's, with the lengths of a segment's own per-document reader read once per
        field (a merge of several segments passes a reader of many: left as it is)."""
        if isinstance(lengths, W3PerDocReader):
            lengths = _LengthsInMemory(lengths)
        super().add_postings(schema, lengths, items)


# --- segment files read in place ---------------------------------------------------------------


class _MappedFile:
    """A read-only file over a memoryview of the mapped index, without copying it."""

    def __init__(self, view):
        self._view = view
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._position + size
        data = self._view[self._position : end].tobytes()
        self._position += len(data)
        return data

    def peek(self, size: int = 0) -> bytes:
        """What follows, not consumed: the unpickler reads a block's header from it in one
        call instead of one read per opcode (a few hundred bytes suffice)."""
        return self._view[self._position : self._position + min(max(size, 1), 512)].tobytes()

    def readline(self, size: int = -1) -> bytes:
        line = b""
        while not line.endswith(b"\n") and self._position < len(self._view):
            chunk = self.read(256)
            cut = chunk.find(b"\n")
            if cut >= 0:
                self._position -= len(chunk) - cut - 1
                chunk = chunk[: cut + 1]
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


class MappedBufferFile(BufferFile):
    """A BufferFile reading its buffer in place (Whoosh's copies it into a BytesIO)."""

    def __init__(self, buf, name=None, onclose=None):
        # BufferFile.__init__ does nothing but set these, the copy aside.
        self._buf = buf
        self._name = name
        self.file = _MappedFile(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position, length, name=None):
        return MappedBufferFile(self._buf[position : position + length], name=name or self._name)


class MappedCompoundStorage(CompoundStorage):
    """A segment's compound file whose inner files are read through the mapping."""

    def open_file(self, name, *args, **kwargs):
        # `_source` is the mapping CompoundStorage makes (None when it could not map).
        if self.is_closed or not self._source:
            return super().open_file(name, *args, **kwargs)
        offset, length = self.range(name)
        return MappedBufferFile(memoryview(self._source)[offset : offset + length], name=name)


class WikiSegment(W3Segment):
    def open_compound_file(self, storage):
        name = self.make_filename(self.COMPOUND_EXT)
        return MappedCompoundStorage(storage.open_file(name), use_mmap=storage.supports_mmap)


# --- the codec -------------------------------------------------------------------------------


class WikiCodec(W3Codec):
    """Whoosh's codec with the wiki's blocks. Blocks of POSTINGS_PER_BLOCK postings (Whoosh:
    128): searches read a word's postings whole (matching.py), and each block costs a header
    and an unpickling. Not compressed: on 100,000 pages the index grows from 400 to 670 MB,
    and the query p95 falls from ~45 to ~30 ms (decompressing was the largest cost left)."""

    format_name = FORMAT_NAME
    format_version = FORMAT_VERSION

    def __init__(self, blocklimit: int = POSTINGS_PER_BLOCK, compression: int = 0):
        super().__init__(blocklimit=blocklimit, compression=compression)

    def field_writer(self, storage, segment):
        return WikiFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return WikiPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return WikiLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)

    def new_segment(self, storage, indexname):
        return WikiSegment(self, indexname)


# --- the table of contents, the index, its writers ---------------------------------------------


class WikiToc(TOC):
    """Whoosh's TOC with the wiki's version number, format name and format version.

    Whoosh's TOC.read and write are one block each, with the version a module constant:
    both are rewritten here, the same layout with three more fields after the header."""

    @classmethod
    def read(cls, storage, indexname, gen=None, schema=None):
        if gen is None:
            gen = cls._latest_generation(storage, indexname)
            if gen < 0:
                raise EmptyIndexError(f"Index {indexname!r} does not exist in {storage!r}")
        stream = storage.open_file(cls._filename(indexname, gen))
        try:
            sizes = [stream.read_varint() for _ in range(3)]
            if sizes != [_INT_SIZE, _LONG_SIZE, _FLOAT_SIZE] or stream.read_int() != -12345:
                raise IndexVersionError("Index written on another architecture", None)
            version = stream.read_int()
            release = (stream.read_varint(), stream.read_varint(), stream.read_varint())
            if version == WHOOSH_TOC_VERSION:
                raise OlderIndexFormat(
                    f"Index {indexname!r} is in stock Whoosh's format (an older wiki's), "
                    f"not {FORMAT_NAME} {FORMAT_VERSION}: rebuild it",
                    version,
                    release,
                )
            if version != TOC_VERSION:
                raise IndexVersionError(
                    f"Index {indexname!r}: unknown TOC version {version}", version, release
                )
            name = stream.read_string().decode("utf-8")
            format_version = stream.read_varint()
            if name != FORMAT_NAME or format_version > FORMAT_VERSION:
                raise IndexVersionError(
                    f"Index {indexname!r} is in format {name} {format_version}; this wiki "
                    f"reads {FORMAT_NAME} {FORMAT_VERSION}",
                    version,
                    release,
                )
            if format_version < FORMAT_VERSION:
                raise OlderIndexFormat(
                    f"Index {indexname!r} is in format {name} {format_version}, older than "
                    f"{FORMAT_VERSION}: rebuild it",
                    version,
                    release,
                )
            if schema:
                stream.skip_string()
            else:
                # the index folder is the wiki's own, as trusted as its code (Whoosh pickles too)
                schema = pickle.loads(stream.read_string())  # noqa: S301
            schema = ensure_schema(schema)
            if stream.read_int() != gen:
                raise IndexVersionError(
                    f"Index {indexname!r}: TOC of another generation", version, release
                )
            stream.read_int()  # unused, as in Whoosh's
            segments = stream.read_pickle()
        finally:
            stream.close()
        return cls(schema, segments, gen, version=version, release=release)

    def write(self, storage, indexname):
        schema = ensure_schema(self.schema)
        schema.clean()
        filename = self._filename(indexname, self.generation)
        temporary = f"{filename}.{time.time()}"
        stream = storage.create_file(temporary)
        for size in (_INT_SIZE, _LONG_SIZE, _FLOAT_SIZE):
            stream.write_varint(size)
        stream.write_int(-12345)
        stream.write_int(TOC_VERSION)
        for number in whoosh_version[:3]:
            stream.write_varint(number)
        stream.write_string(FORMAT_NAME.encode("utf-8"))
        stream.write_varint(FORMAT_VERSION)
        stream.write_string(pickle.dumps(schema, 2))
        stream.write_int(self.generation)
        stream.write_int(0)
        stream.write_pickle(self.segments)
        stream.close()
        storage.rename_file(temporary, filename, safe=True)


class _WritesWikiToc:
    def _commit_toc(self, segments):
        # Whoosh's writers write their TOC in this private method, with whoosh.index.TOC
        # named inside it: the one place to write the wiki's.
        from whoosh.index import clean_files

        WikiToc(self.schema, segments, self.generation).write(self.storage, self.indexname)
        clean_files(self.storage, self.indexname, self.generation, segments)


class WikiSegmentWriter(_WritesWikiToc, SegmentWriter):
    pass


class WikiMpWriter(_WritesWikiToc, MpWriter):
    """Several indexing processes; each one's writer only writes segments (their TOC is
    the parent's), with the codec it is given."""


class WikiIndex(FileIndex):
    def __init__(self, storage, schema=None, indexname="MAIN"):
        # FileIndex.__init__ checks the index by reading Whoosh's TOC, which refuses ours.
        self.storage = storage
        self._schema = ensure_schema(schema) if schema else None
        self.indexname = indexname
        self._read_toc()

    @classmethod
    def create(cls, storage, schema, indexname="MAIN"):
        WikiToc.create(storage, schema, indexname)
        return cls(storage, schema, indexname)

    def _read_toc(self):
        # Every reader and writer of the index asks this method for its TOC.
        return WikiToc.read(self.storage, self.indexname, schema=self._schema)

    def writer(self, procs: int = 1, **kwargs):
        kwargs.setdefault("codec", WikiCodec())
        if procs > 1:
            return WikiMpWriter(self, procs=procs, **kwargs)
        return WikiSegmentWriter(self, **kwargs)


class WikiStorage(FileStorage):
    """A folder whose indexes are WikiIndex (also for the indexing processes, which open the
    index through their storage)."""

    def create_index(self, schema, indexname="MAIN", indexclass=None):
        return super().create_index(schema, indexname, indexclass or WikiIndex)

    def open_index(self, indexname="MAIN", schema=None, indexclass=None):
        return super().open_index(indexname, schema, indexclass or WikiIndex)


def create_in(folder: Path | str, schema, indexname: str) -> WikiIndex:
    return WikiStorage(str(folder)).create_index(schema, indexname)


def open_dir(folder: Path | str, indexname: str) -> WikiIndex:
    return WikiStorage(str(folder)).open_index(indexname)


def exists_in(folder: Path | str, indexname: str) -> bool:
    """True if the folder holds that index, whatever its format (opening it says which)."""
    return (
        Path(folder).is_dir()
        and WikiToc._latest_generation(WikiStorage(str(folder)), indexname) > -1
    )
