"""The indexer: the only writer of the search index, which it keeps equal to the database.

The database is the truth and the index a cache that can always be rebuilt. Page changes
write an IndexTask in their own transaction (search/outbox.py); `apply_pending` turns the
tasks into index writes, in id order, and deletes them only once the index has committed,
so a crash at any point leaves the task to be applied again (indexing a page is idempotent:
it always reads the page's current state from the database).

On disk, `SEARCH_INDEX_PATH` holds:
    writer.lock   the one writer lock, shared by every process (an OS file lock, released
                  if its holder dies); a busy lock makes `apply_pending` return at once
    CURRENT       the name of the live index directory
    gen-*/        Whoosh indexes; `rebuild` fills a fresh one, then switches CURRENT to it
"""

from __future__ import annotations

import html
import os
import re
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from flask import Flask, current_app, has_app_context
from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session, joinedload, selectinload
from whoosh.reading import MultiReader, SegmentReader
from whoosh.util.filelock import FileLock
from whoosh.writing import MERGE_SMALL

from wiki.access.pages import index_visibility
from wiki.departements import departement_words
from wiki.errors import WikiError
from wiki.extensions import db
from wiki.lifecycle.words import stage_words
from wiki.models import IndexTask, Page, PageStatus, Revision, User
from wiki.pages.sectors import decode as decode_sectors
from wiki.search import codec
from wiki.search.schema import INDEX_NAME, build_schema

LOCK_FILE = "writer.lock"
CURRENT_FILE = "CURRENT"
GENERATION_PREFIX = "gen-"
TASK_BATCH = 2000
REBUILD_BATCH = 500
PARALLEL_REBUILD_FROM = 5000  # pages
LOCK_WAIT_SECONDS = 30.0  # for commands (rebuild, sync, ensure); requests never wait
WRITER_MEMORY_MB = 256
# A large backlog (an import) is indexed this many pages per commit, each indexing process
# keeping its share of their postings in memory: ~170 bytes a posting, ~270 postings a page.
BACKLOG_CHUNK = 20_000
BACKLOG_WRITER_MB = 512
# Each commit writes a segment; an edit's is tiny. Merging them on every commit made one edit
# pay for the previous ones: they are merged (Whoosh's MERGE_SMALL) once this many are waiting.
TINY_SEGMENT_DOCS = 100
TINY_SEGMENTS_BEFORE_MERGE = 8
# A FORGET task rewrites the segments holding deleted documents up to this size in the
# request that made it (about 0.7 ms a document: 3.6 s for 5,000 at 10,000 pages); larger
# ones wait for `wiki index rebuild`, which a warning asks for.
FORGET_MERGE_MAX_DOCS = 5_000

Progress = Callable[[int, int], None]


class IndexBusy(WikiError):
    status = 503
    code = "index_busy"


@dataclass(frozen=True)
class Drift:
    """A page on which the index and the database disagree."""

    page_id: int
    slug: str
    problem: str  # missing | stale | orphan | duplicate
    indexed_revision: int | None = None
    current_revision: int | None = None

    def describe(self) -> str:
        if self.problem == "missing":
            return f"{self.slug} : absente de l'index (révision courante {self.current_revision})"
        if self.problem == "stale":
            return (
                f"{self.slug} : révision indexée {self.indexed_revision}, "
                f"révision courante {self.current_revision}"
            )
        if self.problem == "duplicate":
            return f"{self.slug} : indexée plusieurs fois"
        return f"{self.slug} : indexée mais absente de la base (page supprimée)"


# --- the directory layout -------------------------------------------------------------------


def index_root(app: Flask) -> Path:
    return Path(app.config["SEARCH_INDEX_PATH"])


def _current_name(root: Path) -> str | None:
    try:
        name = (root / CURRENT_FILE).read_text().strip()
    except FileNotFoundError:
        return None
    return name or None


def _open(root: Path, name: str | None):
    """The index in `root / name`; None if there is none of this schema (INDEX_NAME) or
    of this format (codec.FORMAT_VERSION): a new one is then started, filled by
    `fill_if_empty` (`wiki init`)."""
    if not name:
        return None
    folder = root / name
    if not codec.exists_in(folder, INDEX_NAME):
        return None
    try:
        return codec.open_dir(folder, INDEX_NAME)
    except codec.OlderIndexFormat:
        return None


