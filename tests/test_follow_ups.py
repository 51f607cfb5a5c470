"""The follow-up of effects: its author (and moderators) correct and delete an observation;
every change shows in recent changes, the Atom feed and the page's history; after an error
the page comes back at the form, the field in error focused (autofocus), without any script
(tests/e2e/test_writing.py checks where the browser puts it)."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import FollowUp

ATOM = "{http://www.w3.org/2005/Atom}"
SHEET_FIELDS = {"context": "Des habitants isolés.", "objectives": "Aller vers eux."}


@pytest.fixture
def sheet(make_page):
    return make_page("Module aller vers", kind="innovation", fields=SHEET_FIELDS)


def add(client, sheet, text="Les équipes vont au marché.", **extra):
    data = {"observed_on": "2024-03-12", "area": "practices", "text": text, **extra}
    return client.post(f"/pages/{sheet.slug}/follow-ups", data=data)


def only_follow_up() -> FollowUp:
    return db.session.scalar(select(FollowUp))


@pytest.fixture
def observed(client, member, sheet):
    """An observation Claire (member) added to the sheet."""
    sign_in(client, member)
    assert add(client, sheet).status_code == 302
    return only_follow_up()


def edit_url(sheet, entry) -> str:
    return f"/pages/{sheet.slug}/follow-ups/{entry.id}/edit"


def test_adding_returns_to_the_new_observation(client, member, sheet):
    sign_in(client, member)
    response = add(client, sheet)
    assert response.headers["Location"] == f"/pages/{sheet.slug}#suivi-{only_follow_up().id}"
    assert f'id="suivi-{only_follow_up().id}"' in text_of(client.get(f"/pages/{sheet.slug}"))


def test_its_author_corrects_an_observation(client, sheet, observed):
    assert "Corriger ou supprimer" in text_of(client.get(f"/pages/{sheet.slug}"))
    form = text_of(client.get(edit_url(sheet, observed)))
    assert "Les équipes vont au marché." in form
    response = client.post(
        edit_url(sheet, observed),
        data={"observed_on": "2024-03-19", "area": "organisations", "text": "Une convention."},
    )
    assert response.status_code == 302
    db.session.refresh(observed)
    assert (observed.text, observed.area, observed.observed_on.isoformat()) == (
        "Une convention.",
        "organisations",
        "2024-03-19",
    )
    html = text_of(client.get(f"/pages/{sheet.slug}"))
    assert "Une convention." in html and "Les équipes vont au marché." not in html


def test_its_author_deletes_an_observation(client, sheet, observed):
    response = client.post(f"/pages/{sheet.slug}/follow-ups/{observed.id}/delete")
    assert response.status_code == 302
    assert only_follow_up() is None
    assert "Les équipes vont au marché." not in text_of(client.get(f"/pages/{sheet.slug}"))


def test_another_member_may_neither_correct_nor_delete_it(client, sheet, observed, other_member):
    sign_in(client, other_member)
    assert "Corriger ou supprimer" not in text_of(client.get(f"/pages/{sheet.slug}"))
    assert client.get(edit_url(sheet, observed)).status_code == 403
    assert (
        client.post(
            edit_url(sheet, observed),
            data={"observed_on": "2024-03-19", "area": "people", "text": "Réécrit."},
        ).status_code
        == 403
    )
    assert client.post(f"/pages/{sheet.slug}/follow-ups/{observed.id}/delete").status_code == 403
    db.session.refresh(observed)
    assert observed.text == "Les équipes vont au marché."


def test_a_moderator_corrects_and_deletes(client, sheet, observed, moderator):
    sign_in(client, moderator)
    assert (
        client.post(
            edit_url(sheet, observed),
            data={"observed_on": "2024-03-12", "area": "practices", "text": "Anonymisé."},
        ).status_code
        == 302
    )
    assert client.post(f"/pages/{sheet.slug}/follow-ups/{observed.id}/delete").status_code == 302
    assert only_follow_up() is None


def test_anonymous_visitors_are_sent_to_sign_in(client, sheet, observed):
    from tests.helpers import sign_out

    sign_out(client)
    response = client.post(f"/pages/{sheet.slug}/follow-ups/{observed.id}/delete")
    assert response.headers["Location"].startswith("/login")
    assert only_follow_up() is not None


def test_an_observation_of_another_page_is_a_404(client, sheet, observed, make_page):
    other = make_page("Autre fiche", kind="innovation", fields=SHEET_FIELDS)
    assert client.get(f"/pages/{other.slug}/follow-ups/{observed.id}/edit").status_code == 404


def test_a_hidden_sheet_s_observation_is_a_404_to_outsiders(
    client, member, make_page, group, other_member
):
    hidden = make_page(
        "Fiche du groupe", kind="innovation", fields=SHEET_FIELDS, visibility="group:atelier-praxis"
    )
    sign_in(client, member)
    add(client, hidden)
    entry = only_follow_up()
    sign_in(client, other_member)
    assert client.get(edit_url(hidden, entry)).status_code == 404
    assert client.post(f"/pages/{hidden.slug}/follow-ups/{entry.id}/delete").status_code == 404


# --- recent changes, the feed, the history -----------------------------------------------


def test_every_change_shows_in_recent_changes(client, sheet, observed):
    client.post(
        edit_url(sheet, observed),
        data={"observed_on": "2024-03-12", "area": "practices", "text": "Corrigé."},
    )
    client.post(f"/pages/{sheet.slug}/follow-ups/{observed.id}/delete")
    html = text_of(client.get("/recent"))
    deleted = html.index("Effet supprimé du suivi")
    corrected = html.index("Effet corrigé")
    added = html.index("Effet ajouté au suivi")
    assert deleted < corrected < added < html.index("nouvelle page")  # newest first
    assert "sur les pratiques, observé le 12 mars 2024" in html


def test_the_feed_has_an_entry_per_change(client, sheet, observed):
    client.post(f"/pages/{sheet.slug}/follow-ups/{observed.id}/delete")
    feed = ET.fromstring(client.get("/feeds/recent.atom").data)
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["Module aller vers : suivi des effets"] * 2 + ["Module aller vers"]
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 3
    assert "Effet supprimé du suivi" in entries[0].find(f"{ATOM}summary").text
    assert "Claire Martin" in entries[0].find(f"{ATOM}summary").text


def test_the_history_lists_the_follow_up_changes_but_not_their_text(client, sheet, observed):
    client.post(f"/pages/{sheet.slug}/follow-ups/{observed.id}/delete")
    html = text_of(client.get(f"/pages/{sheet.slug}/history"))
    assert "Effet ajouté au suivi" in html and "Effet supprimé du suivi" in html
    assert "Les équipes vont au marché." not in html  # a deleted observation is gone
    assert 'id="from-1"' in html and 'id="to-1"' in html  # versions still compare


def test_changes_of_a_hidden_sheet_stay_hidden(client, member, make_page, group):
    hidden = make_page(
        "Fiche du groupe", kind="innovation", fields=SHEET_FIELDS, visibility="group:atelier-praxis"
    )
    sign_in(client, member)
    add(client, hidden)
    from tests.helpers import sign_out

    sign_out(client)
    assert "Effet ajouté" not in text_of(client.get("/recent"))
    assert b"suivi des effets" not in client.get("/feeds/recent.atom").data


def test_recent_changes_are_paginated_with_follow_ups(app, client, sheet, observed):
    app.config["PER_PAGE"] = 1  # two changes a page: the revision and the observation
    add(client, sheet, text="Une seconde observation.")
    html = text_of(client.get("/recent"))
    assert "Page 1 sur 2" in html
    assert "nouvelle page" not in html
    assert "nouvelle page" in text_of(client.get("/recent?page=2"))


# --- after a validation error: back at the form ------------------------------------------


def test_an_error_brings_the_page_back_at_the_form_with_the_field_focused(client, member, sheet):
    sign_in(client, member)
    response = add(client, sheet, text="")
    assert response.status_code == 400
    html = text_of(response)
    form = re.search(r'<form class="follow-up-form" id="ajouter-suivi"[^>]*>', html).group(0)
    # No fragment in the action: browsers skip autofocus when the address has one.
    assert f'action="/pages/{sheet.slug}/follow-ups"' in form
    textarea = re.search(r"<textarea[^>]*>", html.split('id="ajouter-suivi"', 1)[1]).group(0)
    assert "autofocus" in textarea and 'aria-invalid="true"' in textarea
    assert "Décrivez les effets observés." in html.split('id="ajouter-suivi"', 1)[1]
    assert "<script" not in html.replace('<script type="application/ld+json">', "")  # data only


def test_a_bad_date_focuses_the_date(client, member, sheet):
    sign_in(client, member)
    html = text_of(add(client, sheet, observed_on="pas une date"))
    date_input = re.search(r'<input[^>]*id="observed_on"[^>]*>', html).group(0)
    assert "autofocus" in date_input
    assert "autofocus" not in re.search(r"<textarea[^>]*>", html).group(0)


def test_a_correction_error_comes_back_at_its_form(client, sheet, observed):
    response = client.post(
        edit_url(sheet, observed),
        data={"observed_on": "2024-03-12", "area": "practices", "text": " "},
    )
    assert response.status_code == 400
    html = text_of(response)
    assert f'action="{edit_url(sheet, observed)}"' in html
    assert "autofocus" in re.search(r"<textarea[^>]*>", html).group(0)
