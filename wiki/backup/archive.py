"""Writing a backup archive and restoring one into an empty instance."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import tarfile
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import MetaData, Table, bindparam, func, select, text, types
from sqlalchemy.exc import SAWarning

from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.models.base import utcnow

FORMAT = "wiki-backup"
FORMAT_VERSION = 1
BATCH = 1000
SPOOL_BYTES = 64 * 1024 * 1024  # a table's lines stay in memory up to this, then go to disk
# Derived or transient rows a restore makes again: the index's outbox, and the PostgreSQL
# search backend's documents and words (the index is rebuilt after a restore).
SKIPPED_TABLES = frozenset({"index_tasks", "page_search", "search_words"})

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Summary:
    revision: str
    rows: dict[str, int]
    files: int

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _tables(connection) -> list[Table]:
    """Every table of the database as it is (reflected: a restore writes into the schema of
    the backup's migration, which may be older than the models), parents before children."""
    metadata = MetaData()
    with warnings.catch_warnings():  # pages ↔ revisions is a cycle: _columns_set_later
        warnings.simplefilter("ignore", SAWarning)
        metadata.reflect(bind=connection)
        ordered = metadata.sorted_tables
    return [
        table
        for table in ordered
        if table.name not in SKIPPED_TABLES and table.name != "alembic_version"
    ]


# --- values in JSON -----------------------------------------------------------------------


def _encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decoder(column_type: types.TypeEngine):
    """How a column's JSON value becomes its Python value again (by the column's type)."""
    if isinstance(column_type, types.DateTime):
        return datetime.fromisoformat
    if isinstance(column_type, types.Date):
        return date.fromisoformat
    if isinstance(column_type, types.LargeBinary):
        return base64.b64decode
    return None


# --- backup --------------------------------------------------------------------------------


def _snapshot_connection():
    """A connection whose reads all see one moment of the database, without blocking writers:
    SQLite's deferred transaction keeps its WAL snapshot from its first read; PostgreSQL asks
    for repeatable read."""
    connection = db.engine.connect()
    if connection.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    connection.begin()
    return connection


def write_backup(app: Flask, path: Path, progress: Progress | None = None) -> Summary:
    """Write the archive to `path` (through a temporary file: a failed backup leaves no
    half-written archive under that name)."""
    uploads = (
        sorted(p for p in Path(app.config["UPLOAD_PATH"]).rglob("*") if p.is_file())
        if Path(app.config["UPLOAD_PATH"]).exists()
        else []
    )
    rows: dict[str, int] = {}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        with tarfile.open(temporary, "w:gz") as archive:
            connection = _snapshot_connection()
            try:
                tables = _tables(connection)
                revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
                total = sum(
                    connection.scalar(select(func.count()).select_from(t)) or 0 for t in tables
                )
                done = 0
                for table in tables:
                    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as lines:
                        count = 0
                        order = list(table.primary_key.columns) or list(table.columns)
                        result = connection.execution_options(yield_per=BATCH).execute(
                            select(table).order_by(*order)
                        )
                        for row in result.mappings():
                            record = {key: _encode(value) for key, value in row.items()}
                            lines.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
                            count += 1
                            done += 1
                            if progress and done % BATCH == 0:
                                progress(done, total)
                        rows[table.name] = count
                        _add_file(archive, f"tables/{table.name}.jsonl", lines)
                if progress:
                    progress(done, total)
            finally:
                connection.close()
            for upload in uploads:
                relative = upload.relative_to(app.config["UPLOAD_PATH"])
                archive.add(upload, arcname=f"uploads/{relative.as_posix()}")
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created_at": utcnow().isoformat(),
                "schema_revision": revision,
                "dialect": db.engine.dialect.name,
                "rows": rows,
                "files": len(uploads),
            }
            _add_bytes(
                archive,
                "manifest.json",
                json.dumps(manifest, ensure_ascii=False, indent=1).encode(),
            )
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Summary(revision, rows, len(uploads))


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    _add_file(archive, name, io.BytesIO(data))


def _add_file(archive: tarfile.TarFile, name: str, content) -> None:
    info = tarfile.TarInfo(name)
    info.size = content.seek(0, io.SEEK_END)
    info.mtime = int(utcnow().timestamp())
    content.seek(0)
    archive.addfile(info, content)


# --- restore -------------------------------------------------------------------------------


def _member_file(archive: tarfile.TarFile, member: str | tarfile.TarInfo) -> IO[bytes]:
    """A regular file of the archive; KeyError if missing, TypeError for anything else."""
    extracted = archive.extractfile(member)
    if extracted is None:  # a directory or a link: not something the wiki wrote
        raise TypeError(f"{member} is not a file")
    return extracted


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(_member_file(archive, "manifest.json"))
    except (KeyError, ValueError, TypeError):
        raise InvalidInput(
            "Ce fichier n'est pas une sauvegarde du wiki (pas de manifeste lisible)."
        ) from None
    if manifest.get("format") != FORMAT:
        raise InvalidInput("Ce fichier n'est pas une sauvegarde du wiki.")
    if manifest.get("version") != FORMAT_VERSION:
        raise InvalidInput(
            f"Sauvegarde au format {manifest.get('version')} : ce wiki lit le "
            f"format {FORMAT_VERSION}."
        )
    return manifest


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise InvalidInput(f"Sauvegarde illisible : {path} ({error}).") from None