def open_index_name(app: Flask) -> str | None:
    """The live index directory's name, if there is one (cheap: no index is opened)."""
    root = index_root(app)
    name = _current_name(root)
    return name if name and (root / name).is_dir() else None


def open_index(app: Flask):
    """The live index, or None if there is none (or it cannot be read)."""
    root = index_root(app)
    try:
        return _open(root, _current_name(root))
    except Exception:  # a broken index is reported by verify and fixed by rebuild
        current_app.logger.exception("The search index cannot be opened")
        return None


def _new_generation(root: Path):
    folder = root / f"{GENERATION_PREFIX}{time.time_ns():x}-{os.getpid()}"
    folder.mkdir(parents=True)
    return folder, codec.create_in(folder, build_schema(), INDEX_NAME)


def _switch_to(root: Path, folder: Path) -> None:
    """Point CURRENT at `folder`, atomically: readers see the old index or the new one."""
    temporary = root / f"{CURRENT_FILE}.{os.getpid()}.tmp"
    with open(temporary, "w") as handle:
        handle.write(folder.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, root / CURRENT_FILE)


def _remove_old_generations(root: Path, keep: set[str]) -> None:
    for folder in root.glob(f"{GENERATION_PREFIX}*"):
        if folder.name not in keep and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _writer_lock(root: Path, wait: float):
    """Yield True holding the index's one writer lock, or False if it stayed busy `wait` s."""
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / LOCK_FILE))
    acquired = lock.acquire(blocking=False)
    deadline = time.monotonic() + wait
    while not acquired and time.monotonic() < deadline:
        time.sleep(0.05)
        acquired = lock.acquire(blocking=False)
    try:
        yield acquired
    finally:
        if acquired:
            lock.release()


def _in_app(app: Flask):
    # current_app is a LocalProxy, which Flask's annotations present as the Flask it proxies.
    if has_app_context() and current_app._get_current_object() is app:  # type: ignore[attr-defined]
        return nullcontext()
    return app.app_context()


def _open_or_create_locked(root: Path):
    """The live index, a new empty one if there is none; call with the writer lock held."""
    name = _current_name(root)
    try:
        ix = _open(root, name)
    except Exception:
        current_app.logger.exception("Unreadable search index %s: starting a new one", name)
        ix = None
    if ix is None:
        folder, ix = _new_generation(root)
        _switch_to(root, folder)
        _remove_old_generations(root, keep={folder.name, name or ""})
    return ix


# --- the public interface ---------------------------------------------------------------------


def ensure_index(app: Flask) -> None:
    """Create an empty index if the instance has none; leaves an existing one alone."""
    root = index_root(app)
    with _in_app(app):
        if open_index(app) is not None:
            return
        with _writer_lock(root, LOCK_WAIT_SECONDS) as acquired:
            if not acquired:
                raise IndexBusy("L'index est en cours d'écriture par un autre processus.")
            _open_or_create_locked(root)


def fill_if_empty(app: Flask, progress: Progress | None = None) -> int:
    """Rebuild an index that holds nothing while the database holds pages: a new index
    shape after an upgrade (INDEX_NAME), or a lost index folder. Returns the pages indexed,
    0 if there was nothing to do."""
    with _in_app(app):
        ix = open_index(app)
        if ix is None or ix.doc_count_all():
            return 0
        with Session(db.engine) as session:
            if session.scalar(select(Page.id).limit(1)) is None:
                return 0
    return rebuild(app, progress)


def has_pending(app: Flask) -> bool:
    with _in_app(app), Session(db.engine) as session:
        return session.scalar(select(IndexTask.id).limit(1)) is not None


