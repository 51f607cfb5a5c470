"""Anonymous views kept rendered (issue 13, wiki.render_cache): the next anonymous visitor
gets the same HTML with their own CSRF token, anything that changes what the view shows is
seen at once, and nothing seen by a signed-in member, nor a draft, a group's or the members'
page, nor a hidden page or a masked revision is ever kept or served to someone else."""

from __future__ import annotations

import re

import pytest

from tests.helpers import sign_in, sign_out, text_of
from wiki.extensions import db
from wiki.pages.editing import PageDraft, save_revision
from wiki.render_cache import RenderCache, render_cache

SLUG = "aller-vers-les-habitants"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def page(make_page):
    return make_page(
        "Aller vers les habitants",
        slug=SLUG,
        tags=["aller-vers"],
        body="Nous frappons aux portes du quartier, un mardi sur deux.",
    )


@pytest.fixture
def kept(app):
    cache = render_cache(app)
    cache.clear()
    return cache


def token_of(body: str) -> str:
    found = TOKEN.search(body)
    assert found, "the page holds the language form's token"
    return found.group(1)


def edit(page, member, body: str) -> None:
    current = page.current
    save_revision(
        db.session,
        page,
        PageDraft(
            kind=page.kind,
            title=current.title,
            body=body,
            fields=dict(current.fields),
            tags=[t.slug for t in page.tags],
            visibility=page.visibility,
        ),
        member,
        page.version,
    )
    db.session.commit()


# --- the same view for the next visitor, with their own token ------------------------------


def test_the_next_anonymous_visitor_gets_the_kept_view_with_their_own_token(app, page, kept):
    first, second = app.test_client(), app.test_client()
    shown = text_of(first.get(f"/pages/{SLUG}"))
    assert (kept.misses, kept.hits, len(kept)) == (1, 0, 1)
    again = text_of(second.get(f"/pages/{SLUG}"))
    assert kept.hits == 1
    mine, theirs = token_of(shown), token_of(again)
    assert mine != theirs
    assert mine not in again and kept.placeholder not in again
    assert again.replace(theirs, "T") == shown.replace(mine, "T")


def test_the_kept_views_token_is_accepted_by_the_language_form(app, page, kept):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        app.test_client().get(f"/pages/{SLUG}")  # someone else's visit fills the cache
        visitor = app.test_client()
        body = text_of(visitor.get(f"/pages/{SLUG}"))
        assert kept.hits == 1
        changed = visitor.post(
            "/language",
            data={"csrf_token": token_of(body), "locale": "en", "next": f"/pages/{SLUG}"},
        )
        assert changed.status_code in (302, 303)
        assert 'lang="en"' in text_of(visitor.get(f"/pages/{SLUG}"))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_each_language_is_kept_apart(app, page, kept):
    french = text_of(app.test_client().get(f"/pages/{SLUG}"))
    english = text_of(app.test_client().get(f"/pages/{SLUG}", headers={"Accept-Language": "en"}))
    assert len(kept) == 2 and kept.hits == 0
    assert "Modifications récentes" in french and "Recent changes" in english


# --- what changes the view is seen at once -------------------------------------------------


def test_an_edit_is_seen_at_once(app, page, member, kept):
    client = app.test_client()
    client.get(f"/pages/{SLUG}")
    edit(page, member, "Une habitante nous ouvre sa porte.")
    assert "Une habitante nous ouvre sa porte." in text_of(app.test_client().get(f"/pages/{SLUG}"))


def test_a_comment_edited_or_deleted_is_seen_at_once(app, page, member, kept):
    from wiki.comments.commenting import delete_comment, edit_comment, post_comment

    comment = post_comment(
        db.session, member, page, "Merci pour ce récit.", "<p>Merci pour ce récit.</p>"
    )
    db.session.commit()
    assert "Merci pour ce récit." in text_of(app.test_client().get(f"/pages/{SLUG}"))
    edit_comment(db.session, member, comment, "Merci, très utile.", "<p>Merci, très utile.</p>")
    db.session.commit()
    shown = text_of(app.test_client().get(f"/pages/{SLUG}"))
    assert "Merci, très utile." in shown and "Merci pour ce récit." not in shown
    delete_comment(db.session, member, comment)
    db.session.commit()
    assert "Merci, très utile." not in text_of(app.test_client().get(f"/pages/{SLUG}"))


@pytest.mark.parametrize(
    "address", ["/", "/practices", "/pages", "/tags/aller-vers", "/recent", "/feeds/recent.atom"]
)
def test_lists_show_a_new_page_at_once(app, page, make_page, kept, address):
    before = text_of(app.test_client().get(address))
    assert "Aller vers les habitants" in before
    assert text_of(app.test_client().get(address)).count(
        "Aller vers les habitants"
    ) == before.count("Aller vers les habitants")
    assert kept.hits == 1
    make_page(
        "Une permanence au marché",
        slug="permanence-marche",
        tags=["aller-vers"],
        body="Chaque samedi, une table au marché.",
    )
    assert "Une permanence au marché" in text_of(app.test_client().get(address))


