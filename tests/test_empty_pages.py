"""An empty page is refused where writers publish (web form and API), naming the field to fill:
a practice account needs its text, an innovation sheet a context and objectives."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import Page


def page_count() -> int:
    return db.session.scalar(select(func.count(Page.id)))


def field_block(html: str, field_id: str) -> str:
    """The form's block of one input: from its label to the next field."""
    start = html.index(f'for="{field_id}"')
    end = html.find('<div class="field', start)
    return unescape(html[start : end if end > 0 else None])


def test_a_practice_account_without_text_is_refused_on_its_text(client, member):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=practice",
        data={"title": "Récit vide", "body": "  \n ", "visibility": "public", "tags": ""},
    )
    assert response.status_code == 400
    html = text_of(response)
    assert "Un récit de pratique a besoin d'un texte" in field_block(html, "body")
    assert re.search(
        r'<textarea[^>]*aria-invalid="true"[^>]*autofocus|'
        r'<textarea[^>]*autofocus[^>]*aria-invalid="true"',
        html,
    )
    assert page_count() == 0


def test_an_empty_innovation_sheet_is_refused_on_its_context(client, member):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=innovation",
        data={
            "title": "Fiche vide",
            "body": "",
            "visibility": "public",
            "tags": "",
            "sectors": "Tous",
            "approach": "Une démarche.",
        },
    )
    assert response.status_code == 400
    assert "besoin d'un contexte et d'objectifs" in field_block(text_of(response), "context")
    assert page_count() == 0


@pytest.mark.parametrize(
    ("fields", "missing", "message"),
    [
        ({"context": "Un contexte."}, "objectives", "besoin d'objectifs"),
        ({"objectives": "Des buts."}, "context", "besoin d'un contexte"),
    ],
)
def test_a_sheet_needs_both_its_context_and_its_objectives(
    client, member, fields, missing, message
):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=innovation",
        data={"title": "Fiche", "body": "", "visibility": "public", "tags": "", **fields},
    )
    assert response.status_code == 400
    assert message in field_block(text_of(response), missing)
    assert page_count() == 0


def test_a_sheet_with_a_context_and_objectives_is_published(client, member):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=innovation",
        data={
            "title": "Fiche",
            "body": "",
            "visibility": "public",
            "tags": "",
            "context": "Un contexte.",
            "objectives": "Des buts.",
        },
    )
    assert response.status_code == 302
    assert page_count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "practice", "title": "Vide"}, "body"),
        ({"kind": "practice", "title": "Vide", "body": "\n\t "}, "body"),
        ({"kind": "innovation", "title": "Fiche vide", "fields": {"sectors": "Tous"}}, "context"),
        (
            {"kind": "innovation", "title": "Fiche", "fields": {"context": "Un contexte."}},
            "objectives",
        ),
    ],
)
def test_the_api_refuses_an_empty_page_naming_the_field(client, member, token_for, payload, field):
    response = client.post("/api/v1/pages", headers=token_for(member), json=payload)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["details"]["field"] == field
    assert page_count() == 0


def test_an_edit_emptying_a_page_is_refused(client, member, make_page, token_for):
    page = make_page("Un récit", body="Le texte.")
    response = client.put(
        f"/api/v1/pages/{page.slug}",
        headers=token_for(member),
        json={"title": "Un récit", "body": "", "base_revision": 1},
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["field"] == "body"
    sign_in(client, member)
    response = client.post(
        f"/pages/{page.slug}/edit",
        data={
            "title": "Un récit",
            "body": "",
            "visibility": "public",
            "tags": "",
            "base_revision": "1",
        },
    )
    assert response.status_code == 400
    db.session.refresh(page)
    assert page.version == 1


def test_an_import_keeps_older_empty_pages(app, member):
    """The round trip: a wiki exported with pages written before the rule imports again."""
    from wiki.pages.transfer import import_lines

    line = json.dumps({"kind": "practice", "title": "Ancienne page vide", "body": ""})
    assert import_lines(db.session, [line], default_author=member) == 1
