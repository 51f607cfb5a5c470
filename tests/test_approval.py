"""Adherents approved: a registration is pending until its address is confirmed and a
moderator approves it; until then it sees what an anonymous visitor sees, everywhere."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import PASSWORD, _index_pending
from helpers import text_of
from sqlalchemy import select

from wiki.auth.accounts import find_user
from wiki.extensions import db
from wiki.models import AuditEntry, OutgoingMail, User

SECRET = "Zéphyrine"  # a word only the members-only page holds


def register(client, email="nadia@example.org", name="Nadia Kacem"):
    response = client.post(
        "/register",
        data={
            "name": name,
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "charter": "y",
        },
    )
    assert response.status_code == 303, text_of(response)[:400]
    return find_user(db.session, email)


def mails_to(address: str, template: str | None = None) -> list[OutgoingMail]:
    query = select(OutgoingMail).where(OutgoingMail.to_address == address)
    if template:
        query = query.where(OutgoingMail.template == template)
    return list(db.session.scalars(query.order_by(OutgoingMail.id)))


def confirmation_link(address: str) -> str:
    [mail] = mails_to(address, "email_confirmation")
    return re.search(r"https?://\S+/account/confirm/\S+", mail.text).group(0)


@pytest.fixture
def members_page(app, make_page):
    page = make_page(
        "Récit entre adhérents",
        body=f"Un récit où paraît {SECRET}.",
        visibility="members",
        tags=["aller-vers"],
    )
    _index_pending(app)
    return page


def members_only_places(client, page, token_headers=None):
    """Every place a members-only page could show: the page, lists, search, tag page,
    feeds, API (page, search, history)."""
    api = {"headers": token_headers} if token_headers else {}
    return {
        "page": client.get(f"/pages/{page.slug}"),
        "list": client.get("/practices"),
        "recent": client.get("/recent"),
        "search": client.get("/search?q=paraît"),
        "tag": client.get("/tags/aller-vers"),
        "feed": client.get("/feeds/recent.atom"),
        "tag feed": client.get("/feeds/tags/aller-vers.atom"),
        "api page": client.get(f"/api/v1/pages/{page.slug}", **api),
        "api search": client.get("/api/v1/search?q=paraît", **api),
        "api history": client.get(f"/api/v1/pages/{page.slug}/revisions", **api),
    }


def assert_hidden(places, page):
    for place, response in places.items():
        body = text_of(response)
        assert SECRET not in body and page.title not in body, place
    for place in ("page", "api page", "api history"):
        assert places[place].status_code == 404, place


def test_a_registration_is_pending_and_mails_its_address_and_the_moderators(client, moderator):
    user = register(client)

    assert user.approved_at is None and user.email_confirmed_at is None
    assert confirmation_link(user.email).startswith("http")
    [notice] = mails_to(moderator.email, "account_pending")
    assert "Nadia Kacem" in notice.subject and "/moderation/accounts" in notice.text
    account = text_of(client.get("/account"))
    assert "Votre compte est en attente" in account


def test_a_pending_account_sees_no_members_only_page_anywhere(client, app, members_page, token_for):
    user = register(client)
    user.email_confirmed_at = user.created_at
    db.session.commit()

    assert_hidden(members_only_places(client, members_page, token_for(user)), members_page)


def test_a_pending_account_cannot_publish(client, token_for, members_page):
    user = register(client)
    response = client.post(
        "/api/v1/pages",
        headers=token_for(user),
        json={"kind": "practice", "title": "Publié trop tôt", "body": "Texte."},
    )
    assert response.status_code == 403
    assert "validation" in response.get_json()["error"]["message"]
    form = text_of(client.get("/pages/new?kind=practice"))
    assert 'value="publish"' not in form and 'value="draft"' in form
    assert "attend la validation" in form
    refused = client.post(
        "/pages/new?kind=practice",
        data={
            "title": "Publié trop tôt",
            "body": "Texte.",
            "visibility": "members",
            "action": "publish",
        },
    )
    assert refused.status_code == 403


def test_a_pending_account_writes_drafts_and_publishes_them_once_approved(
    client, token_for, moderator, other_member
):
    from wiki.models import Page

    user = register(client)
    saved = client.post(
        "/pages/new?kind=practice",
        data={
            "title": "Mon premier récit",
            "body": "Un récit en attente.",
            "visibility": "members",
            "action": "draft",
        },
    )
    assert saved.status_code in (302, 303)
    page = db.session.scalar(select(Page).where(Page.title == "Mon premier récit"))
    assert page.status == "draft"
    assert client.get(f"/pages/{page.slug}").status_code == 200  # its author reads it
    edited = client.put(
        f"/api/v1/pages/{page.slug}",
        headers=token_for(user),
        json={
            "title": "Mon premier récit",
            "body": "Un récit retravaillé.",
            "status": "draft",
            "base_revision": 1,
        },
    )
    assert edited.status_code == 200
    published = client.put(
        f"/api/v1/pages/{page.slug}",
        headers=token_for(user),
        json={"title": "Mon premier récit", "base_revision": 2},
    )
    assert published.status_code == 403  # not before the approval
    api_draft = client.post(
        "/api/v1/pages",
        headers=token_for(user),
        json={
            "kind": "practice",
            "title": "Un autre brouillon",
            "body": "Texte.",
            "status": "draft",
        },
    )
    assert api_draft.status_code == 201

    db.session.refresh(user)
    user.email_confirmed_at = user.email_confirmed_at or user.created_at
    db.session.commit()
    from wiki.approval.queue import approve

    approve(db.session, moderator, user)
    db.session.commit()
    now = client.put(
        f"/api/v1/pages/{page.slug}",
        headers=token_for(user),
        json={"title": "Mon premier récit", "base_revision": 2},
    )
    assert now.status_code == 200 and now.get_json()["status"] == "published"


def test_confirming_then_approving_opens_the_members_pages(
    client, app, moderator, login, members_page, token_for
):
    user = register(client)
    link = confirmation_link(user.email)
    path = link.split("wiki.test", 1)[-1] if "wiki.test" in link else "/" + link.split("/", 3)[3]

    # not confirmed yet: the queue offers no approval
    client.post("/logout")
    login(moderator)
    queue = text_of(client.get("/moderation/accounts"))
    assert "Nadia Kacem" in queue and "adresse non confirmée" in queue
    assert client.post(f"/moderation/accounts/{user.id}/approve").status_code == 409

    client.post("/logout")
    confirmed = client.get(path)
    assert confirmed.status_code == 303
    db.session.refresh(user)
    assert user.email_confirmed_at is not None

    login(moderator)
    assert "adresse confirmée" in text_of(client.get("/moderation/accounts"))
    approved = client.post(f"/moderation/accounts/{user.id}/approve")
    assert approved.status_code == 303
    db.session.refresh(user)
    assert user.approved_at is not None
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.approved"))
    assert entry.target == f"user:{user.handle}" and entry.actor_id == moderator.id
    assert mails_to(user.email, "account_approved")

    client.post("/logout")
    login(user)
    places = members_only_places(client, members_page, token_for(user))
    assert places["page"].status_code == 200 and SECRET in text_of(places["page"])
    assert SECRET in text_of(places["search"]) or members_page.title in text_of(places["search"])
    assert places["api page"].status_code == 200


def test_a_forged_or_foreign_confirmation_link_is_refused(client):
    user = register(client)
    link = confirmation_link(user.email)
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/account/confirm/{token[:-2]}xx").status_code == 400
    db.session.refresh(user)
    assert user.email_confirmed_at is None


def test_only_moderators_see_the_queue(client, member, login):
    login(member)
    assert client.get("/moderation/accounts").status_code == 403
    assert "Comptes en attente" not in text_of(client.get("/"))


def test_refusing_deletes_the_pending_account(client, moderator, login):
    user = register(client)
    user_id = user.id
    client.post("/logout")
    login(moderator)
    response = client.post(f"/moderation/accounts/{user_id}/refuse", data={"reason": "spam"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.refused"))
    assert entry.reason == "spam"


def test_wiki_user_approve(app, client):
    user = register(client)
    runner = CliRunner()
    refused = runner.invoke(app.cli, ["user", "approve", user.email])
    assert refused.exit_code == 1 and "pas encore confirmée" in refused.output

    client.get("/" + confirmation_link(user.email).split("/", 3)[3])
    done = runner.invoke(app.cli, ["user", "approve", user.email])
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert find_user(db.session, user.email).approved_at is not None
    assert runner.invoke(app.cli, ["user", "approve", "nobody@example.org"]).exit_code == 1


def test_operators_accounts_are_approved(app, member):
    result = CliRunner().invoke(app.cli, ["user", "create", "zoe@example.org", "--name", "Zoé"])
    assert result.exit_code == 0, result.output
    assert find_user(db.session, "zoe@example.org").approved_at is not None
    assert member.approved_at is not None and member.email_confirmed_at is not None


def test_the_visibility_label_says_approved_members(client, member, login, make_page):
    page = make_page("Réservé", visibility="members")
    login(member)
    assert "Adhérents validés" in text_of(client.get(f"/pages/{page.slug}"))
    assert "Adhérents validés" in text_of(client.get("/pages/new?kind=practice"))
    assert "adhérents connectés" not in text_of(client.get("/pages/new?kind=practice"))


PENDING_NOTE = "Votre compte attend la validation d'un modérateur"


def test_a_pending_accounts_404_says_members_pages_open_once_approved(
    client, members_page, member, login
):
    register(client)
    hidden = client.get(f"/pages/{members_page.slug}")
    missing = client.get("/pages/une-page-qui-n-existe-pas")
    assert hidden.status_code == missing.status_code == 404
    for response in (hidden, missing):  # the same note: it tells nothing of the page
        assert PENDING_NOTE in text_of(response) and 'href="/account"' in text_of(response)
    assert SECRET not in text_of(hidden)
    client.post("/logout")
    assert PENDING_NOTE not in text_of(client.get("/pages/une-page-qui-n-existe-pas"))
    login(member)
    assert PENDING_NOTE not in text_of(client.get("/pages/une-page-qui-n-existe-pas"))


def test_the_home_page_tells_a_pending_account_what_it_waits_for(client, member, login):
    register(client)
    assert PENDING_NOTE in text_of(client.get("/"))
    client.post("/logout")
    assert PENDING_NOTE not in text_of(client.get("/"))
    login(member)
    assert PENDING_NOTE not in text_of(client.get("/"))
