"""The mail module: queued in the causing transaction, sent after the commit over real SMTP,
kept when the server is down, sent once, in the recipient's language, with a working
unsubscribe link."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import func, select

from tests.conftest import at_once
from wiki.extensions import db
from wiki.mail import Category, send_mail
from wiki.mail.delivery import MAX_ATTEMPTS, send_pending
from wiki.mail.links import unsubscribe_url
from wiki.models import OutgoingMail
from wiki.models.base import utcnow


def queue_in_own_context(app, user_id: int, *, category=Category.ACCOUNT, commit=True):
    """As a command or a request does: its own context, its own session, its own commit."""
    from wiki.models import User

    with app.app_context():
        user = db.session.get(User, user_id)
        send_mail(db.session, user, "login_ceiling_reached", category=category, failures=50)
        if commit:
            db.session.commit()
        else:
            db.session.rollback()


def mails() -> list[OutgoingMail]:
    db.session.commit()  # a fresh snapshot: other contexts sent and wrote meanwhile
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def run_cli(app, *args):
    return CliRunner().invoke(app.cli, list(args), catch_exceptions=False)


def test_a_committed_mail_reaches_the_smtp_server(app, smtp, member):
    queue_in_own_context(app, member.id)

    [received] = smtp.to(member.email)
    assert "Tentatives de connexion" in received["Subject"]
    assert "50 tentatives" in received.get_body(("plain",)).get_content()
    assert received.get_body(("html",)) is not None
    assert received["From"] == app.config["MAIL_SENDER"]
    assert mails()[0].sent_at is not None


def test_a_rolled_back_action_sends_nothing(app, smtp, member):
    queue_in_own_context(app, member.id, commit=False)

    assert smtp.messages == []
    assert mails() == []


def test_with_the_server_down_the_mail_waits_then_leaves_once(app, smtp, member):
    smtp.stop()
    queue_in_own_context(app, member.id)
    [waiting] = mails()
    assert waiting.sent_at is None and waiting.attempts == 1 and waiting.last_error

    down = CliRunner().invoke(app.cli, ["mail", "send"])
    assert down.exit_code == 1
    assert "injoignable" in down.output and "1 mails restent en attente" in down.output

    smtp.start()
    sent = run_cli(app, "mail", "send")
    assert sent.exit_code == 0, sent.output
    assert "Mails envoyés : 1" in sent.output
    again = run_cli(app, "mail", "send")
    assert "Mails envoyés : 0" in again.output
    assert len(smtp.to(member.email)) == 1


def test_without_a_server_mails_become_eml_files(app, member):
    queue_in_own_context(app, member.id)

    [written] = list((app.config["MAIL_PATH"]).glob("*.eml"))
    content = written.read_text()
    assert f"To: {member.email}" in content and "Subject:" in content


def test_the_mail_speaks_the_recipients_language(app, smtp, member):
    member.locale = "en"
    db.session.commit()
    queue_in_own_context(app, member.id)

    [received] = smtp.to(member.email)
    assert "sign-in attempts" in received["Subject"].lower()


def test_two_senders_at_once_send_each_mail_once(app, smtp, member):
    smtp.stop()
    for _ in range(12):
        queue_in_own_context(app, member.id)
    smtp.start()

    at_once(app, lambda: send_pending(app, ignore_backoff=True), 3)

    assert len(smtp.to(member.email)) == 12
    assert {m["Message-ID"] for m in smtp.messages}.__len__() == 12


def test_a_failing_mail_backs_off_then_is_given_up_but_kept(app, smtp, member):
    smtp.stop()
    queue_in_own_context(app, member.id)
    [mail] = mails()
    assert mail.next_attempt_at > utcnow() + timedelta(seconds=30)

    assert send_pending(app).tried == 0  # not due yet: the backoff holds
    for _ in range(MAX_ATTEMPTS):
        send_pending(app, ignore_backoff=True)
    [mail] = mails()
    assert mail.failed_at is not None and mail.attempts == MAX_ATTEMPTS
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 1


def test_an_unsubscribe_link_works_without_signing_in(app, client, smtp, member):
    queue_in_own_context(app, member.id, category=Category.MESSAGES)
    [received] = smtp.to(member.email)
    link = received["List-Unsubscribe"].strip("<>")
    assert link == unsubscribe_url(member, Category.MESSAGES)
    path = link.removeprefix("http://wiki.test")

    assert "Ne plus recevoir ces mails" in client.get(path).get_data(as_text=True)
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200

    queue_in_own_context(app, member.id, category=Category.MESSAGES)
    queue_in_own_context(app, member.id, category=Category.ACCOUNT)  # never opted out
    assert [m.category for m in mails()] == ["messages", "account"]


def test_a_forged_unsubscribe_link_is_not_found(client, member):
    assert client.get("/mail/unsubscribe/abc.def").status_code == 404
    assert client.post("/mail/unsubscribe/WzEsICJtZXNzYWdlcyJd.x").status_code == 404


def test_after_a_web_request_a_thread_sends_so_the_answer_does_not_wait(app, smtp, member):
    from wiki.aftercommit import after_commit

    app.config["MAIL_DELIVERY"] = "background"
    with app.test_request_context("/"):
        send_mail(
            db.session,
            db.session.get(type(member), member.id),
            "login_ceiling_reached",
            failures=50,
        )
        db.session.commit()
    runner = after_commit(app)
    assert runner.thread is not None  # the request handed the work over
    assert runner.wait_until_idle(timeout=30)
    assert len(smtp.to(member.email)) == 1


def test_rewriting_waiting_mails_touches_those_of_that_address_alone(app, member):
    """What masking or anonymising calls: mails not yet gone that link to the page."""
    from wiki.mail.queue import rewrite_waiting

    def mail(link: str, sent: bool = False) -> OutgoingMail:
        made = OutgoingMail(
            recipient_id=member.id,
            to_address=member.email,
            template="notification",
            category="notifications",
            subject="« Chez Madame Z'nom »",
            text=f"« Chez Madame Z'nom » http://wiki.test{link}",
            html=f'<a href="http://wiki.test{link}">« Chez Madame Z&#39;nom »</a>',
            sent_at=utcnow() if sent else None,
        )
        db.session.add(made)
        return made

    waiting, gone, other = (
        mail("/pages/visite"),
        mail("/pages/visite", sent=True),
        mail("/pages/visite-2"),
    )
    db.session.flush()
    assert rewrite_waiting(db.session, "/pages/visite", {"Chez Madame Z'nom": "Une visite"}) == 1
    assert waiting.subject == waiting.text.split(" http")[0] == "« Une visite »"
    assert "« Une visite »" in waiting.html and "Z&#39;nom" not in waiting.html
    for untouched in (gone, other):
        assert "Z'nom" in untouched.subject + untouched.text