def apply_pending(
    app: Flask, *, wait: float = 0.0, limit: int | None = None, progress: Progress | None = None
) -> int:
    """Apply the outbox's tasks in id order; returns how many were applied.

    Only one process writes at a time. If another holds the lock this returns at once
    (`wait` lets commands wait a little): the holder checks for new tasks after releasing
    the lock, so a task committed before this call is applied by one or the other.
    `limit` bounds the work of a request or a start-up behind a large backlog (a killed
    import, say): what is left waits for the next writes or `wiki index sync`. `progress`
    hears (done, total) in tasks, or in pages for a large backlog.
    """
    root = index_root(app)
    applied = 0
    with _in_app(app):
        while (limit is None or applied < limit) and has_pending(app):
            with _writer_lock(root, wait) as acquired:
                if not acquired:
                    return applied
                left = None if limit is None else limit - applied
                applied += _apply_locked(
                    _open_or_create_locked(root), limit=left, progress=progress
                )
    return applied


def rebuild(app: Flask, progress: Progress | None = None) -> int:
    """Index every page into a fresh index, then switch to it; returns the page count.

    Searches keep using the old index meanwhile. Edits made during the rebuild keep their
    tasks (the lock is held), which are applied to the new index before the lock is let go.
    """
    root = index_root(app)
    with _in_app(app):
        with _writer_lock(root, LOCK_WAIT_SECONDS) as acquired:
            if not acquired:
                raise IndexBusy(
                    "L'index est en cours d'écriture par un autre processus : "
                    "réessayez dans un instant."
                )
            previous = _current_name(root)
            folder, ix = _new_generation(root)
            try:
                count = _fill(ix, progress)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            _switch_to(root, folder)
            _apply_locked(ix)
        _remove_old_generations(root, keep={folder.name, previous or ""})
        apply_pending(app)  # anything committed while we released the lock
    return count


def verify(app: Flask) -> list[Drift]:
    """Every page whose indexed revision differs from its current one, or absent on a side."""
    with _in_app(app):
        with Session(db.engine) as session:
            pages = {
                pid: (slug, version, index_visibility(visibility, hidden_at))
                for pid, slug, version, visibility, hidden_at in session.execute(
                    select(Page.id, Page.slug, Page.version, Page.visibility, Page.hidden_at).where(
                        Page.status == PageStatus.PUBLISHED.value
                    )
                )
            }
        indexed: dict[int, tuple[str, int, str]] = {}
        drifts: list[Drift] = []
        ix = open_index(app)
        if ix is not None and ix.doc_count_all():
            with ix.searcher() as searcher:
                reader = searcher.reader()
                columns = [
                    reader.column_reader(name)
                    for name in ("page_id", "slug", "revision", "visibility")
                ]
                for docnum in reader.all_doc_ids():
                    page_id, slug, revision, visibility = (c[docnum] for c in columns)
                    page_id = int(page_id)
                    if page_id in indexed:
                        drifts.append(Drift(page_id, slug, "duplicate"))
                        continue
                    indexed[page_id] = (slug, revision, visibility)
        for page_id, (slug, revision, _visibility) in sorted(indexed.items()):
            # SQLite may give a deleted page's id to a new page: the slug tells them apart.
            if page_id not in pages or pages[page_id][0] != slug:
                drifts.append(Drift(page_id, slug, "orphan", indexed_revision=revision))
                del indexed[page_id]
        for page_id, (slug, version, visibility) in sorted(pages.items()):
            if page_id not in indexed:
                drifts.append(Drift(page_id, slug, "missing", current_revision=version))
            elif indexed[page_id][1:] != (version, visibility):
                drifts.append(
                    Drift(
                        page_id,
                        slug,
                        "stale",
                        indexed_revision=indexed[page_id][1],
                        current_revision=version,
                    )
                )
        return drifts


# --- writing ----------------------------------------------------------------------------------

# A task rewrites its page's document (or removes it, if the page is gone); a FORGET task also
# makes what the page said before leave the index's files (wiki.pages.masking).
FORGET = "forget"


