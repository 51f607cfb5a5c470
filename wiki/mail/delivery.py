"""Delivering queued mail: claim, send, record; retry with backoff; never send twice.

A mail is claimed (a conditional UPDATE) before it is sent, so two processes sending at
once never both send it; a claim expires, so a sender that died mid-way leaves nothing
stuck. An SMTP error counts an attempt and schedules the next one later (1, 2, 4... minutes,
at most 6 hours); after MAX_ATTEMPTS the mail is given up but kept, with its last error.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, cast

from flask import Flask
from sqlalchemy import CursorResult, or_, select, update

from wiki.database import begin_write
from wiki.extensions import db
from wiki.models import OutgoingMail
from wiki.models.base import utcnow

MAX_ATTEMPTS = 8
CLAIM = timedelta(minutes=2)
MAX_BACKOFF = timedelta(hours=6)
SMTP_TIMEOUT_S = 15
BATCH = 100
SECURITIES = ("auto", "starttls", "ssl", "none")


class TransportDown(Exception):
    """The server cannot be reached at all: stop this run, the mails stay queued."""


@dataclass
class Outcome:
    sent: int = 0
    retried: int = 0  # failed this time, will be tried again
    given_up: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def tried(self) -> int:
        return self.sent + self.retried + self.given_up


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at.replace(tzinfo=None), usegmt=False)
    # Stable across retries: a receiving server that got it once can tell a resend.
    domain = sender.rpartition("@")[2] or "wiki.local"
    message["Message-ID"] = make_msgid(idstring=f"mail-{mail.id}", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (mail.headers or {}).items():
        message[name] = value
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


class FileTransport:
    """No SMTP server configured: each mail becomes an .eml file to read or forward."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> FileTransport:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *_exc) -> None:
        return None

    def send(self, mail: OutgoingMail, message: EmailMessage) -> None:
        stamp = mail.created_at.strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"{stamp}-{mail.id:06d}.eml"
        try:
            path.write_bytes(bytes(message))
        except OSError as error:
            raise TransportDown(f"{self.folder} : {error}") from error


class SmtpTransport:
    """One connection for a batch; STARTTLS when asked (or, in `auto`, when offered).

    The server's certificate is verified (the system's authorities, or SSL_CERT_FILE). A
    password is sent over an encrypted connection only, unless WIKI_MAIL_SECURITY=none says
    the network between the wiki and its server is trusted: in `auto`, a server that does
    not offer STARTTLS gets no login (the mails wait, with the reason).
    """

    def __init__(self, config) -> None:
        self.host = config["MAIL_SERVER"]
        self.security = (config.get("MAIL_SECURITY") or "auto").lower()
        self.port = config.get("MAIL_PORT") or (465 if self.security == "ssl" else 25)
        self.username = config.get("MAIL_USERNAME")
        self.password = config.get("MAIL_PASSWORD") or ""
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        if self.security not in SECURITIES:
            raise TransportDown(
                f"WIKI_MAIL_SECURITY « {self.security} » inconnu : {', '.join(SECURITIES)}"
            )
        context = ssl.create_default_context()
        try:
            if self.security == "ssl":
                self.connection = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=SMTP_TIMEOUT_S, context=context
                )
            else:
                self.connection = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_S)
                self.connection.ehlo()
                offered = self.connection.has_extn("starttls")
                if self.security == "starttls" or (self.security == "auto" and offered):
                    self.connection.starttls(context=context)
                    self.connection.ehlo()
                elif self.security == "auto" and self.username:
                    raise TransportDown(
                        f"{self.host}:{self.port} ne propose pas STARTTLS : le mot de passe "
                        "ne part pas en clair (WIKI_MAIL_SECURITY=none pour l'accepter)"
                    )
            if self.username:
                self.connection.login(self.username, self.password)
        except TransportDown:
            self.__exit__()
            raise
        except (OSError, smtplib.SMTPException) as error:
            self.__exit__()
            raise TransportDown(f"{self.host}:{self.port} : {error}") from error
        return self

    def __exit__(self, *_exc) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                self.connection.close()
            self.connection = None

    def send(self, mail: OutgoingMail, message: EmailMessage) -> None:
        if self.connection is None:
            raise RuntimeError("send() outside the connection's `with` block")
        try:
            self.connection.send_message(message)
        except (TimeoutError, smtplib.SMTPServerDisconnected, ConnectionError) as error:
            raise TransportDown(str(error)) from error


