"""Revisions through the web: no lost update (conflict page), history, word diff, revert."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.helpers import sign_in, text_of
from wiki.content.diff import word_diff
from wiki.extensions import db
from wiki.models import Page, Revision


def edit_form(body: str, base: int | str, title: str = "Un récit", **extra) -> dict:
    data = {
        "title": title,
        "body": body,
        "visibility": "public",
        "summary": "",
        "tags": "",
        "base_revision": str(base),
    }
    data.update(extra)
    return data


def current_body() -> str:
    page = db.session.scalar(select(Page))
    db.session.refresh(page)
    return page.current.body


# --- no lost update ---------------------------------------------------------------------


def test_second_save_on_the_same_base_gets_a_conflict_and_the_first_stays(
    client, member, other_member, make_page
):
    make_page("Un récit", body="Le texte de départ.")
    sign_in(client, member)
    first = client.post("/pages/un-recit/edit", data=edit_form("La version du matin.", 1))
    assert first.status_code == 302
    sign_in(client, other_member)
    second = client.post("/pages/un-recit/edit", data=edit_form("La version du soir.", 1))
    assert second.status_code == 409
    assert current_body() == "La version du matin."
    assert db.session.scalar(select(Page.version)) == 2
    assert len(db.session.scalars(select(Revision)).all()) == 2


def test_conflict_page_keeps_the_writers_text_and_shows_the_current_one(
    client, member, other_member, make_page
):
    make_page("Un récit", body="Le texte de départ.")
    sign_in(client, member)
    client.post("/pages/un-recit/edit", data=edit_form("La version du matin.", 1))
    sign_in(client, other_member)
    html = text_of(client.post("/pages/un-recit/edit", data=edit_form("La version du soir.", 1)))
    assert "Conflit de modification" in html
    assert "La version du soir.</textarea>" in html  # their text, kept in the form
    assert '<pre class="current-text">La version du matin.</pre>' in html
    assert 'name="base_revision" type="hidden" value="2"' in html  # the new base
    assert "<del>matin</del><ins>soir</ins>" in html  # what differs, word by word


def test_saving_again_from_the_conflict_page_merges(client, member, other_member, make_page):
    make_page("Un récit", body="Le texte de départ.")
    sign_in(client, member)
    client.post("/pages/un-recit/edit", data=edit_form("La version du matin.", 1))
    sign_in(client, other_member)
    client.post("/pages/un-recit/edit", data=edit_form("La version du soir.", 1))
    merged = client.post(
        "/pages/un-recit/edit", data=edit_form("Les versions du matin et du soir.", 2)
    )
    assert merged.status_code == 302
    assert current_body() == "Les versions du matin et du soir."


def test_save_without_a_base_revision_never_overwrites(client, member, make_page):
    make_page("Un récit", body="Le texte de départ.")
    sign_in(client, member)
    response = client.post("/pages/un-recit/edit", data=edit_form("Écrasé ?", ""))
    assert response.status_code == 409
    assert current_body() == "Le texte de départ."


# --- history and diff -------------------------------------------------------------------


def test_history_lists_revisions_with_their_authors_and_summaries(
    client, member, other_member, make_page
):
    make_page("Un récit", body="Un.", summary="Première version")
    sign_in(client, other_member)
    client.post("/pages/un-recit/edit", data=edit_form("Deux.", 1, summary="Un ajout du soir"))
    html = text_of(client.get("/pages/un-recit/history"))
    assert "Claire Martin" in html and "Karim Benali" in html
    assert "Première version" in html and "Un ajout du soir" in html
    assert html.index("Un ajout du soir") < html.index("Première version")  # newest first
    assert 'name="from" value="1"' in html and 'name="to" value="2"' in html
    assert 'action="/pages/un-recit/diff"' in html and 'method="get"' in html


def test_page_shows_every_distinct_author(client, member, other_member, make_page):
    make_page("Un récit", body="Un.")
    sign_in(client, other_member)
    client.post("/pages/un-recit/edit", data=edit_form("Deux.", 1))
    client.post("/pages/un-recit/edit", data=edit_form("Trois.", 2))
    html = text_of(client.get("/pages/un-recit"))
    meta = re.search(r'<p class="page-meta">(.*?)</p>', html, re.S).group(1)
    assert meta.count("Karim Benali") == 1
    assert meta.index("Claire Martin") < meta.index("Karim Benali")  # first contribution first


def test_diff_shows_inserted_and_deleted_words(client, member, make_page):
    make_page("Un récit", body="Elle refusait toute aide.", fields={"territory": "Tours"})
    sign_in(client, member)
    client.post(
        "/pages/un-recit/edit",
        data=edit_form("Elle acceptait une aide.", 1, title="Un récit revu", territory="Blois"),
    )
    html = text_of(client.get("/pages/un-recit/diff?from=1&to=2"))
    assert "<del>refusait</del><ins>acceptait</ins>" in html
    assert "<del>toute</del><ins>une</ins>" in html
    assert "<ins> revu</ins>" in html  # the title
    assert "<del>Tours</del><ins>Blois</ins>" in html  # a field


def test_diff_without_numbers_compares_the_last_two_versions(client, member, make_page):
    make_page("Un récit", body="Avant.")
    sign_in(client, member)
    client.post("/pages/un-recit/edit", data=edit_form("Après.", 1))
    assert "<del>Avant</del><ins>Après</ins>" in text_of(client.get("/pages/un-recit/diff"))


def test_diff_with_a_bad_number_is_a_clear_400(client, make_page):
    make_page("Un récit")
    response = client.get("/pages/un-recit/diff?from=abc&to=1")
    assert response.status_code == 400
    assert "Numéro de version invalide" in text_of(response)


def test_diff_with_a_missing_revision_is_a_404(client, make_page):
    make_page("Un récit")
    assert client.get("/pages/un-recit/diff?from=1&to=9").status_code == 404
    assert client.get("/pages/un-recit/diff?from=-1&to=1").status_code == 404
    assert client.get(f"/pages/un-recit/diff?from=1&to={10**20}").status_code == 404


def test_absurd_revision_numbers_are_404s(client, member, make_page):
    make_page("Un récit")
    assert client.get(f"/pages/un-recit/revisions/{10**20}").status_code == 404
    sign_in(client, member)
    assert client.post(f"/pages/un-recit/revert/{10**20}").status_code == 404


def test_word_diff_escapes_everything():
    html = word_diff("<b>gras</b> & co", "<script>alert(1)</script> & co")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;" in html and "&gt;" in html and "&amp; co" in html
    assert "<del>" in html and "<ins>" in html


def test_word_diff_of_equal_texts_marks_nothing():
    assert word_diff("Même texte.\nDeux lignes.", "Même texte.\nDeux lignes.") == (
        "Même texte.\nDeux lignes."
    )


def test_word_diff_marks_a_whole_added_line():
    assert word_diff("Un.\n", "Un.\nDeux.\n") == "Un.\n<ins>Deux.\n</ins>"


# --- old revisions and revert -----------------------------------------------------------


def test_old_revision_shows_its_own_text(client, member, make_page):
    make_page("Un récit", body="Le texte **ancien**.")
    sign_in(client, member)
    client.post("/pages/un-recit/edit", data=edit_form("Le texte nouveau.", 1))
    html = text_of(client.get("/pages/un-recit/revisions/1"))
    assert "<strong>ancien</strong>" in html
    assert "Ce n'est pas la version actuelle" in html
    assert client.get("/pages/un-recit/revisions/7").status_code == 404


def test_revert_creates_a_new_revision_with_the_old_content(client, member, make_page):
    make_page("Un récit", body="Le bon texte.", fields={"territory": "Tours"}, tags=["isolement"])
    sign_in(client, member)
    client.post(
        "/pages/un-recit/edit",
        data=edit_form("Un texte abîmé.", 1, title="Titre abîmé", territory="Nulle part"),
    )
    response = client.post("/pages/un-recit/revert/1", data={"base_revision": "2"})
    assert response.status_code == 302
    page = db.session.scalar(select(Page))
    db.session.refresh(page)
    assert page.version == 3
    assert page.current.body == "Le bon texte."
    assert page.current.title == "Un récit"
    assert page.current.fields == {"territory": "Tours"}
    assert page.current.tag_slugs == ["isolement"]
    assert page.current.summary == "Retour à la version 1"
    assert [r.number for r in page.revisions] == [1, 2, 3]


def test_revert_on_a_stale_base_is_refused(client, member, make_page):
    make_page("Un récit", body="Un.")
    sign_in(client, member)
    client.post("/pages/un-recit/edit", data=edit_form("Deux.", 1))
    client.post("/pages/un-recit/edit", data=edit_form("Trois.", 2))
    response = client.post("/pages/un-recit/revert/1", data={"base_revision": "2"})
    assert response.status_code == 409
    assert current_body() == "Trois."


def test_anonymous_revert_changes_nothing(client, member, make_page):
    make_page("Un récit", body="Un.")
    response = client.post("/pages/un-recit/revert/1", data={"base_revision": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert db.session.scalar(select(Page.version)) == 1
