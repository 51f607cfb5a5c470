"""`wiki demo`: French demo content drawn from the seeds, loaded idempotently."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from tests.conftest import need
from wiki.extensions import db
from wiki.models import FollowUp, Group, Membership, Page, PageLink, Revision, Tag, User

MODULE_2 = "aller-vers-module-2"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Group, Membership, Page, Revision, Tag, FollowUp, PageLink)
    }


def page(slug: str) -> Page:
    return db.session.scalar(select(Page).where(Page.slug == slug))


def test_demo_loads_accounts_groups_and_pages_and_prints_the_logins(demo):
    assert "Comptes de démonstration :" in demo.stdout
    for email, password in (
        ("admin@demo.alters.fr", "cle-des-champs-admin"),
        ("moderation@demo.alters.fr", "charte-et-vigilance"),
        ("membre@demo.alters.fr", "porte-ouverte-quartier"),
    ):
        assert email in demo.stdout and password in demo.stdout
    loaded = counts()
    assert loaded["User"] == 4 + 6  # the accounts, and network members to find
    assert loaded["Group"] == 2
    assert 12 <= loaded["Page"] <= 14


def test_demo_twice_changes_nothing(runner, demo):
    before = counts()

    again = runner.invoke(args=["demo"])

    assert again.exit_code == 0, again.output
    assert "déjà chargée" in again.stdout
    assert counts() == before


def test_demo_keeps_a_page_someone_changed(runner, demo):
    from wiki.pages.editing import PageDraft, save_revision

    sheet = page("groupe-balint")
    save_revision(
        db.session, sheet, PageDraft(kind="innovation", title="Balint, revu"), None, sheet.version
    )
    db.session.commit()

    assert runner.invoke(args=["demo"]).exit_code == 0

    assert page("groupe-balint").title == "Balint, revu"


def test_demo_accounts_only_prints_and_loads_nothing(runner):
    result = runner.invoke(args=["demo", "--accounts"])

    assert result.exit_code == 0
    assert result.stdout.startswith("Comptes de démonstration :")
    assert "membre@demo.alters.fr" in result.stdout
    assert counts()["User"] == 0


def test_demo_accounts_sign_in_with_the_printed_passwords(demo):
    from wiki.auth.accounts import authenticate
    from wiki.demo import DEMO_ACCOUNTS

    roles = {}
    for account in DEMO_ACCOUNTS:
        user = authenticate(db.session, account.email, account.password)
        assert user is not None, account.email
        roles[account.email] = user.role
    assert roles["admin@demo.alters.fr"] == "admin"
    assert roles["moderation@demo.alters.fr"] == "moderator"
    assert roles["membre@demo.alters.fr"] == "member"


def test_the_innovation_sheet_carries_every_field_of_seed_004(demo):
    sheet = page(MODULE_2)
    fields = sheet.current.fields

    assert sheet.kind == "innovation"
    assert fields["sectors"] == "Tous secteurs"
    assert fields["audience"].startswith("Les travailleurs de niveaux 6 (ASS, CESF, ES")
    assert fields["duration"] == "Maximum 3 jours / 21 heures"
    assert "Orléans" in fields["places_dates"] and "Tours" in fields["places_dates"]
    assert fields["partners"] == "DGCS"
    assert "stratégie de prévention et de lutte contre la pauvreté" in fields["context"]
    assert "Identifier les « techniques » de l'aller vers" in fields["objectives"]
    assert "1er module « aller vers : une nécessaire préparation »" in fields["prerequisites"]
    assert fields["approach"] == "À venir – appel d'offres en cours"
    assert fields["territory"] == "Centre-Val de Loire"
    assert fields["contact"]
    assert {f.area for f in sheet.follow_ups} == {"people", "practices", "organisations"}


def test_demo_pages_are_linked_and_tagged(demo):
    pages = db.session.scalars(select(Page)).all()
    slugs = {p.slug for p in pages}
    targets = set(db.session.scalars(select(PageLink.target_slug)))

    assert targets - slugs == {"aller-vers-module-1"}  # one page left to write, on purpose
    controlled = set(db.session.scalars(select(Tag.slug).where(Tag.controlled.is_(True))))
    for p in pages:
        assert p.tags, p.slug
        assert {t.slug for t in p.tags} <= controlled, p.slug
        assert 'class="wiki-link"' in p.current.html, p.slug
    kinds = {p.kind for p in pages}
    assert kinds == {"practice", "innovation"}
    outreach = [
        p
        for p in pages
        if p.kind == "practice" and {"aller-vers", "non-demande"} & {t.slug for t in p.tags}
    ]
    assert len(outreach) >= 4


def test_demo_restricts_pages_to_members_and_to_groups(demo):
    from wiki.access import can_view

    balint = page("quand-la-personne-ne-demande-rien")
    members_only = page("une-maraude-partagee")
    in_balint = db.session.scalar(select(User).where(User.email == "membre@demo.alters.fr"))
    outside = db.session.scalar(select(User).where(User.email == "membre2@demo.alters.fr"))

    assert balint.visibility == "group:groupe-balint"
    assert can_view(in_balint, balint)
    assert not can_view(outside, balint)
    assert not can_view(None, balint)
    assert members_only.visibility == "members"
    assert can_view(outside, members_only) and not can_view(None, members_only)


def test_demo_text_names_no_one(app):
    """The charter: no email address, phone number or date of birth in the pages' text."""
    from wiki.demo import demo_lines

    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    phone = re.compile(r"\b0[1-9](?:[ .]?\d\d){4}\b")
    for raw in demo_lines():
        line = json.loads(raw)
        text = " ".join([line["body"], *line.get("fields", {}).values()])
        assert not email.search(text), line["slug"]
        assert not phone.search(text), line["slug"]
        assert "né le" not in text and "née le" not in text, line["slug"]


def test_the_innovation_sheet_page_shows_its_fields(demo, client):
    need(
        "pages.view" in client.application.view_functions,
        "the pages blueprint has no page view yet",
    )

    html = client.get(f"/pages/{MODULE_2}").get_data(as_text=True)

    for value in (
        "Tous secteurs",
        "Maximum 3 jours / 21 heures",
        "DGCS",
        "Centre-Val de Loire",
        "appel d",
    ):
        assert value in html


def test_every_public_demo_page_renders_and_the_others_are_hidden(demo, client):
    need(
        "pages.view" in client.application.view_functions,
        "the pages blueprint has no page view yet",
    )

    for p in db.session.scalars(select(Page)).all():
        response = client.get(f"/pages/{p.slug}")
        expected = 200 if p.visibility == "public" else 404
        assert response.status_code == expected, p.slug


def test_demo_shows_the_network_alive(client, demo):
    page = client.get("/people").get_data(as_text=True)
    assert "8 membres" in page
    for name in ("Camille Lefèvre", "Nadia Benhamou", "Josiane Perrin"):
        assert name in page
    departements = client.get("/api/v1/people", query_string={"per_page": 50}).get_json()
    assert len({p.get("departement") for p in departements["results"]}) >= 5
    sheet = client.get("/pages/atelier-des-praxis-sociales").get_data(as_text=True)
    assert '<a class="person-link" href="/people/camille-lefevre">Camille Lefèvre</a>' in sheet


def test_demo_has_a_member_without_a_profession(client, demo):
    nadia = client.get("/api/v1/people/nadia-benhamou").get_json()
    assert nadia["status"] == "benevole"
    assert nadia["profession"] == ""


def test_demo_twice_keeps_the_profiles_as_they_are(runner, demo):
    from wiki.models import Profile

    before = db.session.scalar(select(func.count()).select_from(Profile))
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Profile)) == before == 8
