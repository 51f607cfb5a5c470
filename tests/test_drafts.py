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
