"""Conversations between members: real mail with a link and no address, replies and read
state, the unread count, blocking, reporting and the daily limit, on the web and the API."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.contact_helpers import give_profile
from tests.helpers import sign_in, sign_out, text_of
from wiki.aftercommit import after_commit
from wiki.extensions import db
from wiki.models import Conversation, Message, OutgoingMail, Report


@pytest.fixture
def reachable(other_member):
    """Karim is in the directory and accepts contact from members."""
    give_profile(other_member, departement="37")
    return other_member


def start_on_web(client, recipient, subject="Votre maraude", body="Bonjour, **merci**."):
    return client.post(
        "/messages/new", data={"to": recipient.handle, "subject": subject, "body": body}
    )


def start_by_api(client, headers, recipient, subject="Votre maraude", body="Bonjour."):
    return client.post(
        "/api/v1/conversations",
        headers=headers,
        json={"to": recipient.handle, "subject": subject, "body": body},
    )


def conversation_id(response) -> int:
    return int(re.search(r"/messages/(\d+)", response.headers["Location"]).group(1))


# --- mail -----------------------------------------------------------------------------------


def test_a_message_reaches_the_recipient_by_smtp_with_a_link_and_no_address(
    app, client, smtp, member, reachable
):
    sign_in(client, member)

    response = start_on_web(client, reachable)

    assert response.status_code == 303
    [mail] = smtp.to(reachable.email)
    raw = mail.as_string()
    assert member.email not in raw
    assert mail["Reply-To"] is None and mail["From"] == app.config["MAIL_SENDER"]
    assert "Claire Martin" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert f"http://wiki.test/messages/{conversation_id(response)}" in text
    assert "merci" not in raw  # the text stays in the wiki


def test_with_the_smtp_server_down_the_message_mail_waits_for_wiki_mail_send(
    app, client, smtp, member, reachable
):
    smtp.stop()
    sign_in(client, member)

    assert start_on_web(client, reachable).status_code == 303

    db.session.commit()
    waiting = db.session.scalars(select(OutgoingMail)).all()
    assert [m.sent_at for m in waiting] == [None] and waiting[0].to_address == reachable.email
    smtp.start()
    result = CliRunner().invoke(app.cli, ["mail", "send"], catch_exceptions=False)
    assert result.exit_code == 0 and "Mails envoyés : 1" in result.output
    assert len(smtp.to(reachable.email)) == 1


def test_the_background_sender_thread_delivers_after_the_request(
    app, client, smtp, member, reachable
):
    app.config["MAIL_DELIVERY"] = "background"
    sign_in(client, member)

    assert start_on_web(client, reachable).status_code == 303

    assert after_commit(app).wait_until_idle(timeout=30)
    assert len(smtp.to(reachable.email)) == 1


def test_a_second_message_while_the_first_is_unread_sends_no_second_mail(
    client, smtp, token_for, member, reachable
):
    headers = token_for(member)
    started = start_by_api(client, headers, reachable).get_json()
    client.post(
        f"/api/v1/conversations/{started['id']}/messages",
        headers=headers,
        json={"body": "Et une précision."},
    )

    assert len(smtp.to(reachable.email)) == 1


# --- conversations, replies, read state ------------------------------------------------------


def test_a_member_writes_the_other_replies_and_each_reads_the_other(
    client, smtp, member, reachable
):
    sign_in(client, member)
    number = conversation_id(start_on_web(client, reachable))
    sign_out(client)
    sign_in(client, reachable)
    assert re.search(
        r'href="/messages">Messages <span class="unread-count">1', text_of(client.get("/"))
    )

    page = text_of(client.get(f"/messages/{number}"))
    assert "<strong>merci</strong>" in page and "Claire Martin" in page
    replied = client.post(f"/messages/{number}", data={"body": "Avec plaisir, *appelez*."})
    assert replied.status_code == 303
    assert 'class="unread-count"' not in text_of(client.get("/"))
    sign_out(client)

    sign_in(client, member)
    assert 'class="unread-count">1' in text_of(client.get("/messages"))
    page = text_of(client.get(f"/messages/{number}"))
    assert "<em>appelez</em>" in page
    assert len(smtp.to(member.email)) == 1


def test_the_first_message_shows_read_once_the_recipient_opened_it(
    client, token_for, member, reachable
):
    mine, theirs = token_for(member), token_for(reachable)
    started = start_by_api(client, mine, reachable).get_json()
    assert started["messages"][0]["read"] is False

    listing = client.get("/api/v1/conversations", headers=theirs).get_json()
    assert listing["unread"] == 1 and listing["results"][0]["unread"] == 1
    assert (
        client.get(f"/api/v1/conversations/{started['id']}", headers=theirs).get_json()["unread"]
        == 1
    )

    assert client.get("/api/v1/conversations", headers=theirs).get_json()["unread"] == 0
    again = client.get(f"/api/v1/conversations/{started['id']}", headers=mine).get_json()
    assert again["messages"][0]["read"] is True


def test_message_bodies_are_safe_markdown(client, token_for, member, reachable):
    started = start_by_api(
        client,
        token_for(member),
        reachable,
        body="**gras** <script>alert(1)</script> [x](javascript:alert(1))",
    ).get_json()

    html = started["messages"][0]["html"]
    assert "<strong>gras</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html


def test_someone_outside_a_conversation_finds_nothing(
    client, token_for, member, reachable, make_user
):
    started = start_by_api(client, token_for(member), reachable).get_json()
    stranger = make_user("sophie@example.org", "Sophie Durand")
    headers = token_for(stranger)

    assert client.get(f"/api/v1/conversations/{started['id']}", headers=headers).status_code == 404
    assert (
        client.post(
            f"/api/v1/conversations/{started['id']}/messages",
            headers=headers,
            json={"body": "Coucou"},
        ).status_code
        == 404
    )
    sign_in(client, stranger)
    assert client.get(f"/messages/{started['id']}").status_code == 404
    assert client.get(f"/api/v1/conversations/{started['id']}").status_code == 401


def test_the_api_refuses_incomplete_or_anonymous_requests(client, token_for, member, reachable):
    headers = token_for(member)

    assert client.post("/api/v1/conversations", json={"to": reachable.handle}).status_code == 401
    missing = client.post(
        "/api/v1/conversations", headers=headers, json={"to": reachable.handle, "subject": "Objet"}
    )
    assert missing.status_code == 400 and missing.get_json()["error"]["code"] == "missing_key"
    empty = start_by_api(client, headers, reachable, body="   ")
    assert empty.status_code == 400
    assert start_by_api(client, headers, member).status_code == 403  # to oneself


# --- who can be reached -------------------------------------------------------------------------


def test_a_member_who_accepts_no_contact_gets_no_new_conversation(
    client, token_for, member, other_member
):
    give_profile(other_member, accepts_contact="nobody")

    refused = start_by_api(client, token_for(member), other_member)

    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == "Ce membre ne reçoit pas de nouveaux messages."
    sign_in(client, member)
    page = client.get(f"/messages/new?to={other_member.handle}")
    assert page.status_code == 403 and "ne reçoit pas de nouveaux messages" in text_of(page)
    assert 'name="body"' not in text_of(page)


def test_a_member_outside_the_directory_is_reached_only_through_a_page_they_wrote(
    client, token_for, member, other_member, make_page
):
    headers = token_for(member)
    assert start_by_api(client, headers, other_member).status_code == 404

    page = make_page("Une maraude partagée", author=other_member)
    sign_in(client, member)
    view = text_of(client.get(f"/pages/{page.slug}"))
    assert f'href="/messages/new?to={other_member.handle}&amp;page={page.slug}"' in view
    form = text_of(client.get(f"/messages/new?to={other_member.handle}&page={page.slug}"))
    assert "À propos de « Une maraude partagée »" in form
    assert start_by_api(client, headers, other_member).status_code == 201


def test_nobody_can_write_to_an_unknown_handle(client, token_for, member):
    assert (
        client.post(
            "/api/v1/conversations",
            headers=token_for(member),
            json={"to": "personne", "subject": "a", "body": "b"},
        ).status_code
        == 404
    )


# --- blocking -----------------------------------------------------------------------------------


def test_blocking_on_the_web_stops_new_conversations_and_silently_withholds_replies(
    client, smtp, member, reachable
):
    give_profile(member)
    sign_in(client, member)
    number = conversation_id(start_on_web(client, reachable))
    sign_out(client)
    sign_in(client, reachable)
    client.get(f"/messages/{number}")
    blocked = client.post(f"/messages/block/{member.handle}", data={"next": f"/messages/{number}"})
    assert blocked.status_code == 303
    assert "Débloquer Claire Martin" in text_of(client.get(f"/messages/{number}"))
    sign_out(client)

    sign_in(client, member)
    refused = start_on_web(client, reachable, subject="Encore moi")
    assert refused.status_code == 403
    assert "ne reçoit pas de nouveaux messages" in text_of(refused)
    assert "bloqu" not in text_of(refused).lower()
    replied = client.post(f"/messages/{number}", data={"body": "Vous êtes là ?"})
    assert replied.status_code == 303  # as if it went through
    assert "Vous êtes là ?" in text_of(client.get(f"/messages/{number}"))
    sign_out(client)

    sign_in(client, reachable)
    assert "Vous êtes là ?" not in text_of(client.get(f"/messages/{number}"))
    assert 'class="unread-count"' not in text_of(client.get("/"))
    assert len(smtp.to(reachable.email)) == 1  # the first message's, nothing after the block


def test_blocking_through_the_api_and_unblocking(client, token_for, member, reachable):
    mine, theirs = token_for(member), token_for(reachable)
    started = start_by_api(client, mine, reachable).get_json()

    assert client.post(f"/api/v1/people/{member.handle}/block", headers=theirs).get_json() == {
        "handle": member.handle,
        "blocked": True,
    }
    refused = start_by_api(client, mine, reachable)
    assert refused.status_code == 403
    reply = client.post(
        f"/api/v1/conversations/{started['id']}/messages",
        headers=mine,
        json={"body": "Toujours là ?"},
    )
    assert reply.status_code == 201
    seen = client.get(f"/api/v1/conversations/{started['id']}", headers=theirs).get_json()
    assert [m["body"] for m in seen["messages"]] == ["Bonjour."]
    mine_view = client.get(f"/api/v1/conversations/{started['id']}", headers=mine).get_json()
    assert [m["body"] for m in mine_view["messages"]] == ["Bonjour.", "Toujours là ?"]
    # The blocker cannot write to the member they block either.
    assert (
        client.post(
            f"/api/v1/conversations/{started['id']}/messages", headers=theirs, json={"body": "..."}
        ).status_code
        == 403
    )

    assert (
        client.delete(f"/api/v1/people/{member.handle}/block", headers=theirs).get_json()["blocked"]
        is False
    )
    assert start_by_api(client, mine, reachable).status_code == 201


def test_a_member_cannot_block_themselves_or_a_stranger_they_cannot_find(
    client, token_for, member, other_member
):
    headers = token_for(member)
    assert client.post(f"/api/v1/people/{member.handle}/block", headers=headers).status_code == 403
    assert (
        client.post(f"/api/v1/people/{other_member.handle}/block", headers=headers).status_code
        == 404
    )


# --- reporting ----------------------------------------------------------------------------------


def test_a_participant_reports_a_message_on_the_web(client, member, reachable):
    sign_in(client, member)
    number = conversation_id(start_on_web(client, reachable))
    message = db.session.scalar(select(Message).where(Message.conversation_id == number))
    sign_out(client)
    sign_in(client, reachable)
    page = text_of(client.get(f"/messages/{number}"))
    assert "Signaler ce message" in page

    sent = client.post(
        f"/messages/{number}/messages/{message.id}/report",
        data={f"m{message.id}-reason": "Propos déplacés"},
    )

    assert sent.status_code == 303
    [report] = db.session.scalars(select(Report)).all()
    assert report.target == f"message:{message.id}" and report.reporter_id == reachable.id
    empty = client.post(
        f"/messages/{number}/messages/{message.id}/report", data={f"m{message.id}-reason": ""}
    )
    assert empty.status_code == 400 and "quelques mots" in text_of(empty)


def test_only_participants_report_a_message_and_not_their_own(
    client, token_for, member, reachable, make_user
):
    started = start_by_api(client, token_for(member), reachable).get_json()
    target = f"message:{started['messages'][0]['id']}"
    stranger = token_for(make_user("sophie@example.org", "Sophie Durand"))

    assert (
        client.post(
            "/api/v1/reports", headers=stranger, json={"target": target, "reason": "?"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/reports", headers=token_for(member), json={"target": target, "reason": "?"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/reports",
            headers=token_for(reachable),
            json={"target": target, "reason": "Insultant"},
        ).status_code
        == 201
    )


# --- the daily limit ----------------------------------------------------------------------------


def test_new_conversations_are_limited_per_day_on_the_web(
    app, client, member, reachable, make_user
):
    app.config["MESSAGES_NEW_PER_DAY"] = 2
    sign_in(client, member)
    assert start_on_web(client, reachable, subject="Un").status_code == 303
    assert start_on_web(client, reachable, subject="Deux").status_code == 303

    third = start_on_web(client, reachable, subject="Trois", body="Mon texte gardé")

    assert third.status_code == 429
    assert "2 conversations en 24 heures" in text_of(third)
    assert "Mon texte gardé" in text_of(third)  # nothing typed is lost
    assert db.session.scalar(select(func.count(Conversation.id))) == 2
    # Replies are not limited.
    number = db.session.scalar(select(func.min(Conversation.id)))
    assert client.post(f"/messages/{number}", data={"body": "Suite"}).status_code == 303


def test_new_conversations_are_limited_per_day_in_the_api(
    app, client, token_for, member, reachable
):
    app.config["MESSAGES_NEW_PER_DAY"] = 1
    headers = token_for(member)
    assert start_by_api(client, headers, reachable).status_code == 201

    limited = start_by_api(client, headers, reachable)

    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "rate_limited"


# --- what moderators and pages show -----------------------------------------------------------


def test_moderators_read_a_message_only_once_it_is_reported(
    client, token_for, member, reachable, moderator
):
    from wiki.access import can

    started = start_by_api(client, token_for(member), reachable).get_json()
    message = db.session.get(Message, started["messages"][0]["id"])
    assert not can(moderator, "message.view", message)

    client.post(
        "/api/v1/reports",
        headers=token_for(reachable),
        json={"target": f"message:{message.id}", "reason": "Insultant"},
    )

    assert can(moderator, "message.view", message)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_no_page_nor_answer_of_the_contact_area_shows_an_email_address(
    client, token_for, member, reachable, make_page
):
    give_profile(member, departement="37", expertise=("aller-vers",))
    page = make_page("Une maraude partagée", author=reachable)
    mine = token_for(member)
    number = start_by_api(client, mine, reachable).get_json()["id"]
    call = client.post(
        "/api/v1/calls",
        headers=token_for(reachable),
        json={"title": "Un appel", "tags": ["aller-vers"], "departement": "37"},
    ).get_json()
    client.post(f"/api/v1/calls/{call['id']}/answers", headers=mine, json={"body": "Oui"})
    sign_in(client, member)

    shown = [
        client.get(url)
        for url in (
            "/messages",
            f"/messages/{number}",
            f"/messages/new?to={reachable.handle}",
            "/calls",
            f"/calls/{call['id']}",
            "/calls/new",
            f"/pages/{page.slug}",
        )
    ]
    shown += [
        client.get(url, headers=mine)
        for url in (
            "/api/v1/conversations",
            f"/api/v1/conversations/{number}",
            "/api/v1/calls",
            f"/api/v1/calls/{call['id']}",
        )
    ]

    for response in shown:
        assert response.status_code == 200, response.request.path
        assert EMAIL.findall(text_of(response)) == [], response.request.path