def transport_for(app: Flask):
    if app.config.get("MAIL_SERVER"):
        return SmtpTransport(app.config)
    return FileTransport(Path(app.config["MAIL_PATH"]))


def pending_count(session) -> int:
    from sqlalchemy import func

    return (
        session.scalar(
            select(func.count(OutgoingMail.id)).where(
                OutgoingMail.sent_at.is_(None), OutgoingMail.failed_at.is_(None)
            )
        )
        or 0
    )


def _due_ids(ignore_backoff: bool, limit: int) -> list[int]:
    now = utcnow()
    query = select(OutgoingMail.id).where(
        OutgoingMail.sent_at.is_(None),
        OutgoingMail.failed_at.is_(None),
        or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < now),
    )
    if not ignore_backoff:
        query = query.where(OutgoingMail.next_attempt_at <= now)
    ids = list(db.session.scalars(query.order_by(OutgoingMail.id).limit(limit)))
    db.session.commit()  # end the read: the claims below are writes of their own
    return ids


def _claim(mail_id: int) -> OutgoingMail | None:
    """Take the mail for this sender, or None if another sender has it or it left."""
    begin_write()
    now = utcnow()
    result = db.session.execute(
        update(OutgoingMail)
        .where(
            OutgoingMail.id == mail_id,
            OutgoingMail.sent_at.is_(None),
            OutgoingMail.failed_at.is_(None),
            or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if cast("CursorResult[Any]", result).rowcount != 1:  # an UPDATE: a cursor result
        return None
    return db.session.get(OutgoingMail, mail_id, populate_existing=True)


def _record(mail: OutgoingMail, error: str | None) -> str:
    begin_write()
    fresh = db.session.get(OutgoingMail, mail.id, populate_existing=True)
    if fresh is None:  # mails are never deleted while claimed
        raise RuntimeError(f"outgoing mail {mail.id} vanished while being sent")
    mail = fresh
    now = utcnow()
    mail.claimed_until = None
    if error is None:
        mail.sent_at = now
        outcome = "sent"
    else:
        mail.attempts += 1
        mail.last_error = error[:500]
        if mail.attempts >= MAX_ATTEMPTS:
            mail.failed_at = now
            outcome = "given_up"
        else:
            mail.next_attempt_at = now + min(
                timedelta(minutes=2 ** (mail.attempts - 1)), MAX_BACKOFF
            )
            outcome = "retried"
    db.session.commit()
    return outcome


def send_pending(app: Flask, *, ignore_backoff: bool = False, limit: int | None = None) -> Outcome:
    """Send what is due (everything waiting, with `ignore_backoff`), at most `limit` mails."""
    outcome = Outcome()
    sender = app.config["MAIL_SENDER"]
    while limit is None or outcome.tried < limit:
        batch = BATCH if limit is None else min(BATCH, limit - outcome.tried)
        ids = _due_ids(ignore_backoff, batch)
        if not ids:
            break
        claimed = [mail for mail in map(_claim, ids) if mail is not None]
        if not claimed:
            break
        try:
            _send_batch(app, claimed, sender, outcome)
        except TransportDown as error:
            outcome.errors.append(str(error))
            break
    return outcome


def _send_batch(app: Flask, mails: list[OutgoingMail], sender: str, outcome: Outcome) -> None:
    remaining = list(mails)
    try:
        with transport_for(app) as transport:
            while remaining:
                mail = remaining[0]
                try:
                    transport.send(mail, build_message(mail, sender))
                except smtplib.SMTPException as error:  # this mail refused, the next may go
                    result = _record(mail, f"{type(error).__name__}: {error}")
                else:
                    result = _record(mail, None)
                remaining.pop(0)
                setattr(outcome, result, getattr(outcome, result) + 1)
    except TransportDown as error:
        # The first mail not sent counts an attempt (its backoff grows); the rest of the
        # batch is released untouched for the next run.
        if remaining:
            result = _record(remaining[0], str(error))
            setattr(outcome, result, getattr(outcome, result) + 1)
        _release(remaining[1:])
        raise


def _release(mails: list[OutgoingMail]) -> None:
    if not mails:
        return
    begin_write()
    db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id.in_([m.id for m in mails]))
        .values(claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
