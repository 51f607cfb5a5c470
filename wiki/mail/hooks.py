"""Mail leaves after the commit that queued it, never from inside the transaction.

A flush that adds an OutgoingMail marks the session; its commit turns the mark into "mail
to send"; a rollback drops it. When the request (or a command's application context) ends,
the queue is sent: by a sender thread of this process for a web request, so the answer
does not wait for the SMTP server, inline for commands and in tests (MAIL_DELIVERY=inline).
Whatever fails stays queued for the next commit, `wiki mail send` or cron.
"""

from __future__ import annotations

import threading

from flask import Flask, has_request_context
from sqlalchemy import event

from wiki.extensions import db
from wiki.mail.delivery import send_pending
from wiki.models import OutgoingMail

QUEUED = "wiki.mail.queued"
COMMITTED = "wiki.mail.committed"
SEND_PER_COMMIT = 50  # a large batch (a digest) is left to `wiki mail send`


def _note_flush(session, _context) -> None:
    if any(isinstance(item, OutgoingMail) for item in session.new):
        session.info[QUEUED] = True


def _note_commit(session) -> None:
    if session.info.pop(QUEUED, False):
        session.info[COMMITTED] = True


def _forget(session) -> None:
    session.info.pop(QUEUED, None)


class SenderThread:
    """One thread per process that sends the queue each time it is woken."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wake = threading.Event()
        self.idle = threading.Event()  # set when a pass ended with nothing new to send
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def wait_idle(self, timeout: float) -> bool:
        """Wait until the thread has sent what it was woken for (for tests and shutdown)."""
        return self.idle.wait(timeout)

    def notify(self) -> None:
        self.idle.clear()
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="wiki-mail",
                                               daemon=True)
                self.thread.start()
        self.wake.set()

    def _run(self) -> None:
        while True:
            self.wake.wait()
            self.wake.clear()
            with self.app.app_context():
                try:
                    send_pending(self.app, limit=SEND_PER_COMMIT)
                except Exception:  # the mails stay queued; the next commit tries again
                    self.app.logger.exception("Sending queued mail failed")
                finally:
                    db.session.remove()
            if not self.wake.is_set():
                self.idle.set()


def init_app(app: Flask) -> None:
    for name, listener in (("after_flush", _note_flush), ("after_commit", _note_commit),
                           ("after_rollback", _forget)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
    sender = SenderThread(app)
    app.extensions["wiki.mail.sender"] = sender

    def send_after_commit(_error=None) -> None:
        if not db.session.registry.has():
            return
        if not db.session().info.pop(COMMITTED, False):
            return
        if has_request_context() and app.config.get("MAIL_DELIVERY") != "inline":
            sender.notify()
            return
        try:
            send_pending(app, limit=SEND_PER_COMMIT)
        except Exception:
            app.logger.exception("Sending queued mail failed; it stays queued")

    app.teardown_request(send_after_commit)
    app.teardown_appcontext(send_after_commit)
