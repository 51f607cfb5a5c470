"""The main journey, walked in Chromium as a person would, with role and label locators.

Locating inputs by their label and buttons/links by their accessible name also checks that
the forms are accessible: an input without a label cannot be found.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import site_nav
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

MEMBER = next(account for account in DEMO_ACCOUNTS if account.email == "membre@demo.alters.fr")
LINKED_SLUG = "atelier-des-praxis-sociales"  # a public demo page
LINKED_TITLE = "L'atelier des praxis sociales"
MEMBERS_ONLY_SLUG = "une-maraude-partagee"  # visibility "members" in the demo
MEMBERS_ONLY_TITLE = "Bénévoles et professionnels : une maraude partagée"

TITLE = "Accueillir sans rendez-vous à la permanence du samedi"
SLUG = "accueillir-sans-rendez-vous-a-la-permanence-du-samedi"
BODY = """## La situation

Le samedi matin, la permanence reste **ouverte sans rendez-vous** pour les habitants.

Nous en avons discuté à [[Atelier des praxis sociales]].

- un café
- une écoute
"""


def main_nav(page):
    return site_nav(page)


def sign_in(page):
    page.goto("/")
    main_nav(page).get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1, name="Se connecter")).to_be_visible()
    page.get_by_label("Adresse électronique").fill(MEMBER.email)
    page.get_by_label("Mot de passe").fill(MEMBER.password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(main_nav(page).get_by_role("link", name=MEMBER.name)).to_be_visible()


def write_practice(page):
    main_nav(page).get_by_role("link", name="Écrire").click()
    page.get_by_role("link", name="Un récit de pratique").click()
    expect(page.get_by_role("heading", level=1, name="Nouveau récit de pratique")).to_be_visible()
    page.get_by_label("Titre", exact=True).fill(TITLE)
    page.get_by_label("Lieu").fill("Maison de quartier des Tilleuls")
    page.get_by_label("Secteur").fill("Action sociale de proximité")
    page.get_by_label("Public", exact=True).fill("Habitants du quartier")
    page.get_by_label("Période").fill("Depuis 2024")
    page.get_by_label("Texte (Markdown)").fill(BODY)
    page.get_by_role("checkbox", name="Aller vers").check()
    page.get_by_label("Autres étiquettes").fill("permanence du samedi")
    page.get_by_role("button", name="Publier la page").click()


def check_rendered(page):
    expect(page).to_have_url(re.compile(f"/pages/{SLUG}$"))
    expect(page.get_by_role("status")).to_contain_text("La page est publiée.")
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    article = page.get_by_role("article")
    fields = article.locator("dl.page-fields")
    for label, value in (
        ("Lieu", "Maison de quartier des Tilleuls"),
        ("Secteur", "Action sociale de proximité"),
        ("Public", "Habitants du quartier"),
    ):
        expect(fields.get_by_role("term").filter(has_text=label)).to_be_visible()
        expect(fields.get_by_role("definition").filter(has_text=value)).to_be_visible()
    tags = page.get_by_role("list", name="Étiquettes")
    expect(tags.get_by_role("link", name="Aller vers")).to_have_attribute(
        "href", "/tags/aller-vers"
    )
    expect(tags.get_by_role("link", name="permanence du samedi")).to_have_attribute(
        "href", "/tags/permanence-du-samedi"
    )
    # The Markdown is rendered: a heading, bold text, a list; no raw syntax left.
    body = article.locator(".page-body")
    expect(body.get_by_role("heading", level=2, name="La situation")).to_be_visible()
    expect(body.locator("strong")).to_have_text("ouverte sans rendez-vous")
    expect(body.get_by_role("listitem")).to_have_count(2)
    for raw in ("##", "**", "[[", "]]"):
        assert raw not in body.inner_text()
    # The wiki link leads to the demo page, and back.
    wiki_link = body.get_by_role("link", name="Atelier des praxis sociales")
    expect(wiki_link).to_have_attribute("href", f"/pages/{LINKED_SLUG}")
    wiki_link.click()
    expect(page.get_by_role("heading", level=1, name=LINKED_TITLE)).to_be_visible()
    backlinks = page.get_by_role("region", name="Pages qui pointent ici")
    expect(backlinks.get_by_role("link", name=TITLE)).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()


def edit_and_compare(page):
    page.get_by_role("link", name="Modifier", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=f"Modifier « {TITLE} »")).to_be_visible()
    body = page.get_by_label("Texte (Markdown)")
    expect(body).to_have_value(re.compile(r"\*\*ouverte sans rendez-vous\*\*"))
    body.fill(BODY.replace("pour les habitants", "pour tous les voisins"))
    page.get_by_label("Résumé de la modification").fill("Préciser le public")
    page.get_by_role("button", name="Enregistrer la modification").click()
    expect(page.get_by_role("status")).to_contain_text("Modification enregistrée.")
    expect(page.get_by_role("article").locator(".page-body")).to_contain_text(
        "pour tous les voisins"
    )

    page.get_by_role("link", name="Historique").click()
    history = page.get_by_role("table", name="Choisissez deux versions à comparer.")
    expect(history.get_by_role("row")).to_have_count(3)  # the header and two versions
    expect(history.get_by_role("row").filter(has_text="Préciser le public")).to_contain_text(
        MEMBER.name
    )
    expect(page.get_by_label("Comparer depuis la version 1")).to_be_checked()
    expect(page.get_by_label("Comparer jusqu'à la version 2")).to_be_checked()
    page.get_by_role("button", name="Comparer les versions choisies").click()
    expect(page.get_by_role("heading", level=1, name=f"Différences : « {TITLE} »")).to_be_visible()
    diff = page.locator(".diff-part")
    expect(diff.locator("ins").filter(has_text="tous")).to_be_visible()
    expect(diff.locator("ins").filter(has_text="voisins")).to_be_visible()
    expect(diff.locator("del").filter(has_text="habitants")).to_be_visible()


def switch_language(page):
    page.get_by_role("button", name="English").click()
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Recent changes")).to_be_visible()
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The language switch keeps the reader on the same page.
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    page.get_by_role("button", name="Français").click()
    expect(main_nav(page).get_by_role("link", name="Modifications récentes")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_a_member_writes_edits_compares_and_reads_in_english(page, tmp_path):
    sign_in(page)
    write_practice(page)
    check_rendered(page)
    page.screenshot(path=str(tmp_path / "practice.png"), full_page=True)
    edit_and_compare(page)
    switch_language(page)


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # hidden until focused, but seen when it is
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_an_anonymous_visitor_does_not_find_a_members_only_page(page, console_errors):
    response = page.goto(f"/pages/{MEMBERS_ONLY_SLUG}")
    assert response.status == 404
    # Chromium reports the 404 answer itself on the console: expected here, and only that.
    console_errors.remove(
        f"Failed to load resource: the server responded with a status of "
        f"404 (NOT FOUND) ({response.url})"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Erreur 404")
    expect(page.get_by_text(MEMBERS_ONLY_TITLE)).to_have_count(0)
    for listing in ("/recent", "/practices"):
        page.goto(listing)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("link", name="Frapper à la porte").first).to_be_visible()
        expect(page.get_by_text(MEMBERS_ONLY_TITLE)).to_have_count(0)
