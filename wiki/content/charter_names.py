"""Person names without a civility, for the charter check: spaCy's French entity recogniser.

The model (`fr_core_news_sm`, a package installed with the wiki) is loaded once per process,
on the first check that needs it, with its entity recogniser alone (the sm model's `ner` has
its own token-to-vector layer: the tagger, parser, lemmatiser... are not loaded). Its answers
are kept per paragraph in a small cache, so that checking a text again after an edit runs the
model only on the paragraphs that changed. If spaCy or the model cannot be loaded, a warning
is logged once and the recogniser finds nothing (the rules of the charter check still work).

What the model costs is bounded, since one process runs it for one text at a time. It costs
by token, and more by document: each run of spaces and line breaks is given to it as one
space (every extra one would be a token), a paragraph without a letter is not given to it at
all (it names nobody), and short paragraphs go through it together, in chunks (about 180 µs a
document otherwise: 40,000 one-word paragraphs took 7 s). A text that would still give it
more than MAX_MODEL_TOKENS is refused (TextTooLongToCheck) rather than checked for
seconds: MAX_MODEL_TOKENS words and punctuation signs (about 25,000 words of prose) cost it
1.3 s of one core, 2 s when every word is a single letter.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterator

from flask_babel import format_number
from flask_babel import gettext as _

from wiki.errors import InvalidInput

log = logging.getLogger(__name__)

MODEL = "fr_core_news_sm"
# Everything the sm pipeline holds but the recogniser: not even loaded.
UNNEEDED_PIPES = ("tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer")
# Paragraphs: the text between blank lines (Markdown's), checked and cached one by one.
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"\w+|[^\w\s]")  # about what the model counts as tokens
MAX_MODEL_TOKENS = 30_000
CHUNK_CHARACTERS = 2_000  # paragraphs are given to the model together up to this length
CHUNK_SEPARATOR = "\n\n"

Entity = tuple[int, int, str]  # start, end, label, relative to the paragraph


class TextTooLongToCheck(InvalidInput):
    """A text longer than the charter check's model may read at once."""

    code = "text_too_long_to_check"

    def __init__(self, length: int, field: str | None = None):
        super().__init__(
            _(
                "Ce texte est trop long pour la vérification de la charte : "
                "%(limit)s mots et signes de ponctuation au plus par partie d'une page "
                "(celle-ci en compte %(count)s). Découpez-le en plusieurs pages.",
                limit=format_number(MAX_MODEL_TOKENS),
                count=format_number(length),
            ),
            field=field,
        )
        self.length = length


class Compacted:
    """A paragraph as the model reads it: each run of spaces and line breaks as one space,
    with the way back to the paragraph's own offsets."""

    def __init__(self, paragraph: str) -> None:
        self.text = _SPACES.sub(" ", paragraph)
        # After each run of spaces longer than one, how far the paragraph is ahead.
        self._starts: list[int] = []
        self._shifts: list[int] = []
        shift = 0
        for run in _SPACES.finditer(paragraph):
            if len(run.group()) > 1:
                shift += len(run.group()) - 1
                self._starts.append(run.start() - (shift - (len(run.group()) - 1)) + 1)
                self._shifts.append(shift)

    def original(self, offset: int) -> int:
        at = bisect_right(self._starts, offset)
        return offset + (self._shifts[at - 1] if at else 0)


