"""History that can forget, in Chromium at desktop width and at 390 px, axe-core clean: the
author masks a version with a reason, the history keeps « version masquée (motif) », a
visitor finds the version nowhere, and a moderator anonymises a passage through the whole
history."""

from __future__ import annotations

import re

import pytest

from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
ACCOUNTS = {account.email: account for account in DEMO_ACCOUNTS}
MEMBER = ACCOUNTS["membre@demo.alters.fr"]
MODERATION = ACCOUNTS["moderation@demo.alters.fr"]
REASON = "détail qui permettait de reconnaître quelqu'un"


def axe_violations(page) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    return [violation["id"] for violation in axe.run(page).response["violations"]]


def sign_in(page, account) -> None:
    page.goto("/login")
    page.get_by_label("Adresse électronique").fill(account.email)
    page.get_by_label("Mot de passe").fill(account.password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("link", name=account.name, include_hidden=True)).to_be_attached()


def fits(page, width: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_the_author_masks_a_version_and_a_moderator_anonymises(
    page, width, tmp_path, console_errors
):
    page.set_viewport_size(WIDTHS[width])
    word = f"Vermicelline{width.capitalize()}"  # a detail the first version gave
    sign_in(page, MEMBER)
    page.goto("/pages/new?kind=practice")
    page.get_by_label("Titre", exact=True).fill(f"Un mardi au jardin partagé ({width})")
    page.get_by_label("Texte (Markdown)").fill(f"Au jardin, rue {word}, le mardi.")
    page.get_by_role("button", name="Publier la page").click()
    slug = re.search(r"/pages/([a-z0-9-]+)$", page.url).group(1)
    page.goto(f"/pages/{slug}/edit")
    page.get_by_label("Texte (Markdown)").fill("Au jardin du quartier, le mardi.")
    page.get_by_role("button", name="Enregistrer la modification").click()
    expect(page).to_have_url(re.compile(f"/pages/{slug}$"))

    page.goto(f"/pages/{slug}/revisions/1")
    page.get_by_role("button", name="Masquer cette version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Masquer la version 1")
    page.screenshot(path=tmp_path / f"suppress-{width}.png", full_page=True)
    fits(page, width)
    page.get_by_label("Motif").fill(REASON)
    page.get_by_role("button", name="Masquer cette version").click()
    expect(page).to_have_url(re.compile(f"/pages/{slug}/history$"))
    expect(page.get_by_text(f"version masquée ({REASON})")).to_be_visible()
    page.screenshot(path=tmp_path / f"history-masked-{width}.png", full_page=True)
    fits(page, width)
    assert word not in page.content()

    page.context.clear_cookies()  # now a visitor
    assert page.goto(f"/pages/{slug}/revisions/1").status == 404
    console_errors[:] = [e for e in console_errors if "status of 404" not in e]  # expected
    page.goto(f"/search?q={word}")
    expect(page.get_by_text("Aucun résultat")).to_be_visible()

    sign_in(page, MODERATION)
    page.goto(f"/pages/{slug}/revisions/1")
    expect(page.get_by_text(word, exact=False)).to_be_visible()  # moderators read it
    page.goto(f"/pages/{slug}/history")
    page.get_by_role("link", name="Anonymiser dans tout l'historique").click()
    fits(page, width)
    page.get_by_label("Passage à remplacer").fill("le mardi")
    page.get_by_label("Remplacer par").fill("un jour de la semaine")
    page.get_by_label("Motif (pour le journal de modération)").fill("jour trop précis")
    page.get_by_role("button", name="Anonymiser dans tout l'historique").click()
    expect(page.get_by_text("Passage remplacé dans 2 versions.")).to_be_visible()
    page.screenshot(path=tmp_path / f"anonymised-{width}.png", full_page=True)
    fits(page, width)
    page.goto(f"/pages/{slug}")
    expect(page.locator(".page-body")).to_contain_text("un jour de la semaine")
