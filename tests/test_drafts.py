"""A draft is seen by its authors (and its group's members, for a group page) and nowhere
else: page, lists, search, feeds, recent changes, tag pages, backlinks, profiles, the API."""

from __future__ import annotations

import pytest

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.network.contributions import member_pages
from wiki.pages.editing import PageDraft, save_revision

WORD = "brouillonesque"


@pytest.fixture
def target(make_page, other_member):
    return make_page("Accueil de jour", body="Un accueil sans condition.", author=other_member)


@pytest.fixture
def draft(make_page, target, member):
    """Claire's draft, public once published, tagged, linking to a published page."""
    return make_page(
        f"Récit {WORD}",
        body=f"Un récit {WORD}. Voir [[Accueil de jour]].",
        tags=["aller-vers"],
        status="draft",
        author=member,
    )


PLACES = [
    "/practices",
    "/recent",
    "/feeds/recent.atom",
    "/tags/aller-vers",
    "/",
    f"/search?q={WORD}",
    "/api/v1/search?q=" + WORD,
]


@pytest.mark.parametrize("url", PLACES)
def test_a_draft_is_in_no_list_for_anyone_else(client, draft, other_member, url):
    assert draft.slug not in text_of(client.get(url))  # (a search echoes its words)
    sign_in(client, other_member)
    assert draft.slug not in text_of(client.get(url))


@pytest.mark.parametrize("suffix", ["", "/history", "/edit", "/revisions/1"])
def test_a_draft_answers_404_to_anyone_else(client, draft, other_member, suffix):
    assert client.get(f"/pages/{draft.slug}{suffix}").status_code in (404, 302)
    sign_in(client, other_member)
    assert client.get(f"/pages/{draft.slug}{suffix}").status_code == 404


def test_the_api_answers_404_to_anyone_else(client, draft, other_member, token_for):
    assert client.get(f"/api/v1/pages/{draft.slug}").status_code == 404
    assert (
        client.get(f"/api/v1/pages/{draft.slug}", headers=token_for(other_member)).status_code
        == 404
    )


def test_a_draft_is_no_backlink_for_anyone_else(client, draft, target, member, other_member):
    sign_in(client, other_member)
    assert WORD not in text_of(client.get(f"/pages/{target.slug}"))
    sign_in(client, member)
    assert WORD in text_of(client.get(f"/pages/{target.slug}"))


def test_a_draft_is_not_in_its_authors_profile_for_others(draft, member, other_member):
    assert member_pages(other_member, member)[0] == 0
    assert member_pages(None, member)[0] == 0
    assert member_pages(member, member)[0] == 1


def test_its_author_sees_it_and_its_list(client, draft, member):
    sign_in(client, member)
    assert WORD in text_of(client.get(f"/pages/{draft.slug}"))
    assert "Brouillon" in text_of(client.get(f"/pages/{draft.slug}"))
    assert WORD in text_of(client.get("/drafts"))


def test_a_draft_is_not_in_the_index_until_published(client, draft, member, app):
    from wiki.search.queries import search

    assert search(member, WORD).total == 0
    save_revision(
        db.session,
        draft,
        PageDraft(kind="practice", title=draft.title, body=f"Un récit {WORD}."),
        member,
        base_revision=1,
    )
    db.session.commit()
    from wiki.search.indexer import apply_pending, verify

    apply_pending(app)
    assert draft.status == "published"
    assert search(None, WORD).total == 1
    assert verify(app) == []


def test_a_group_draft_is_seen_by_the_group_only(client, make_page, make_user, group, other_member):
    from wiki.groups.membership import add_member

    colleague = make_user("lea@example.org", "Léa Petit")
    add_member(db.session, group.slug, colleague.email, "member")
    db.session.commit()
    page = make_page(
        f"Récit {WORD}", body="Un récit.", status="draft", visibility=f"group:{group.slug}"
    )
    sign_in(client, colleague)
    assert client.get(f"/pages/{page.slug}").status_code == 200
    assert WORD in text_of(client.get("/drafts"))
    sign_in(client, other_member)
    assert client.get(f"/pages/{page.slug}").status_code == 404


def test_a_draft_notifies_nobody(draft):
    from sqlalchemy import select

    from wiki.models import NotificationEvent

    assert (
        db.session.scalar(
            select(NotificationEvent).where(
                NotificationEvent.kind == "page.published",
                NotificationEvent.subject == f"page:{draft.id}",
            )
        )
        is None
    )