def test_a_page_hidden_by_the_moderation_leaves_the_kept_lists_and_view(app, page, moderator, kept):
    from wiki.moderation.actions import hide

    for address in ("/", f"/pages/{SLUG}"):
        assert (
            "Nous frappons aux portes" in text_of(app.test_client().get(address)) or address == "/"
        )
    hide(db.session, moderator, f"page:{SLUG}", "propos injurieux")
    db.session.commit()
    assert "Aller vers les habitants" not in text_of(app.test_client().get("/"))
    assert "Nous frappons aux portes" not in text_of(app.test_client().get(f"/pages/{SLUG}"))


def test_a_masked_revision_is_never_served_from_the_cache(app, page, member, kept):
    from wiki.pages.masking import suppress_revision

    edit(page, member, "Madame Durand nous ouvre sa porte.")
    assert "Madame Durand" in text_of(app.test_client().get(f"/pages/{SLUG}"))
    edit(page, member, "Une habitante nous ouvre sa porte.")
    suppress_revision(db.session, page, 2, member, "nom d'une personne accompagnée")
    db.session.commit()
    assert "Madame Durand" not in text_of(app.test_client().get(f"/pages/{SLUG}"))
    revision = app.test_client().get(f"/pages/{SLUG}/revisions/2")
    assert "Madame Durand" not in text_of(revision)


# --- what is never kept --------------------------------------------------------------------


def test_a_signed_in_members_view_is_never_kept_nor_shown_to_others(app, page, member, kept):
    client = app.test_client()
    sign_in(client, member)
    for address in (f"/pages/{SLUG}", "/", "/recent", "/tags/aller-vers"):
        assert "Se déconnecter" in text_of(client.get(address))
    assert len(kept) == 0 and kept.hits == 0
    sign_out(client)
    for address in (f"/pages/{SLUG}", "/", "/recent"):
        shown = text_of(app.test_client().get(address))
        assert "Se déconnecter" not in shown and "Claire Martin</a></li>" not in shown


@pytest.mark.parametrize("visibility", ["members", "group", "draft"])
def test_members_group_pages_and_drafts_are_never_kept(
    app, make_page, member, group, kept, visibility
):
    options = (
        {"status": "draft"}
        if visibility == "draft"
        else {"visibility": "members" if visibility == "members" else f"group:{group.slug}"}
    )
    private = make_page(
        "Ce que nous nous sommes dit",
        slug="ce-que-nous-nous-sommes-dit",
        body="Un récit pour l'atelier.",
        **options,
    )
    client = app.test_client()
    sign_in(client, member)
    assert client.get(f"/pages/{private.slug}").status_code == 200
    sign_out(client)
    anonymous = app.test_client()
    assert anonymous.get(f"/pages/{private.slug}").status_code == 404
    for address in ("/", "/recent", "/pages"):
        assert "Ce que nous nous sommes dit" not in text_of(anonymous.get(address))
    assert all(key for key in kept._entries)  # only the lists, kept for anonymous readers
    assert len(kept) == 3


def test_an_error_is_never_kept(app, kept):
    assert app.test_client().get("/pages?departement=999").status_code == 400
    assert app.test_client().get("/tags/nulle-part").status_code == 404
    assert len(kept) == 0


def test_a_message_waiting_for_the_visitor_is_shown_and_not_kept(app, page, kept):
    client = app.test_client()
    client.get(f"/pages/{SLUG}")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Vous êtes déconnecté.")]
    assert "Vous êtes déconnecté." in text_of(client.get(f"/pages/{SLUG}"))
    assert "Vous êtes déconnecté." not in text_of(app.test_client().get(f"/pages/{SLUG}"))


# --- the cache itself -----------------------------------------------------------------------


def test_the_least_recently_served_view_leaves_first():
    cache = RenderCache(max_entries=2, max_bytes=10_000)
    cache.put("a", "text/html", "<p>a TOKEN</p>", "TOKEN")
    cache.put("b", "text/html", "<p>b</p>", "TOKEN")
    assert cache.get("a", "mine") == ("text/html", "<p>a mine</p>")
    cache.put("c", "text/html", "<p>c</p>", "TOKEN")
    assert cache.get("b", "mine") is None
    assert cache.get("a", "mine") is not None and cache.get("c", "mine") is not None


def test_the_cache_holds_at_most_its_bytes_and_no_view_over_a_quarter_of_them():
    cache = RenderCache(max_entries=100, max_bytes=400)
    cache.put("big", "text/html", "x" * 101, "")
    assert len(cache) == 0
    for n in range(10):
        cache.put(str(n), "text/html", "y" * 90, "")
    assert len(cache) == 4 and cache.get("9", "") is not None and cache.get("0", "") is None


def test_turned_off_it_keeps_nothing(app, page):
    app.extensions["wiki.render_cache"] = RenderCache(0, 1_000_000)
    assert app.test_client().get(f"/pages/{SLUG}").status_code == 200
    assert len(render_cache(app)) == 0


def test_the_home_page_answers_304_while_nothing_changed(app, page, make_page, kept):
    client = app.test_client()
    first = client.get("/")
    assert client.get("/", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    make_page("Une permanence au marché", slug="permanence-marche")
    assert client.get("/", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200