def _check_empty() -> None:
    """Only the controlled tags that `wiki init` seeds may be there already."""
    from wiki.models import Page, User

    if db.session.scalar(select(func.count(User.id))) or db.session.scalar(
        select(func.count(Page.id))
    ):
        raise InvalidInput(
            "Cette instance n'est pas vide (des comptes ou des pages y sont "
            "déjà) : restaurez dans une instance neuve."
        )


def _known_revision(app: Flask, revision: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:
        return False


def restore_backup(app: Flask, path: Path, progress: Progress | None = None) -> Summary:
    """Restore the archive into this instance, which must be empty: the schema brought to the
    backup's migration, the rows written, then the later migrations applied (so an older
    backup is converted as an upgrade would convert it), the uploads put back and the search
    index rebuilt by the caller."""
    for folder in (app.config["MAIL_PATH"], app.config["UPLOAD_PATH"]):
        Path(folder).mkdir(parents=True, exist_ok=True)
    with _open_archive(path) as archive:
        manifest = read_manifest(archive)
        uploads = _upload_targets(archive, Path(app.config["UPLOAD_PATH"]))  # checked first
        revision = manifest["schema_revision"]
        if not _known_revision(app, revision):
            raise InvalidInput(
                f"Sauvegarde faite par une version plus récente du wiki (schéma "
                f"{revision}) : mettez le wiki à jour avant de la restaurer."
            )
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision=revision)
        current = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        if current != revision:
            raise InvalidInput(
                f"Cette instance est déjà au schéma {current} et la sauvegarde "
                f"au schéma {revision} : restaurez dans une instance neuve "
                "(sans « wiki init »)."
            )
        _check_empty()
        total = sum(manifest["rows"].values())
        _write_rows(archive, manifest, total, progress)
        upgrade(directory=directory)
        for member, target in uploads:
            target.parent.mkdir(parents=True, exist_ok=True)
            with _member_file(archive, member) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
    return Summary(revision, dict(manifest["rows"]), len(uploads))


def _write_rows(
    archive: tarfile.TarFile, manifest: dict, total: int, progress: Progress | None
) -> int:
    connection = db.session.connection()
    ordered = _tables(connection)
    tables = {table.name: table for table in ordered}
    missing = set(manifest["rows"]) - set(tables)
    if missing:
        raise InvalidInput(f"Tables inconnues dans la sauvegarde : {', '.join(sorted(missing))}.")
    for table in reversed(ordered):  # what `wiki init` seeded (the tags)
        connection.execute(table.delete())
    position = {table.name: i for i, table in enumerate(ordered)}
    deferred: list[tuple[Table, str, list[dict]]] = []
    done = 0
    for name, table in tables.items():
        if name not in manifest["rows"]:
            continue
        later = _columns_set_later(table, position)
        updates: list[dict] = []
        for batch in _batches(_read_table(archive, table)):
            if later:
                updates += [
                    {"_key": row[_key_column(table)], **{column: row[column] for column in later}}
                    for row in batch
                ]
                batch = [{**row, **dict.fromkeys(later)} for row in batch]
            connection.execute(table.insert(), batch)
            done += len(batch)
            if progress:
                progress(done, total)
        if later and updates:
            deferred.append((table, _key_column(table), updates))
    for table, key, updates in deferred:
        statement = (
            table.update()
            .where(table.c[key] == bindparam("_key"))
            .values({column: bindparam(column) for column in updates[0] if column != "_key"})
        )
        connection.execute(statement, updates)
    _reset_sequences(connection, tables.values())
    db.session.commit()
    return done


def _columns_set_later(table: Table, position: dict[str, int]) -> list[str]:
    """Columns of a foreign key to a table written later (the cycle of a page and its
    current revision): written empty with their row, then filled once the rows exist."""
    return sorted(
        {
            fk.parent.name
            for fk in table.foreign_keys
            if position.get(fk.column.table.name, -1) > position[table.name]
        }
    )


def _key_column(table: Table) -> str:
    return next(iter(table.primary_key.columns)).name


def _read_table(archive: tarfile.TarFile, table: Table) -> Iterator[dict]:
    decoders = {column.name: _decoder(column.type) for column in table.columns}
    member = archive.extractfile(f"tables/{table.name}.jsonl")
    if member is None:
        raise InvalidInput(f"Table {table.name} absente de la sauvegarde.")
    for line in member:
        record = json.loads(line)
        for name, value in record.items():
            decode = decoders.get(name)
            if decode is not None and value is not None:
                record[name] = decode(value)
        yield record


def _batches(rows: Iterator[dict]) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _reset_sequences(connection, tables) -> None:
    """PostgreSQL's sequences continue after the restored ids (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, types.Integer):
            continue
        # Names reflected from our own schema, not input.
        name, column = table.name, key[0].name
        sequence = connection.scalar(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": name, "c": column}
        )
        if sequence is None:
            continue
        highest = connection.scalar(select(func.max(key[0])))
        connection.execute(
            text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": (highest or 0) + 1}
        )


def _upload_targets(archive: tarfile.TarFile, folder: Path) -> list[tuple]:
    """Where each uploaded file of the archive goes; a crafted archive may write nowhere
    else than the uploads folder (refused before anything is restored)."""
    root = folder.resolve()
    targets = []
    for member in archive.getmembers():
        if not member.name.startswith("uploads/"):
            continue
        target = (folder / member.name.removeprefix("uploads/")).resolve()
        if root not in target.parents or not (member.isfile() or member.isdir()):
            raise InvalidInput(f"Chemin refusé dans la sauvegarde : {member.name}.")
        if member.isfile():
            targets.append((member, target))
    return targets
