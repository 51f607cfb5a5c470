"""Database engine set-up: SQLite in WAL mode, and write transactions that start IMMEDIATE.

pysqlite opens deferred transactions: two saves that read then write can both read the old
state and the later one overwrites the earlier. A write transaction here takes SQLite's write
lock at BEGIN (the SQLAlchemy "pysqlite serializable" recipe); reads stay deferred so readers
never queue behind writers. PostgreSQL needs none of this: the version check on pages does it.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session

from wiki.extensions import db

# What a domain function's `session` may be: a Session, or Flask-SQLAlchemy's db.session,
# the scoped_session that stands for the current one with the same methods.
SessionLike: TypeAlias = Session | scoped_session[Any]

SQLITE_BUSY_TIMEOUT_MS = 10_000
IMMEDIATE = "sqlite_immediate"


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = "IMMEDIATE" if connection.get_execution_options().get(IMMEDIATE) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


def begin_write() -> None:
    """Start the session's next transaction as a write transaction.

    Call before reading what a write depends on. A read-only transaction already open
    (Flask-Login loading the user, say) is ended first; pending changes would be a bug.
    """
    session = db.session()  # the scoped proxy lacks in_transaction()
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() called with unflushed changes")
        session.commit()
    session.connection(execution_options={IMMEDIATE: True})