def _apply_locked(ix, limit: int | None = None, progress: Progress | None = None) -> int:
    """Apply the pending tasks (`limit` of them at most) to `ix`; the caller holds the lock."""
    applied = 0
    if limit is None and _backlog(PARALLEL_REBUILD_FROM) >= PARALLEL_REBUILD_FROM:
        applied += _apply_backlog(ix, progress)
    total = applied + _backlog(limit or TASK_BATCH * 1000) if progress else 0
    while limit is None or applied < limit:
        with Session(db.engine) as session:
            batch = TASK_BATCH if limit is None else min(TASK_BATCH, limit - applied)
            tasks = session.execute(
                select(IndexTask.id, IndexTask.page_id, IndexTask.action)
                .order_by(IndexTask.id)
                .limit(batch)
            ).all()
            if not tasks:
                return applied
            # The latest state of each page is all that matters: one write per page.
            page_ids = list(dict.fromkeys(task.page_id for task in tasks))
            documents = load_documents(session, page_ids)
        forget = any(task.action == FORGET for task in tasks)
        writer = _writer(ix, limitmb=WRITER_MEMORY_MB)
        with _cancelled_on_error(writer):
            _write_pages(writer, page_ids, documents)
            writer.commit(mergetype=_forgetting_merge_policy if forget else _merge_policy)
        # Only now, the index holding them, may the tasks go: a crash before this line
        # leaves them to be applied again.
        _forget_tasks(IndexTask.id.in_([t.id for t in tasks]))
        applied += len(tasks)
        if progress:
            progress(applied, max(total, applied))
    return applied


def _backlog(at_most: int) -> int:
    with Session(db.engine) as session:
        return (
            session.scalar(
                select(func.count()).select_from(select(IndexTask.id).limit(at_most).subquery())
            )
            or 0
        )


def _apply_backlog(ix, progress: Progress | None = None) -> int:
    """Every task pending now, through writers fed to several processes (an import's
    backlog), BACKLOG_CHUNK pages per commit: a few large segments rather than one per
    batch, which later searches and edits would each pay for, and each writer's postings
    held in memory (sorting them through temporary files costs more than the indexing)."""
    with Session(db.engine) as session:
        last_task = session.scalar(select(func.max(IndexTask.id)))
        if last_task is None:
            return 0
        # One write per page, whichever of its tasks came last (a document added twice to
        # one Whoosh writer would be indexed twice).
        page_ids = list(
            session.scalars(
                select(IndexTask.page_id)
                .where(IndexTask.id <= last_task)
                .group_by(IndexTask.page_id)
                .order_by(func.max(IndexTask.id))
            )
        )
    applied = 0

    def forget_tasks_of(chunk: list[int]) -> None:
        nonlocal applied
        with Session(db.engine) as session:
            done = session.execute(
                delete(IndexTask).where(IndexTask.id <= last_task, IndexTask.page_id.in_(chunk))
            )
            session.commit()
        applied += cast("CursorResult[Any]", done).rowcount  # a DELETE: a cursor result

    _index_in_chunks(ix, page_ids, _write_pages, progress=progress, after_commit=forget_tasks_of)
    return applied


def _index_in_chunks(
    ix,
    page_ids: list[int],
    write,
    *,
    progress: Progress | None = None,
    after_commit: Callable[[list[int]], None] | None = None,
) -> None:
    """Write these pages' documents BACKLOG_CHUNK pages per commit, `write(writer, batch,
    documents)` for each batch; large chunks are shared by several processes."""
    done = 0
    for start in range(0, len(page_ids), BACKLOG_CHUNK):
        chunk = page_ids[start : start + BACKLOG_CHUNK]
        procs = min(os.cpu_count() or 1, 4) if len(chunk) >= PARALLEL_REBUILD_FROM else 1
        writer = _writer(ix, procs=procs, limitmb=BACKLOG_WRITER_MB)
        with _cancelled_on_error(writer):
            for batch_start in range(0, len(chunk), REBUILD_BATCH):
                batch = chunk[batch_start : batch_start + REBUILD_BATCH]
                with Session(db.engine) as session:
                    documents = load_documents(session, batch)
                write(writer, batch, documents)
                done += len(batch)
                if progress:
                    progress(done, len(page_ids))
            writer.commit()
        if after_commit:
            after_commit(chunk)


@contextmanager
def _cancelled_on_error(writer):
    """Whatever fails, writing or committing, the writer lets go of Whoosh's lock."""
    try:
        yield writer
    except BaseException:
        with suppress(Exception):  # a commit that failed half-way may have closed it
            writer.cancel()
        raise


