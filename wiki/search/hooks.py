"""Keeps the index in step with the database: the outbox is applied after each commit.

A commit on the request's session marks it; when the request (or a command's application
context) ends, the pending tasks are applied. Indexing runs after the commit, never inside
it: if it fails the response is unaffected and the tasks stay in the outbox for the next
write, the next start-up or `wiki index sync`.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from wiki.extensions import db
from wiki.search import backend, segments

COMMITTED = "wiki.search.committed"
# A request or a start-up applies at most this many tasks: a large backlog (a killed
# import) must not hold up a response or a worker's boot; `wiki index sync` drains it.
TASKS_PER_REQUEST = 2000


def _note_commit(session) -> None:
    session.info[COMMITTED] = True


def _committed_since_last_check() -> bool:
    if not db.session.registry.has():
        return False
    session = db.session()
    if not session.info.get(COMMITTED):
        return False
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        # End the read transaction a view may have left open (loading what it rendered
        # after its commit): on SQLite its snapshot would go stale once the indexer deletes
        # the tasks, and a later write on this session would fail ("database is locked").
        session.commit()
    return bool(session.info.pop(COMMITTED, False))


def init_app(app: Flask) -> None:
    backend.init_app(app)
    segments.ARRAYS.resize(app.config["SEARCH_CACHE_MB"] * 1024 * 1024)
    if not event.contains(db.session, "after_commit", _note_commit):
        event.listen(db.session, "after_commit", _note_commit)

    def apply_after_commit(_error=None) -> None:
        if not _committed_since_last_check():
            return
        try:
            backend.backend(app).catch_up(app, limit=TASKS_PER_REQUEST)
        except Exception:  # the tasks stay in the outbox; the response must not suffer
            app.logger.exception("Indexing after commit failed; the tasks are kept")

    app.teardown_request(apply_after_commit)  # web and API writes
    app.teardown_appcontext(apply_after_commit)  # commands
    apply_leftovers(app)


def apply_leftovers(app: Flask) -> None:
    """At start-up: tasks a killed process committed but never indexed."""
    if not backend.backend(app).has_index(app):
        return  # no index yet: `wiki init` creates it, `wiki index rebuild` fills it
    with app.app_context():
        try:
            backend.backend(app).catch_up(app, limit=TASKS_PER_REQUEST)
        except SQLAlchemyError:  # a database not initialised yet: nothing to catch up
            app.logger.debug("No outbox to apply at start-up", exc_info=True)
        except Exception:
            app.logger.exception("Applying the index outbox at start-up failed")
