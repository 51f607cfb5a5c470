"""The charter in the writing flow, in Chromium, at desktop width and at 390 px, axe-core
clean: an account with a name and a diagnosis is held on the review page; the name is
replaced by initials, the diagnosis justified, and the page is published."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
MEMBER = next(account for account in DEMO_ACCOUNTS if account.email == "membre@demo.alters.fr")
BODY = (
    "Madame Dupont, schizophrène selon le dossier, vient chaque samedi à la permanence. "
    "Nous avons appris à l'écouter sans rendez-vous."
)


def axe_violations(page) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    return [violation["id"] for violation in axe.run(page).response["violations"]]


def fits(page, width: str) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_an_account_is_reviewed_then_published_anonymised(page, width, tmp_path):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, MEMBER)
    title = f"Une dame du samedi ({width})"
    page.goto("/pages/new?kind=practice")
    page.get_by_label("Titre", exact=True).fill(title)
    page.get_by_label("Texte (Markdown)").fill(BODY)
    page.get_by_role("button", name="Prévisualiser").click()
    preview = page.get_by_role("region", name="Aperçu : la page telle que ses lecteurs la verront")
    expect(preview.locator("mark").filter(has_text="Madame Dupont")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publier la page").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Avant de publier : relisez ces passages"
    )
    text = page.get_by_role("region", name="Votre texte")
    expect(text.locator("mark").filter(has_text="Madame Dupont")).to_be_visible()
    expect(text.locator("mark").filter(has_text="schizophrène")).to_be_visible()
    name = page.get_by_role("group", name=re.compile("Madame Dupont"))
    expect(name).to_contain_text("initiales : Madame D.")
    diagnosis = page.get_by_role("group", name=re.compile("schizophrène"))
    expect(diagnosis).to_contain_text("nosographie psychiatrique")
    page.screenshot(path=tmp_path / f"review-{width}.png", full_page=True)
    assert fits(page, width)
    assert axe_violations(page) == []

    name.get_by_label("Remplacer partout par").fill("Madame D.")
    diagnosis.get_by_label("Ou le garder, parce que").fill(
        "Le mot du dossier, que le récit met en question."
    )
    page.get_by_role("button", name="Appliquer et publier").click()

    expect(page.get_by_role("status")).to_contain_text("La page est publiée.")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    body = page.get_by_role("article").locator(".page-body")
    expect(body).to_contain_text("Madame D., schizophrène selon le dossier")
    expect(body).not_to_contain_text("Dupont")
    assert fits(page, width)
    page.reload()  # (the flash message's list, base.html's, is checked apart)
    assert axe_violations(page) == []


def test_a_draft_is_saved_without_review(page):
    sign_in(page, MEMBER)
    page.goto("/pages/new?kind=practice")
    page.get_by_label("Titre", exact=True).fill("Un brouillon du samedi")
    page.get_by_label("Texte (Markdown)").fill(BODY)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Le brouillon est enregistré")
    expect(page.get_by_role("note").filter(has_text="Brouillon")).to_be_visible()
    page.goto("/drafts")
    expect(page.get_by_role("link", name="Un brouillon du samedi")).to_be_visible()


LONG_LINK = "https://exemple.org/" + "/".join(["un-tres-long-chemin"] * 6)
LONG_WORD = "Anticonstitutionnellement" * 4
CODE = "```\nrappel = 'une ligne de code bien plus longue que la largeur d''un téléphone'\n```"


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_a_sheet_previews_without_script_and_nothing_is_wider_than_the_screen(
    browser, live_server, width
):
    """A long link, a long word and a line of code, in the text and in a field: neither the
    preview (rendered by the server: no script runs) nor the saved page gets wider."""
    context = browser.new_context(
        base_url=live_server, locale="fr-FR", java_script_enabled=False, viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Adresse électronique").fill(MEMBER.email)
    page.get_by_label("Mot de passe").fill(MEMBER.password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    page.goto("/pages/new?kind=innovation")
    title = f"Une fiche aux longs mots ({width})"
    page.get_by_label("Titre", exact=True).fill(title)
    page.locator("#context").fill(f"Le contexte, voir {LONG_LINK}")
    page.locator("#objectives").fill(f"Un objectif {LONG_WORD}, avec M. Martin.")
    page.locator("#body").fill(f"{BODY}\n\n{LONG_WORD}\n\n{LONG_LINK}\n\n{CODE}")
    page.get_by_role("button", name="Prévisualiser").click()
    preview = page.get_by_role("region", name="Aperçu : la page telle que ses lecteurs la verront")
    expect(preview.locator("h2", has_text="Objectifs")).to_be_visible()  # the sheet's fields
    expect(preview.locator("mark").filter(has_text="Madame Dupont").first).to_be_visible()
    expect(preview).to_contain_text("Rien n'est enregistré")
    assert fits(page, width)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    assert fits(page, width)
    context.close()