class NameRecogniser:
    """The named entities of a text, through a spaCy model loaded lazily, once."""

    def __init__(self, model: str = MODEL, *, cache_size: int = 4096) -> None:
        self.model = model
        self.cache_size = cache_size
        self._nlp = None
        self._failed = False
        self._lock = threading.Lock()  # the loading and the cache
        self._model_lock = threading.Lock()  # one text at a time through the model
        self._cache: OrderedDict[bytes, tuple[Entity, ...]] = OrderedDict()
        self.model_runs = 0  # paragraphs given to the model (the rest came from the cache)

    def load(self):
        """The spaCy pipeline, loaded on the first call; None if it cannot be loaded."""
        if self._nlp is not None or self._failed:
            return self._nlp
        with self._lock:
            if self._nlp is None and not self._failed:
                try:
                    import spacy

                    self._nlp = spacy.load(self.model, exclude=list(UNNEEDED_PIPES))
                except Exception as error:  # ImportError, OSError (no such model), a bad model
                    self._failed = True
                    log.warning(
                        "charter check: the model %s cannot be loaded (%s); person "
                        "names are found by the rules alone",
                        self.model,
                        error,
                    )
        return self._nlp

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    @property
    def available(self) -> bool:
        return self.load() is not None

    def entities(self, text: str, field: str | None = None) -> Iterator[Entity]:
        """(start, end, label) of each entity of `text`, offsets into `text`;
        TextTooLongToCheck (for `field`) if the model would read too much of it."""
        nlp = self.load()
        if nlp is None:
            return
        paragraphs = [
            (m.start(), Compacted(m.group()))
            for m in _PARAGRAPH.finditer(text)
            if _LETTER.search(m.group())
        ]
        keys = [
            hashlib.blake2b(p.text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            for _, p in paragraphs
        ]
        with self._lock:
            known = {key: self._cache[key] for key in keys if key in self._cache}
            for key in known:
                self._cache.move_to_end(key)
        todo = {
            key: compacted.text
            for key, (_, compacted) in zip(keys, paragraphs, strict=True)
            if key not in known
        }
        length = sum(len(_TOKEN.findall(paragraph)) for paragraph in todo.values())
        if length > MAX_MODEL_TOKENS:
            raise TextTooLongToCheck(length, field)
        if todo:
            with self._model_lock:  # a threaded server (wiki run) must not share a pipe
                found = _through_model(nlp, todo)
            self.model_runs += len(todo)
            with self._lock:
                for key, ents in found.items():
                    self._cache[key] = ents
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            known.update(found)
        for (offset, compacted), key in zip(paragraphs, keys, strict=True):
            for start, end, label in known[key]:
                yield (
                    offset + compacted.original(start),
                    offset + compacted.original(end - 1) + 1,
                    label,
                )


def _chunks(todo: dict[bytes, str]) -> Iterator[list[tuple[bytes, str]]]:
    """The paragraphs to read, together up to CHUNK_CHARACTERS (a long one alone)."""
    chunk: list[tuple[bytes, str]] = []
    length = 0
    for key, paragraph in todo.items():
        if chunk and length + len(paragraph) > CHUNK_CHARACTERS:
            yield chunk
            chunk, length = [], 0
        chunk.append((key, paragraph))
        length += len(paragraph) + len(CHUNK_SEPARATOR)
    if chunk:
        yield chunk


def _through_model(nlp, todo: dict[bytes, str]) -> dict[bytes, tuple[Entity, ...]]:
    """Each paragraph's entities, the paragraphs read in chunks; an entity that would
    straddle two paragraphs of a chunk is dropped (they are apart in the text)."""
    chunks = list(_chunks(todo))
    texts = (CHUNK_SEPARATOR.join(paragraph for _, paragraph in chunk) for chunk in chunks)
    found: dict[bytes, tuple[Entity, ...]] = {}
    for chunk, doc in zip(chunks, nlp.pipe(texts, batch_size=16), strict=True):
        start = 0
        bounds = []
        for key, paragraph in chunk:
            bounds.append((key, start, start + len(paragraph)))
            start += len(paragraph) + len(CHUNK_SEPARATOR)
        for key, begin, end in bounds:
            found[key] = tuple(
                (e.start_char - begin, e.end_char - begin, e.label_)
                for e in doc.ents
                if begin <= e.start_char and e.end_char <= end
            )
    return found


RECOGNISER = NameRecogniser()
