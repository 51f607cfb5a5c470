"""SMTP as CONTRACT configures it: a login over STARTTLS or SSL, the server's certificate
verified, never a password in clear unless asked, and the mails kept whenever the server
refuses (aiosmtpd servers on loopback with a certificate made for the test)."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess

import pytest
from click.testing import CliRunner
from conftest import need
from sqlalchemy import select

from wiki.extensions import db
from wiki.mail import send_mail
from wiki.models import OutgoingMail, User

LOGIN, PASSWORD = "wiki@alters.example", "secret-smtp"
# aiosmtpd warns when its AUTH is offered without TLS: what the "plain" server is for.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (openssl), as (cert file, key file)."""
    need(shutil.which("openssl") is not None, "openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class Inbox:
    """What the server received, with how each session was secured and signed in."""

    def __init__(self) -> None:
        self.messages: list = []
        self.sessions: list[dict] = []
        self.logins: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.sessions.append({"tls": encrypted, "auth": bool(session.authenticated)})
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def authenticate(self, _server, _session, _envelope, _mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        return AuthResult(success=(login, password) == (LOGIN, PASSWORD), handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(app, certificate, monkeypatch):
    """start(mode): an SMTP server on loopback, mode "starttls" (offered, then required
    with the login), "ssl" (TLS from the first byte) or "plain" (no TLS, AUTH in clear)."""
    from aiosmtpd.controller import Controller

    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the wiki trusts this one certificate
    running: list = []
    inbox = Inbox()

    def start(mode: str) -> Inbox:
        port = _free_port()
        options: dict = {"authenticator": inbox.authenticate, "auth_required": True}
        if mode == "starttls":
            options |= {"tls_context": server_context, "require_starttls": True}
        elif mode == "ssl":  # aiosmtpd cannot tell this connection is encrypted: AUTH offered
            options |= {"ssl_context": server_context, "auth_require_tls": False}
        else:
            options |= {"auth_require_tls": False}
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        running.append(controller)
        app.config.update(
            MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USERNAME=LOGIN, MAIL_PASSWORD=PASSWORD
        )
        return inbox

    yield start
    for controller in running:
        controller.stop()


def queue(app, user_id: int) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        send_mail(db.session, user, "login_ceiling_reached", failures=3)
        db.session.commit()


def waiting() -> list[OutgoingMail]:
    db.session.commit()
    return list(db.session.scalars(select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))))


def mail_send(app):
    return CliRunner().invoke(app.cli, ["mail", "send"])


@pytest.mark.parametrize("security", ["starttls", "auto"])
def test_a_mail_leaves_over_starttls_after_the_login(app, server, member, security):
    inbox = server("starttls")
    app.config["MAIL_SECURITY"] = security

    queue(app, member.id)

    assert [m["To"] for m in inbox.messages] == [member.email]
    assert inbox.sessions == [{"tls": True, "auth": True}]
    assert inbox.logins == [(LOGIN, PASSWORD)]
    assert waiting() == []


def test_a_mail_leaves_over_ssl_after_the_login(app, server, member):
    inbox = server("ssl")
    app.config["MAIL_SECURITY"] = "ssl"

    queue(app, member.id)

    assert [m["To"] for m in inbox.messages] == [member.email]
    assert inbox.sessions == [{"tls": True, "auth": True}]


def test_a_refused_login_keeps_the_mail_and_says_why(app, server, member):
    inbox = server("starttls")
    app.config.update(MAIL_SECURITY="starttls", MAIL_PASSWORD="not-the-password")

    queue(app, member.id)

    assert inbox.messages == []
    [mail] = waiting()
    assert mail.attempts == 1 and "535" in mail.last_error
    result = mail_send(app)
    assert result.exit_code == 1 and "1 mails restent en attente" in result.output

    app.config["MAIL_PASSWORD"] = PASSWORD
    assert mail_send(app).exit_code == 0
    assert [m["To"] for m in inbox.messages] == [member.email]


def test_a_certificate_nobody_vouches_for_is_refused(app, server, member, monkeypatch):
    inbox = server("starttls")
    app.config["MAIL_SECURITY"] = "starttls"
    monkeypatch.delenv("SSL_CERT_FILE")  # the system's authorities do not know it

    queue(app, member.id)

    assert inbox.messages == [] and inbox.logins == []
    [mail] = waiting()
    assert "certificate" in mail.last_error.lower()


def test_auto_never_sends_the_password_in_clear(app, server, member):
    inbox = server("plain")
    app.config["MAIL_SECURITY"] = "auto"

    queue(app, member.id)

    assert inbox.logins == [] and inbox.messages == []
    [mail] = waiting()
    assert "STARTTLS" in mail.last_error
    result = mail_send(app)
    assert result.exit_code == 1 and "ne part pas en clair" in result.output


def test_none_says_the_network_is_trusted_and_logs_in_without_tls(app, server, member):
    inbox = server("plain")
    app.config["MAIL_SECURITY"] = "none"

    queue(app, member.id)

    assert inbox.sessions == [{"tls": False, "auth": True}]
    assert waiting() == []
