"""The network in Chromium: a member fills in their profile on the account page, then finds
another member in the directory and opens her profile; at desktop width and at 390 px,
each page axe-core clean."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in, sign_out, site_nav
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

MEMBER = next(account for account in DEMO_ACCOUNTS if account.email == "membre2@demo.alters.fr")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def assert_accessible(page, what: str) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_member_fills_in_their_profile_and_finds_another_member(page, viewport, tmp_path):
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, MEMBER)

    page.goto("/account")
    profile = page.get_by_role("region", name="Mon profil dans le réseau")
    expect(profile).to_be_visible()
    profile.get_by_label("Profession", exact=True).fill("Animateur social et médiateur")
    profile.get_by_role("group", name="Sujets que je connais").get_by_label("Isolement").check()
    profile.get_by_label("Qui voit « Ville ou quartier » ?").select_option("members")
    profile.get_by_label("Apparaître dans l'annuaire du réseau").check()
    assert_accessible(page, "account page")
    page.screenshot(path=str(tmp_path / f"account-{viewport}.png"), full_page=True)
    profile.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_role("status")).to_contain_text("il figure dans l'annuaire")
    expect(page.get_by_label("Profession", exact=True)).to_have_value(
        "Animateur social et médiateur"
    )

    site_nav(page).get_by_role("link", name="Annuaire").click()
    expect(page.get_by_role("heading", level=1, name="Annuaire du réseau")).to_be_visible()
    page.get_by_label("Chercher une personne").fill("habitante engagée")
    page.get_by_label("Département").select_option("45")
    page.get_by_role("button", name="Chercher", exact=True).click()
    results = page.get_by_role("region", name=re.compile("membre"))
    expect(results.get_by_role("heading", name="1 membre")).to_be_visible()
    card = page.locator(".person-card")
    expect(card.get_by_role("link", name="Nadia Benhamou")).to_be_visible()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[viewport]["width"]
    assert_accessible(page, "directory")
    page.screenshot(path=str(tmp_path / f"directory-{viewport}.png"), full_page=True)

    card.get_by_role("link", name="Nadia Benhamou").click()
    expect(page.get_by_role("heading", level=1, name="Nadia Benhamou")).to_be_visible()
    expect(page.get_by_role("region", name="Présentation")).to_contain_text("café du samedi")
    assert_accessible(page, "profile")
    page.screenshot(path=str(tmp_path / f"profile-{viewport}.png"), full_page=True)

    site_nav(page).get_by_role("link", name="Annuaire").click()
    page.get_by_label("Chercher une personne").fill("médiateur")
    page.get_by_role("button", name="Chercher", exact=True).click()
    expect(page.locator(".person-card").get_by_role("link", name=MEMBER.name)).to_be_visible()


CAMILLE = next(a for a in DEMO_ACCOUNTS if a.email == "membre@demo.alters.fr")
QUESTION = "Votre atelier des praxis accueille-t-il des **bénévoles** ?"
ANSWER = "Oui, une fois par mois, le jeudi soir."


def open_conversation(page, subject: str) -> None:
    site_nav(page).get_by_role("link", name=re.compile(r"^Messages")).click()
    expect(page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    page.get_by_role("link", name=subject).click()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_member_found_in_the_directory_is_written_to_and_replies(page, viewport, tmp_path):
    """The issue's journey end to end: find a member in the directory, write to her from
    her profile, she reads and replies, the first reads the reply."""
    width = VIEWPORTS[viewport]["width"]
    page.set_viewport_size(VIEWPORTS[viewport])
    subject = f"L'atelier des praxis et les bénévoles ({viewport})"
    sign_in(page, MEMBER)

    site_nav(page).get_by_role("link", name="Annuaire").click()
    page.get_by_label("Chercher une personne").fill("atelier des praxis")
    page.get_by_label("Département").select_option("37")
    page.get_by_role("button", name="Chercher", exact=True).click()
    expect(page.get_by_role("heading", name="1 membre")).to_be_visible()
    page.locator(".person-card").get_by_role("link", name=CAMILLE.name).click()
    expect(page.get_by_role("heading", level=1, name=CAMILLE.name)).to_be_visible()
    page.get_by_role("link", name=f"Écrire à {CAMILLE.name}").click()
    expect(page.get_by_role("heading", level=1, name=f"Écrire à {CAMILLE.name}")).to_be_visible()
    assert_accessible(page, "new message")
    page.get_by_label("Objet").fill(subject)
    page.get_by_label("Message").fill(QUESTION)
    page.get_by_role("button", name="Envoyer le message").click()
    expect(page.get_by_role("status")).to_contain_text(f"Votre message est envoyé à {CAMILLE.name}")
    thread = page.get_by_role("list", name="Messages de la conversation")
    expect(thread.locator("strong")).to_have_text("bénévoles")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    sign_out(page)

    sign_in(page, CAMILLE)
    open_conversation(page, subject)
    expect(page.get_by_role("list", name="Messages de la conversation")).to_contain_text(
        "accueille-t-il des bénévoles"
    )
    page.get_by_label("Votre réponse").fill(ANSWER)
    page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.get_by_role("status")).to_contain_text("Votre réponse est envoyée.")
    sign_out(page)

    sign_in(page, MEMBER)
    open_conversation(page, subject)
    thread = page.get_by_role("list", name="Messages de la conversation")
    expect(thread.get_by_role("listitem")).to_have_count(2)
    expect(thread.get_by_role("listitem").last).to_contain_text(ANSWER)
    expect(thread.get_by_role("heading", name=CAMILLE.name)).to_be_visible()
    assert_accessible(page, "conversation with the reply")
    page.screenshot(path=str(tmp_path / f"reply-{viewport}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
