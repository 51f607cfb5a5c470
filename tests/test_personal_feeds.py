"""The feeds of a tag, of a group and of a member's notifications; the personal feed token
(made, shown once, regenerated, revoked, stored as a hash only)."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from tests.helpers import answer_of, sign_in, sign_out, text_of
from wiki.aftercommit import after_commit
from wiki.extensions import db
from wiki.models import FeedToken
from wiki.notifications.following import follow

ATOM = "{http://www.w3.org/2005/Atom}"


def titles(response) -> list[str]:
    assert response.status_code == 200, text_of(response)[:300]
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def make_feed_token(client, user) -> str:
    """Through the account page, as a member would; the token read from its addresses."""
    sign_in(client, user)
    html = text_of(client.post("/account/feeds/token"))
    sign_out(client)
    return re.search(r"token=(wf_[A-Za-z0-9_-]+)", html).group(1)


@pytest.fixture
def group_pages(make_page, group):
    make_page("Récit de l'atelier", visibility=f"group:{group.slug}", tags=["aller-vers"])
    make_page("Récit public", tags=["aller-vers"])
    make_page("Récit des membres", visibility="members")


def test_a_tag_feed_lists_the_changes_of_its_visible_pages(client, member, group_pages):
    assert titles(client.get("/feeds/tags/aller-vers.atom")) == ["Récit public"]
    sign_in(client, member)  # the group's member sees its page in the feed too
    assert titles(client.get("/feeds/tags/aller-vers.atom")) == [
        "Récit public",
        "Récit de l'atelier",
    ]


def test_a_tag_feed_of_an_unknown_tag_is_not_found(client):
    assert client.get("/feeds/tags/nulle-part.atom").status_code == 404


def test_the_tag_page_links_to_its_feed(client):
    html = text_of(client.get("/tags/aller-vers"))
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Étiquette Aller vers" '
        'href="/feeds/tags/aller-vers.atom">'
    ) in html


def test_the_token_is_shown_once_and_stored_as_a_hash(client, member, group):
    token = make_feed_token(client, member)
    stored = db.session.scalar(select(FeedToken).where(FeedToken.user_id == member.id))
    assert stored.token_hash != token and token not in stored.token_hash
    sign_in(client, member)
    page = text_of(client.get("/account/feeds"))
    assert token not in page and "Un jeton de flux existe" in page
    assert "/account/feeds" in text_of(client.get("/account"))


def test_a_group_feed_gives_its_pages_to_its_members_only(
    client, member, other_member, group, group_pages
):
    token = make_feed_token(client, member)
    outsider = make_feed_token(client, other_member)

    assert titles(client.get(f"/feeds/groups/{group.slug}.atom?token={token}")) == [
        "Récit de l'atelier"
    ]
    not_theirs = client.get(f"/feeds/groups/{group.slug}.atom?token={outsider}")
    unknown = client.get(f"/feeds/groups/nulle-part.atom?token={outsider}")
    no_token = client.get(f"/feeds/groups/{group.slug}.atom")
    wrong = client.get(f"/feeds/groups/{group.slug}.atom?token=wf_faux")
    assert {r.status_code for r in (not_theirs, unknown, no_token, wrong)} == {404}
    assert answer_of(not_theirs).replace(group.slug, "nulle-part") == answer_of(unknown)


def test_a_regenerated_token_stops_the_old_one_and_a_revoked_one_works_no_more(
    client, member, group, group_pages
):
    old = make_feed_token(client, member)
    new = make_feed_token(client, member)
    url = f"/feeds/groups/{group.slug}.atom?token="
    assert client.get(url + old).status_code == 404
    assert client.get(url + new).status_code == 200

    sign_in(client, member)
    assert client.post("/account/feeds/token/revoke").status_code == 303
    sign_out(client)
    assert client.get(url + new).status_code == 404
    assert db.session.scalar(select(FeedToken).where(FeedToken.user_id == member.id)) is None


def test_the_notifications_feed_gives_what_the_member_may_see(
    app, client, make_user, member, other_member, group
):
    reader = make_user("lea@example.org", "Léa Fournier")
    follow(db.session, reader, "member", other_member.handle)
    db.session.commit()
    token = make_feed_token(client, reader)
    from wiki.pages.editing import PageDraft, create_page

    page = create_page(
        db.session,
        PageDraft(kind="practice", title="Maraude du jeudi", body="Récit."),
        other_member,
    )
    db.session.commit()
    after_commit(app).run_marked()

    response = client.get(f"/feeds/notifications.atom?token={token}")
    assert titles(response) == ["Karim Benali a publié « Maraude du jeudi »"]
    assert response.headers["Cache-Control"] == "private, no-store"
    feed = ET.fromstring(response.data)
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href") == (
        "http://wiki.test/pages/maraude-du-jeudi"
    )
    assert "token" not in feed.find(f"{ATOM}link[@rel='self']").get("href")

    page.visibility, page.group_id = f"group:{group.slug}", group.id  # since made the group's
    db.session.commit()
    assert titles(client.get(f"/feeds/notifications.atom?token={token}")) == []
    assert client.get("/feeds/notifications.atom?token=wf_faux").status_code == 404
    assert client.get("/feeds/notifications.atom").status_code == 404


def test_the_notification_centre_links_to_its_feed(client, member):
    sign_in(client, member)
    html = text_of(client.get("/notifications"))
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/notifications.atom"' in html
    assert client.get("/feeds/notifications.atom").status_code == 200  # the browser's session


def test_the_feed_token_goes_with_the_account(client, token_for, member):
    token = make_feed_token(client, member)
    member_id = member.id
    response = client.delete(
        "/api/v1/me", headers=token_for(member), json={"password": "mot-de-passe-solide"}
    )
    assert response.status_code in (200, 204)
    db.session.commit()
    assert db.session.scalar(select(FeedToken).where(FeedToken.user_id == member_id)) is None
    assert client.get(f"/feeds/notifications.atom?token={token}").status_code == 404
