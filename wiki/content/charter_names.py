"""Person names without a civility, for the charter check: spaCy's French entity recogniser.

The model (`fr_core_news_sm`, a package installed with the wiki) is loaded once per process,
on the first check that needs it, with its entity recogniser alone (the sm model's `ner` has
its own token-to-vector layer: the tagger, parser, lemmatiser... are not loaded). Its answers
are kept per paragraph in a small cache, so that checking a text again after an edit runs the
model only on the paragraphs that changed. If spaCy or the model cannot be loaded, a warning
is logged once and the recogniser finds nothing (the rules of the charter check still work).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator

log = logging.getLogger(__name__)

MODEL = "fr_core_news_sm"
# Everything the sm pipeline holds but the recogniser: not even loaded.
UNNEEDED_PIPES = ("tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer")
# Paragraphs: the text between blank lines (Markdown's), checked and cached one by one.
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")

Entity = tuple[int, int, str]  # start, end, label, relative to the paragraph


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

    def entities(self, text: str) -> Iterator[Entity]:
        """(start, end, label) of each entity of `text`, offsets into `text`."""
        nlp = self.load()
        if nlp is None:
            return
        paragraphs = [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text)]
        keys = [
            hashlib.blake2b(p.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            for _, p in paragraphs
        ]
        with self._lock:
            known = {key: self._cache[key] for key in keys if key in self._cache}
            for key in known:
                self._cache.move_to_end(key)
        todo = {
            key: paragraph
            for key, (_, paragraph) in zip(keys, paragraphs, strict=True)
            if key not in known
        }
        if todo:
            found = {}
            with self._model_lock:  # a threaded server (wiki run) must not share a pipe
                for key, doc in zip(todo, nlp.pipe(todo.values(), batch_size=64), strict=True):
                    found[key] = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)
            self.model_runs += len(todo)
            with self._lock:
                for key, ents in found.items():
                    self._cache[key] = ents
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            known.update(found)
        for (offset, _), key in zip(paragraphs, keys, strict=True):
            for start, end, label in known[key]:
                yield offset + start, offset + end, label


RECOGNISER = NameRecogniser()
