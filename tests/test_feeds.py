"""Recent changes and their Atom feed."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from tests.helpers import sign_in, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


def edit(client, slug, body, base, title, summary=""):
    return client.post(
        f"/pages/{slug}/edit",
        data={
            "title": title,
            "body": body,
            "visibility": "public",
            "summary": summary,
            "tags": "",
            "base_revision": str(base),
        },
    )


def test_recent_changes_list_revisions_newest_first(client, member, make_page):
    make_page("Premier récit")
    make_page("Second récit")
    sign_in(client, member)
    edit(client, "premier-recit", "Complété.", 1, "Premier récit", summary="Complément")
    html = text_of(client.get("/recent"))
    assert html.index("Complément") < html.index("Second récit")
    assert 'href="/pages/premier-recit/diff?from=1&amp;to=2"' in html
    assert "nouvelle page" in html
    assert "Claire Martin" in html


def test_recent_changes_are_paginated(app, client, make_page):
    app.config["PER_PAGE"] = 1  # two revisions a page
    for n in range(5):
        make_page(f"Récit {n}")
    html = text_of(client.get("/recent"))
    assert "Page 1 sur 3" in html
    assert "Récit 4" in html and "Récit 2" not in html


def test_feed_is_atom(client, make_page):
    make_page("Un récit", summary="Première version")
    response = client.get("/feeds/recent.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Un récit"
    assert entry.find(f"{ATOM}id").text == "http://wiki.test/pages/un-recit/revisions/1"
    assert entry.find(f"{ATOM}updated").text.endswith("Z")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Claire Martin"
    assert "Première version" in entry.find(f"{ATOM}summary").text


def test_feed_escapes_titles_and_summaries(client, make_page):
    make_page("<script>alert(1)</script> & co", summary="<b>gras</b>")
    body = client.get("/feeds/recent.atom").get_data(as_text=True)
    assert "<script>" not in body and "<b>" not in body
    feed = ET.fromstring(body.encode())
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "<script>alert(1)</script> & co"


def test_feed_entries_are_newest_first(client, member, make_page):
    make_page("Ancien")
    make_page("Récent")
    sign_in(client, member)
    edit(client, "ancien", "Revu.", 1, "Ancien revu")
    feed = ET.fromstring(client.get("/feeds/recent.atom").data)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Ancien revu", "Récent", "Ancien"]


def test_feed_for_anonymous_readers_has_only_public_pages(client, make_page, group):
    make_page("Public")
    make_page("Membres", visibility="members")
    make_page("Groupe", visibility="group:atelier-praxis")
    feed = ET.fromstring(client.get("/feeds/recent.atom").data)
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["Public"]


def test_empty_feed_is_still_valid(client):
    feed = ET.fromstring(client.get("/feeds/recent.atom").data)
    assert feed.find(f"{ATOM}updated").text.endswith("Z")
    assert feed.findall(f"{ATOM}entry") == []
