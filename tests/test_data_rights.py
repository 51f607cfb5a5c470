"""Data rights: a member downloads all their data, and deletes their account; their pages
stay, credited to « ancien membre », and the other side keeps its own messages."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.contact_helpers import give_profile
from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import (
    ApiToken,
    Call,
    Conversation,
    Message,
    Participant,
    Profile,
    Report,
    Revision,
    User,
)


def converse(client, token_for, member, other_member) -> tuple[dict, dict, int]:
    """Claire writes to Karim, Karim answers, Claire adds a word; Claire's token, Karim's
    token and the conversation's id."""
    give_profile(other_member)
    mine, theirs = token_for(member), token_for(other_member)
    started = client.post(
        "/api/v1/conversations",
        headers=mine,
        json={"to": other_member.handle, "subject": "Bonjour", "body": "Premier message"},
    ).get_json()
    number = started["id"]
    client.post(
        f"/api/v1/conversations/{number}/messages",
        headers=theirs,
        json={"body": "Réponse de Karim"},
    )
    client.post(
        f"/api/v1/conversations/{number}/messages",
        headers=mine,
        json={"body": "Dernier mot de Claire"},
    )
    return mine, theirs, number


def test_the_export_holds_everything_of_the_member(
    client, token_for, member, other_member, make_page
):
    give_profile(member, departement="37", expertise=("aller-vers",))
    make_page("Une maraude partagée", body="Le texte du récit.")
    mine, _theirs, number = converse(client, token_for, member, other_member)
    client.post(
        "/api/v1/calls",
        headers=mine,
        json={"title": "Qui fait du porte-à-porte ?", "tags": ["aller-vers"]},
    )
    client.post(
        "/api/v1/reports",
        headers=mine,
        json={"target": "page:une-maraude-partagee", "reason": "Un nom"},
    )

    data = client.get("/api/v1/me/export", headers=mine).get_json()

    assert data["account"]["email"] == member.email
    assert data["profile"]["departement"] == "37"
    assert data["profile"]["expertise_tags"] == ["aller-vers"]
    assert [r["body"] for r in data["revisions"]] == ["Le texte du récit."]
    [conversation] = data["conversations"]
    assert conversation["id"] == number
    assert [m["body"] for m in conversation["messages"]] == [
        "Premier message",
        "Réponse de Karim",
        "Dernier mot de Claire",
    ]
    assert [c["title"] for c in data["calls"]] == ["Qui fait du porte-à-porte ?"]
    assert [r["reason"] for r in data["reports"]] == ["Un nom"]
    assert data["api_tokens"] and "token_hash" not in json.dumps(data)
    assert other_member.email not in json.dumps(data)


def test_the_account_page_offers_the_download(client, member):
    sign_in(client, member)
    assert 'href="/account/export"' in text_of(client.get("/account"))

    download = client.get("/account/export")

    assert download.status_code == 200 and download.mimetype == "application/json"
    assert "attachment" in download.headers["Content-Disposition"]
    assert json.loads(download.get_data(as_text=True))["account"]["handle"] == member.handle


def test_deleting_through_the_api_removes_profile_messages_and_tokens_and_keeps_the_pages(
    client, token_for, member, other_member, make_page
):
    give_profile(member, departement="37")
    page = make_page("Une maraude partagée")
    mine, theirs, number = converse(client, token_for, member, other_member)
    client.post("/api/v1/calls", headers=mine, json={"title": "Un appel", "tags": ["aller-vers"]})
    member_id = member.id

    deleted = client.delete("/api/v1/me", headers=mine)

    assert deleted.status_code == 200 and deleted.get_json()["deleted"] is True
    db.session.expire_all()
    assert db.session.get(User, member_id) is None
    assert db.session.get(Profile, member_id) is None
    assert (
        db.session.scalar(select(func.count(ApiToken.id)).where(ApiToken.user_id == member_id)) == 0
    )
    assert (
        db.session.scalar(select(func.count(Message.id)).where(Message.author_id == member_id)) == 0
    )
    assert db.session.scalar(select(func.count(Call.id))) == 0
    assert client.get("/api/v1/me", headers=mine).status_code == 401
    # Karim keeps his own message; Claire's went.
    kept = client.get(f"/api/v1/conversations/{number}", headers=theirs).get_json()
    assert [m["body"] for m in kept["messages"]] == ["Réponse de Karim"]
    assert kept["with"] == [] and kept["can_reply"] is False
    assert client.get("/api/v1/conversations", headers=theirs).get_json()["unread"] == 0
    # The page stays, credited to « ancien membre ».
    shown = client.get(f"/api/v1/pages/{page.slug}").get_json()
    assert [a["display_name"] for a in shown["authors"]] == ["ancien membre"]
    assert "ancien membre" in text_of(client.get(f"/pages/{page.slug}"))
    revision = db.session.scalar(select(Revision).where(Revision.page_id == page.id))
    assert revision.author.display_name == "ancien membre" and not revision.author.active


def test_a_conversation_left_with_no_message_goes(client, token_for, member, other_member):
    give_profile(other_member)
    client.post(
        "/api/v1/conversations",
        headers=token_for(member),
        json={"to": other_member.handle, "subject": "Seul", "body": "Sans réponse"},
    )

    client.delete("/api/v1/me", headers=token_for(member))

    assert db.session.scalar(select(func.count(Conversation.id))) == 0
    assert db.session.scalar(select(func.count(Participant.user_id))) == 0


def test_the_deletion_form_asks_for_the_password(client, member, make_page):
    page = make_page("Une maraude partagée")
    sign_in(client, member)
    assert 'href="/account/delete"' in text_of(client.get("/account"))
    assert "ancien membre" in text_of(client.get("/account/delete"))

    wrong = client.post("/account/delete", data={"password": "pas le bon mot"})
    assert wrong.status_code == 400 and "rien n'est supprimé" in text_of(wrong).replace(
        "&#39;", "'"
    )
    assert db.session.get(User, member.id) is not None

    done = client.post("/account/delete", data={"password": PASSWORD})
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "claire@example.org")) is None
    home = text_of(client.get("/"))
    assert "Votre compte est supprimé" in home and "Se connecter" in home
    assert client.get(f"/pages/{page.slug}").status_code == 200


def test_reports_filed_by_a_deleted_member_stay_without_their_name(
    client, token_for, member, make_page
):
    make_page("Une maraude partagée")
    headers = token_for(member)
    client.post(
        "/api/v1/reports",
        headers=headers,
        json={"target": "page:une-maraude-partagee", "reason": "Un nom"},
    )

    client.delete("/api/v1/me", headers=headers)

    [report] = db.session.scalars(select(Report)).all()
    assert report.reporter_id is None and report.reason == "Un nom"


def test_the_last_admin_cannot_delete_their_account(client, token_for, admin):
    refused = client.delete("/api/v1/me", headers=token_for(admin))

    assert refused.status_code == 409
    assert db.session.get(User, admin.id) is not None