def _writer(ix, *, limitmb: int, procs: int = 1):
    """A writer in the wiki's format (codec.WikiCodec), fed to `procs` processes that each
    write a segment of their own."""
    options = {"limitmb": limitmb, "codec": codec.WikiCodec()}
    if procs > 1:
        return ix.writer(procs=procs, multisegment=True, **options)
    return ix.writer(**options)


def _write_pages(writer, page_ids: list[int], documents: dict[int, dict]) -> None:
    """Replace each page's document, or remove it if the page is gone.

    The old documents are looked up with one searcher for the batch (Whoosh's
    update_document opens one per document, over every segment): the process's own if it
    reads exactly the writer's segments, else a new one."""
    searcher = _searcher_of_segments(index_root(current_app), writer.segments)
    if searcher is not None:
        old = _documents_of(searcher, page_ids)
    else:
        with writer.searcher() as searcher:
            old = _documents_of(searcher, page_ids)
    for docnum in old:
        writer.delete_document(docnum)
    for page_id in page_ids:
        if page_id in documents:
            writer.add_document(**documents[page_id])


def _documents_of(searcher, page_ids: list[int]) -> list[int]:
    return [
        docnum for page_id in page_ids for docnum in searcher.document_numbers(page_id=str(page_id))
    ]


def _forget_tasks(condition) -> None:
    with Session(db.engine) as session:
        session.execute(delete(IndexTask).where(condition))
        session.commit()


def _merge_policy(writer, segments):
    """Whoosh's MERGE_SMALL, once TINY_SEGMENTS_BEFORE_MERGE tiny ones wait besides the new one."""
    tiny = sum(1 for segment in segments if segment.doc_count_all() < TINY_SEGMENT_DOCS)
    if tiny < TINY_SEGMENTS_BEFORE_MERGE:
        return segments
    return MERGE_SMALL(writer, segments)


def _forgetting_merge_policy(writer, segments):
    """After a masked version or an anonymised passage (a FORGET task): Whoosh only marks a
    replaced document deleted, and its words stay in the segment's files until the segment
    is merged. Every segment holding a deleted document is written again without it, so
    that the old text leaves the disk too; then the usual policy. It costs a rewrite of those
    segments, for an act of moderation; one larger than FORGET_MERGE_MAX_DOCS is left to
    `wiki index rebuild` (a request must not take a minute)."""
    kept, left = [], 0
    for segment in segments:
        if segment.has_deletions() and segment.doc_count_all() <= FORGET_MERGE_MAX_DOCS:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        else:
            left += segment.has_deletions()
            kept.append(segment)
    if left:
        current_app.logger.warning(
            "search index: %d large segment(s) keep the words of masked or anonymised "
            "versions in their files (nothing answers from them): run `wiki index rebuild`",
            left,
        )
    return _merge_policy(writer, kept)


def _fill(ix, progress: Progress | None) -> int:
    with Session(db.engine) as session:
        page_ids = list(
            session.scalars(
                select(Page.id).where(Page.status == PageStatus.PUBLISHED.value).order_by(Page.id)
            )
        )
    if progress:
        progress(0, len(page_ids))

    def add(writer, batch: list[int], documents: dict[int, dict]) -> None:
        for page_id in batch:
            if page_id in documents:  # not deleted meanwhile
                writer.add_document(**documents[page_id])

    _index_in_chunks(ix, page_ids, add, progress=progress)
    return len(page_ids)


# --- what a page becomes in the index -------------------------------------------------------

