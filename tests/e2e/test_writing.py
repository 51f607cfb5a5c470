"""Writing as a member would, in Chromium: a link by exact title, the warning for a title
already borne, and after an error the page back at the field in error, focused."""

from __future__ import annotations

import re

import pytest

from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

MEMBER = next(account for account in DEMO_ACCOUNTS if account.email == "membre@demo.alters.fr")
FRAPPER = "Frapper à la porte : visites auprès de personnes âgées isolées"  # a demo page
PHONE = {"width": 390, "height": 844}


def sign_in(page):
    """At the page's size: on a phone the name shows once « Menu » is open."""
    page.goto("/login")
    page.get_by_label("Adresse électronique").fill(MEMBER.email)
    page.get_by_label("Mot de passe").fill(MEMBER.password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("link", name=MEMBER.name, include_hidden=True)).to_be_attached()


def expect_refusal(console_errors: list[str], path: str) -> None:
    """The form's answer is a 400, which Chromium logs: that one message is expected."""
    expected = [e for e in console_errors if "status of 400" in e and path in e]
    assert expected, console_errors
    for message in expected:
        console_errors.remove(message)


def new_practice(page, title: str, body: str):
    page.goto("/pages/new?kind=practice")
    page.get_by_label("Titre", exact=True).fill(title)
    page.get_by_label("Texte (Markdown)").fill(body)
    page.get_by_role("button", name="Publier la page").click()


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_a_link_by_exact_title_leads_to_the_page(page):
    sign_in(page)
    new_practice(page, "Des visites à domicile, un récit voisin", f"Comme dans [[{FRAPPER}]].")
    link = page.locator(".page-body").get_by_role("link", name=FRAPPER)
    expect(link).to_have_attribute("class", "wiki-link")
    link.click()
    expect(page).to_have_url(re.compile("/pages/frapper-a-la-porte$"))


def test_a_title_already_borne_is_confirmed_before_creation(page):
    sign_in(page)
    new_practice(page, FRAPPER.lower(), "Un autre récit de visites.")
    alert = page.get_by_role("alert").filter(has_text="Une page porte déjà ce titre")
    expect(alert).to_be_visible()
    expect(alert.get_by_role("link", name=FRAPPER)).to_have_attribute(
        "href", "/pages/frapper-a-la-porte"
    )
    page.get_by_role("button", name="Créer quand même").click()
    expect(page.get_by_role("status")).to_contain_text("La page est publiée.")
    expect(page).to_have_url(re.compile("-2$"))


@pytest.mark.parametrize("size", [None, PHONE], ids=["desktop", "390px"])
def test_a_follow_up_error_brings_the_form_back_focused(page, console_errors, size):
    if size:
        page.set_viewport_size(size)
    sign_in(page)
    page.goto("/pages/groupe-balint")  # an innovation sheet of the demo
    page.get_by_role("button", name="Ajouter au suivi").click()
    text = page.get_by_label("Ce qui a été observé")
    expect(text).to_be_focused()
    assert in_view(page, text)
    expect(page.get_by_text("Décrivez les effets observés.")).to_be_visible()
    assert page.evaluate("window.scrollY") > 0  # the sheet is long: the form is far below
    expect_refusal(console_errors, "/pages/groupe-balint/follow-ups")


def test_an_empty_account_is_refused_on_its_text_focused(page, console_errors):
    page.set_viewport_size(PHONE)
    sign_in(page)
    new_practice(page, "Un récit sans texte", "")
    body = page.get_by_label("Texte (Markdown)")
    expect(body).to_be_focused()
    expect(page.get_by_text("Un récit de pratique a besoin d'un texte")).to_be_visible()
    expect_refusal(console_errors, "/pages/new")
