"""The network in Chromium: a member fills in their profile on the account page, then finds
another member in the directory and opens her profile; at desktop width and at 390 px,
each page axe-core clean."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import site_nav
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

MEMBER = next(account for account in DEMO_ACCOUNTS if account.email == "membre2@demo.alters.fr")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def assert_accessible(page, what: str) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


def sign_in(page):
    page.goto("/login")
    page.get_by_label("Adresse électronique").fill(MEMBER.email)
    page.get_by_label("Mot de passe").fill(MEMBER.password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(site_nav(page).get_by_role("link", name=MEMBER.name)).to_be_visible()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_member_fills_in_their_profile_and_finds_another_member(page, viewport, tmp_path):
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page)

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