@pytest.mark.parametrize("url", ["/practices", "/tags/aller-vers", "/recent"])
def test_its_author_finds_it_in_the_lists_marked_as_a_draft(client, draft, member, url):
    sign_in(client, member)
    assert draft.slug in text_of(client.get(url))


# --- publishing forgets the draft's versions ------------------------------------------------

REAL_NAME = "Zéphirine Brocard"  # drafted with her real name, anonymised before publication


@pytest.fixture
def published_draft(client, app, make_page, member):
    """Claire drafts with the real name (a draft is never checked), saves a second draft
    version, then publishes an anonymised text through the form."""
    page = make_page(
        "Une visite au domicile",
        body=f"Chez {REAL_NAME}, un premier jet.",
        status="draft",
        author=member,
        summary=f"notes sur {REAL_NAME}",
    )
    save_revision(
        db.session,
        page,
        PageDraft(
            kind="practice",
            title=page.title,
            body=f"Chez {REAL_NAME}, un second jet.",
            status="draft",
        ),
        member,
        base_revision=1,
    )
    db.session.commit()
    sign_in(client, member)
    published = client.post(
        f"/pages/{page.slug}/edit",
        data={
            "title": page.title,
            "body": "Chez une dame âgée, un récit anonymisé.",
            "visibility": "public",
            "summary": "",
            "tags": "",
            "base_revision": "2",
            "action": "publish",
        },
    )
    assert published.status_code == 302, text_of(published)[:1500]
    client.post("/logout")
    from conftest import _index_pending

    _index_pending(app)
    db.session.expire_all()
    return db.session.get(type(page), page.id)


def test_publishing_a_draft_starts_its_history_at_the_version_published(published_draft):
    assert published_draft.status == "published" and published_draft.version == 1
    assert [r.number for r in published_draft.revisions] == [1]
    assert published_draft.current.body == "Chez une dame âgée, un récit anonymisé."


def test_no_draft_version_of_a_published_page_is_readable_anywhere(
    client, published_draft, member, other_member, token_for
):
    slug = published_draft.slug
    places = [
        f"/pages/{slug}",
        f"/pages/{slug}/history",
        f"/pages/{slug}/revisions/1",
        f"/pages/{slug}/diff",
        "/recent",
        "/feeds/recent.atom",
        f"/api/v1/pages/{slug}",
        f"/api/v1/pages/{slug}/revisions",
        f"/api/v1/pages/{slug}/revisions/1",
    ]
    for reader in (None, other_member, member):  # its author too: those versions are gone
        if reader is not None:
            sign_in(client, reader)
        headers = token_for(reader) if reader is not None else {}
        for url in places:
            response = client.get(url, headers=headers if url.startswith("/api") else {})
            assert response.status_code == 200, (url, response.status_code)
            assert "Brocard" not in text_of(response), (reader, url)
        assert "une dame âgée" in text_of(client.get(f"/pages/{slug}"))  # the page is there
        assert client.get("/api/v1/search?q=Brocard", headers=headers).get_json()["total"] == 0
        assert client.get("/api/v1/search?q=anonymisé", headers=headers).get_json()["total"] == 1
        for number in (2, 3):  # the draft's second version, its publication's old number
            assert client.get(f"/pages/{slug}/revisions/{number}").status_code == 404
            assert client.get(f"/pages/{slug}/revert/{number}").status_code in (302, 404)


def test_a_published_draft_is_a_new_page_of_its_writer(client, published_draft, member):
    assert published_draft.slug in text_of(client.get("/recent?new=1"))
    assert member_pages(None, member)[0] == 1


# --- feeds carry no draft -------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/feeds/recent.atom", "/feeds/tags/aller-vers.atom"])
def test_a_draft_is_in_no_feed_not_even_its_authors(client, draft, make_page, member, url):
    make_page("Un récit publié", body="Un récit.", tags=["aller-vers"], author=member)
    sign_in(client, member)
    feed = text_of(client.get(url))
    assert "un-recit-publie" in feed  # the feed lists the published page of the same tag
    assert draft.slug not in feed and WORD not in feed
    assert draft.slug in text_of(client.get("/recent"))  # /recent shows it, marked


def test_a_group_draft_is_not_in_the_groups_feed(client, make_page, group, member):
    make_page("Un récit du groupe", body="Un récit.", visibility=f"group:{group.slug}")
    page = make_page(
        f"Récit {WORD}", body="Un récit.", status="draft", visibility=f"group:{group.slug}"
    )
    sign_in(client, member)
    feed = text_of(client.get(f"/feeds/groups/{group.slug}.atom"))
    assert "un-recit-du-groupe" in feed
    assert page.slug not in feed
