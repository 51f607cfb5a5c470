"""The innovation sheet's form with its typed fields, as a member fills it in Chromium with
scripts off, on a phone and on a desktop: a date for the deadline, days and hours, partners
one per line, a town and a département, sessions « à définir »; the sheet then shows them
typed, and axe-core finds nothing on the form or the sheet."""

from __future__ import annotations

import pytest

from tests.e2e.test_writing import sign_in

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

SIZES = {"390px": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
axe = Axe()


def violations(page) -> str:
    results = axe.run(page)
    return "" if results.violations_count == 0 else results.generate_report()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", list(SIZES))
def test_a_member_fills_the_typed_fields_of_a_sheet(browser, live_server, page, size, tmp_path):
    title = f"Aller vers les publics, module deux ({size})"
    # The form with scripts off: every input is plain HTML.
    context = browser.new_context(
        base_url=live_server, locale="fr-FR", java_script_enabled=False, viewport=SIZES[size]
    )
    plain = context.new_page()
    plain.set_default_timeout(15_000)
    try:
        sign_in(plain)
        plain.goto("/pages/new?kind=innovation")
        plain.get_by_label("Titre", exact=True).fill(title)
        plain.get_by_label("Contexte").fill("La stratégie de prévention encourage l'aller vers.")
        plain.get_by_label("Objectifs").fill("Adapter les postures et les pratiques.")
        plain.get_by_label("Date limite d'inscription").fill("2021-11-19")
        plain.get_by_label("Jours").fill("3")
        plain.get_by_label("Heures").fill("21")
        plain.get_by_label("Précision (facultative)").fill("Maximum")
        plain.get_by_label("Partenariat & cofinancement").fill("DGCS\nConseil départemental")
        plain.locator(".field-territory").get_by_label("Territoire").fill("Orléans")
        plain.get_by_label("Département").select_option("45")
        first = plain.locator("fieldset.session").nth(0)
        first.get_by_label("Nom du groupe").fill("Groupe 1")
        first.get_by_label("Lieu").fill("Orléans")
        first.get_by_label("Dates à définir").check()
        second = plain.locator("fieldset.session").nth(1)
        second.get_by_label("Nom du groupe").fill("Groupe 2")
        second.get_by_label("Lieu").fill("Tours")
        second.get_by_label("Dates", exact=True).fill("25/11/2021, 26/11/2021")
        plain.get_by_role("button", name="Publier la page").click()
        expect(plain.get_by_role("heading", level=1)).to_have_text(title)
        sheet_url = plain.url
    finally:
        context.close()

    # The sheet and the form as a member sees them, scripts on (axe-core needs them).
    page.set_default_timeout(15_000)
    page.set_viewport_size(SIZES[size])
    sign_in(page)
    page.goto(sheet_url)
    sheet = page.get_by_role("main")
    expect(sheet).to_contain_text("19 novembre 2021")
    expect(sheet).to_contain_text("3 jours")
    expect(sheet).to_contain_text("21 heures")
    expect(sheet.get_by_role("listitem").filter(has_text="Conseil départemental")).to_be_visible()
    expect(sheet.get_by_role("listitem").filter(has_text="Groupe 1")).to_contain_text("à définir")
    expect(sheet.get_by_role("listitem").filter(has_text="Groupe 2")).to_contain_text("Tours")
    expect(sheet).to_contain_text("Loiret")
    assert fits(page)
    page.screenshot(path=str(tmp_path / f"sheet-{size}.png"), full_page=True)
    assert violations(page) == ""
    page.goto("/pages/new?kind=innovation")
    assert fits(page)
    assert violations(page) == ""
