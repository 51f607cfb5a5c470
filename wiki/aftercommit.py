"""Work that follows a commit, never runs inside it: mail to send, notifications to deliver.

Each job watches one outbox model: a flush that adds a row of it marks the session, the
commit turns the mark into "work to do", a rollback drops it. When the request (or a
command's application context) ends, the marked jobs run in the order they were added
(notifications before mail: delivering a notification may queue a mail). For a web
request they run on a thread of the process, so the answer does not wait for an SMTP
server; inline for commands, and for requests when MAIL_DELIVERY=inline (the tests).
Whatever fails stays in its outbox for the next commit or the job's command.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context, has_request_context
from sqlalchemy import event

from wiki.extensions import db

EXTENSION = "wiki.aftercommit"


@dataclass(frozen=True)
class Job:
    name: str
    outbox: type  # the model whose new rows call for this job
    run: Callable[[Flask], object]

    @property
    def queued_key(self) -> str:
        return f"{EXTENSION}.queued.{self.name}"

    @property
    def committed_key(self) -> str:
        return f"{EXTENSION}.committed.{self.name}"


class AfterCommit:
    """The jobs of one application, and the thread that runs them for web requests."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.jobs: list[Job] = []
        self.wake = threading.Event()
        self.idle = threading.Event()  # set when the thread has nothing left to do
        self.idle.set()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def add(self, name: str, outbox: type, run: Callable[[Flask], object]) -> None:
        self.jobs.append(Job(name, outbox, run))

    # --- running -------------------------------------------------------------------------

    def after_request_or_command(self, _error=None) -> None:
        if not db.session.registry.has():
            return
        if has_request_context() and self.app.config.get("MAIL_DELIVERY") != "inline":
            info = db.session().info
            marked = [info.pop(job.committed_key, False) for job in self.jobs]
            if any(marked):
                self.notify()
            return
        self.run_marked()

    def run_marked(self) -> None:
        """Inline: each job whose outbox got rows in a commit of this session, in order; a
        job that commits rows of a later job's outbox (a notification's mail) marks it."""
        for job in self.jobs:
            if db.session().info.pop(job.committed_key, False):
                self._run(job)

    def _run(self, job: Job) -> None:
        try:
            job.run(self.app)
        except Exception:  # the rows stay in the outbox; the answer must not suffer
            self.app.logger.exception("After-commit job %s failed; its work is kept", job.name)

    def notify(self) -> None:
        with self.lock:
            self.idle.clear()
            self.wake.set()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._loop, name="wiki-after-commit", daemon=True
                )
                self.thread.start()

    def wait_until_idle(self, timeout: float) -> bool:
        """For tests and shutdown: True once the thread has run everything it was woken for."""
        return self.idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            self.wake.wait()
            self.wake.clear()
            with self.app.app_context():
                try:
                    for job in self.jobs:
                        self._run(job)
                finally:
                    db.session.remove()
            with self.lock:
                if not self.wake.is_set():
                    self.idle.set()


# The session's listeners are module functions, added once for every application: each
# finds the jobs of the application whose context is current.


def _jobs() -> list[Job]:
    if not has_app_context():
        return []
    runner = current_app.extensions.get(EXTENSION)
    return runner.jobs if runner is not None else []


def _note_flush(session, _context) -> None:
    for job in _jobs():
        if any(isinstance(item, job.outbox) for item in session.new):
            session.info[job.queued_key] = True


def _note_commit(session) -> None:
    for job in _jobs():
        if session.info.pop(job.queued_key, False):
            session.info[job.committed_key] = True


def _forget(session) -> None:
    for job in _jobs():
        session.info.pop(job.queued_key, None)


def init_app(app: Flask) -> AfterCommit:
    runner = AfterCommit(app)
    app.extensions[EXTENSION] = runner
    for name, listener in (
        ("after_flush", _note_flush),
        ("after_commit", _note_commit),
        ("after_rollback", _forget),
    ):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
    app.teardown_request(runner.after_request_or_command)
    app.teardown_appcontext(runner.after_request_or_command)
    return runner


def after_commit(app: Flask) -> AfterCommit:
    return app.extensions[EXTENSION]