_BLOCK_TAG = re.compile(
    r"<(?:br|hr|/?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|tr|td|th|section))"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def html_to_text(markup: str) -> str:
    """The readable text of sanitised HTML, a line per block: what snippets are cut from."""
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", markup or ""))
    text = _SPACES.sub(" ", html.unescape(text))
    return _BLANK_LINES.sub("\n", text).strip()


def load_documents(session, page_ids: Iterable[int]) -> dict[int, dict]:
    """The index documents of these pages (those that still exist), by page id."""
    page_ids = list(page_ids)
    if not page_ids:
        return {}
    pages = session.scalars(
        # A draft is not in the index: a page published later is indexed then.
        select(Page)
        .where(Page.id.in_(page_ids), Page.status == PageStatus.PUBLISHED.value)
        .options(joinedload(Page.current), selectinload(Page.tags), selectinload(Page.follow_ups))
    ).unique()
    authors: dict[int, set[str]] = {}
    for page_id, name in session.execute(
        select(Revision.page_id, User.display_name)
        .join(User, Revision.author_id == User.id)
        .where(Revision.page_id.in_(page_ids))
        .distinct()
    ):
        authors.setdefault(page_id, set()).add(name)
    return {page.id: page_document(page, authors.get(page.id, set())) for page in pages}


def page_document(page: Page, authors: Iterable[str] = ()) -> dict:
    revision = page.current
    fields = dict(revision.fields or {}) if revision else {}
    body = html_to_text(revision.html) if revision else ""
    follow_ups = "\n".join(follow_up.text for follow_up in page.follow_ups)
    fields_text = "\n".join(filter(None, [*(str(v) for v in fields.values()), follow_ups]))
    tag_labels = "\n".join(tag.label_fr for tag in page.tags)
    place = departement_words(page.departement)  # « fiches du Nord » finds « Roubaix (59) »
    # « essaimage » finds the sheets at that stage
    fields_text = "\n".join(filter(None, [fields_text, stage_words(page.stage), place]))
    title = page.title
    document = {
        "page_id": str(page.id),
        "slug": page.slug,
        "kind": page.kind,
        "visibility": index_visibility(page.visibility, page.hidden_at),
        "revision": page.version,
        "updated": page.updated_at,
        "title": title,
        "title_exact": title,
        "tags": ",".join(tag.slug for tag in page.tags),
        "tag_labels": tag_labels,
        "fields_text": fields_text,
        "sector": fields.get("sector") or fields.get("sectors") or "",
        "territory": "\n".join(filter(None, [str(fields.get("territory") or ""), place])),
        "departement": page.departement,  # None: not indexed
        "sectors": ",".join(decode_sectors(page.sectors)),
        "body": body,
        "authors": "\n".join(sorted(authors)),
    }
    if page.stage:
        document["stage"] = page.stage
    return document


# --- reading: one searcher per process (and thread), reopened when the index changed, never
# shared across a fork ---

_MAX_CACHED_INDEXES = 4
_local = threading.local()


def _searchers() -> OrderedDict:
    if getattr(_local, "pid", None) != os.getpid():  # a forked child opens its own
        _local.pid, _local.searchers = os.getpid(), OrderedDict()
    return _local.searchers


def _searcher_of_segments(root: Path, segments) -> object | None:
    """This thread's searcher on the index at `root` if it reads exactly these segments,
    with the same deletions (its document numbers are then the writer's)."""
    entry = _searchers().get(root)
    if entry is None or not segments:
        return None
    reader = entry[2].reader()
    readers = reader.readers if isinstance(reader, MultiReader) else [reader]
    if not all(isinstance(r, SegmentReader) for r in readers):
        return None
    read = [(r.segment().segment_id(), r.segment().deleted_count()) for r in readers]
    wanted = [(segment.segment_id(), segment.deleted_count()) for segment in segments]
    return entry[2] if read == wanted else None


def get_searcher(app: Flask):
    """This process's searcher on the live index, up to date; None if there is no index."""
    root = index_root(app)
    name = _current_name(root)
    cache = _searchers()
    entry = cache.get(root)
    if entry is not None and entry[0] == name:
        _name, ix, searcher = entry
        if ix.latest_generation() != searcher.reader().generation():
            # Not Searcher.refresh(): its reader reuse keeps a reused segment's old
            # deletions (an updated page would be found twice) and merged-away segments.
            searcher.close()
            searcher = ix.searcher()
    else:
        if entry is not None:
            entry[2].close()
        try:
            ix = _open(root, name)
        except Exception:
            app.logger.exception("The search index cannot be opened")
            ix = None
        if ix is None:
            cache.pop(root, None)
            return None
        searcher = ix.searcher()
    cache[root] = (name, ix, searcher)
    cache.move_to_end(root)
    while len(cache) > _MAX_CACHED_INDEXES:
        _root, (_name, _ix, old) = cache.popitem(last=False)
        old.close()
    return searcher
