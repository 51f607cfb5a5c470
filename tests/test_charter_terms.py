"""The moderators' diagnostic labels: /charter/terms, `wiki charter terms`, and the check."""

from __future__ import annotations

import pytest

from tests.helpers import sign_in, text_of
from wiki.content.charter import check_charter, term_pattern
from wiki.extensions import db
from wiki.models import AuditEntry, CharterTerm

TEXT = "Elle est logorrhéique et ses voisines logorrhéiques aussi."


def test_a_moderator_adds_a_term_that_the_api_check_then_reports(
    client, moderator, member, token_for
):
    before = client.post(
        "/api/v1/charter/check", json={"text": TEXT}, headers=token_for(member)
    ).get_json()
    assert before == {"findings": []}
    sign_in(client, moderator)
    response = client.post("/charter/terms", data={"term": "logorrhéique"})
    assert response.status_code == 302
    assert "logorrhéique" in text_of(client.get("/charter/terms"))
    after = client.post(
        "/api/v1/charter/check", json={"text": TEXT}, headers=token_for(member)
    ).get_json()
    assert [(f["kind"], f["text"]) for f in after["findings"]] == [
        ("diagnosis", "logorrhéique"),
        ("diagnosis", "logorrhéiques"),
    ]
    (entry,) = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "charter.term.add")
    )
    assert entry.actor_id == moderator.id


def test_a_moderator_removes_a_term_and_the_check_forgets_it(client, moderator):
    sign_in(client, moderator)
    client.post("/charter/terms", data={"term": "logorrhéique"})
    assert check_charter(TEXT) != []
    response = client.post("/charter/terms/remove", data={"term": "logorrhéique"})
    assert response.status_code == 302
    assert check_charter(TEXT) == []
    assert db.session.scalars(db.select(CharterTerm)).all() == []


@pytest.mark.parametrize("term", ["", "x", "12 rue", "bipolaire", "a" * 121, "<b>fou</b>"])
def test_a_bad_or_known_term_is_refused_with_a_message(client, moderator, term):
    sign_in(client, moderator)
    response = client.post("/charter/terms", data={"term": term})
    assert response.status_code in (400, 409)
    assert 'class="error"' in text_of(response) or "aria-invalid" in text_of(response)
    assert db.session.scalars(db.select(CharterTerm)).all() == []


def test_the_same_term_twice_is_refused(client, moderator):
    sign_in(client, moderator)
    client.post("/charter/terms", data={"term": "Logorrhéique"})
    response = client.post("/charter/terms", data={"term": "logorrheique"})
    assert response.status_code == 409
    assert len(db.session.scalars(db.select(CharterTerm)).all()) == 1


def test_members_and_visitors_may_not_see_nor_change_the_terms(client, member):
    assert client.get("/charter/terms").status_code in (302, 401)
    assert client.post("/charter/terms", data={"term": "fou"}).status_code in (302, 401)
    sign_in(client, member)
    assert client.get("/charter/terms").status_code == 403
    assert client.post("/charter/terms", data={"term": "fou"}).status_code == 403
    assert client.post("/charter/terms/remove", data={"term": "fou"}).status_code == 403
    assert db.session.scalars(db.select(CharterTerm)).all() == []


def test_the_page_speaks_english_too(client, moderator):
    sign_in(client, moderator)
    page = text_of(client.get("/charter/terms", headers={"Accept-Language": "en"}))
    assert "Diagnostic terms" in page


def test_the_command_line_adds_lists_and_removes(app):
    runner = app.test_cli_runner()
    added = runner.invoke(args=["charter", "terms", "add", "logorrhéique"])
    assert added.exit_code == 0, added.output
    assert runner.invoke(args=["charter", "terms", "list"]).output == "logorrhéique\n"
    assert "bipolaire" in runner.invoke(args=["charter", "terms", "list", "--all"]).output
    assert check_charter(TEXT) != []
    again = runner.invoke(args=["charter", "terms", "add", "logorrheique"])
    assert again.exit_code != 0 and "déjà" in again.output
    removed = runner.invoke(args=["charter", "terms", "remove", "logorrhéique"])
    assert removed.exit_code == 0, removed.output
    assert runner.invoke(args=["charter", "terms", "list"]).output == ""
    missing = runner.invoke(args=["charter", "terms", "remove", "logorrhéique"])
    assert missing.exit_code != 0 and "n'est pas" in missing.output


def test_extra_terms_are_inflected_like_the_projects():
    assert check_charter("Des pères dépressifs et une mère dépressive·s.", extra_terms=()) != []
    found = check_charter(
        "Deux mythomanes, une cyclothymique·s et un cyclothymique.", extra_terms=("cyclothymique",)
    )
    assert [f.text for f in found] == ["mythomanes", "cyclothymique·s", "cyclothymique"]
    assert term_pattern("TDAH") == "TDAH" + "s?"


@pytest.mark.parametrize(
    ("text", "passage"),
    [
        ("Une mère dépressive.", "dépressive"),
        ("Des parents dépressif·ves.", "dépressif·ves"),
        ("Des adolescents dépressifs(ves).", "dépressifs(ves)"),
        ("Un enfant avec un TSA.", "TSA"),
        ("Un élève autiste·s.", "autiste·s"),
        ("Un TDAH.", "TDAH"),
        ("Des toxicomanes.", "toxicomanes"),
        ("Elle souffre de dépression.", "souffre de dépression"),
        ("Il souffrait d'une grave anxiété.", "souffrait d'une grave anxiété"),
        ("Souffrant de schizophrénie.", "Souffrant de schizophrénie"),
        ("Un père alcoolique.", "alcoolique"),
        ("On le disait débile.", "débile"),
        ("Un psychopathe.", "psychopathe"),
        ("Une tante hystérique.", "hystérique"),
        ("Deux sœurs anorexiques.", "anorexiques"),
        ("Des élèves caractérielles.", "caractérielles"),
        ("Des débiles mentaux.", "débiles mentaux"),
    ],
)
def test_the_projects_vocabulary_and_its_inflections(text, passage):
    assert [(f.kind, f.text) for f in check_charter(text)] == [("diagnosis", passage)]


@pytest.mark.parametrize(
    "text",
    [
        "Il souffre de la solitude et du froid.",
        "Un toc-toc à la porte, un tic de langage.",
        "Une dépression en fin de journée, puis un alcool de poire.",
    ],
)
def test_ordinary_words_near_the_labels_are_not_reported(text):
    assert check_charter(text) == []


def test_a_visible_page_title_is_not_reported_as_a_name(client, make_page, member, token_for):
    text = "Nous avons relu Yann Le Bossé avec Lucie."
    make_page("Yann Le Bossé", body="Le développement du pouvoir d'agir.")
    make_page("Lucie", body="Une page que seuls les membres voient.", visibility="members")
    anonymous = client.post("/api/v1/charter/check", json={"text": text}).get_json()
    assert [f["text"] for f in anonymous["findings"]] == ["Lucie"]  # a hidden title hides nothing
    signed_in = client.post(
        "/api/v1/charter/check", json={"text": text}, headers=token_for(member)
    ).get_json()
    assert signed_in == {"findings": []}
