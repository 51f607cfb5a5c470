"""The sign-in throttle and the edit form's visibility choices, in Chromium, at desktop
width and at 390 px, axe-core clean."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import site_nav
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
ACCOUNTS = {account.email: account for account in DEMO_ACCOUNTS}
MODERATION = ACCOUNTS["moderation@demo.alters.fr"]  # the throttled account here
MEMBER = ACCOUNTS["membre@demo.alters.fr"]  # Camille: facilitates the workshop
MEMBERS_PAGE = "une-maraude-partagee"  # members only, written by Yanis
WORKSHOP_PAGE = "sortir-du-langage-du-diagnostic"  # the workshop's, written by Yanis
WHO_MAY_WIDEN = (
    "seuls son auteur (qui l'a créée), les animateurs de son groupe et les modérateurs "
    "peuvent l'élargir"
)


def axe_violations(page) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page)
    return [violation["id"] for violation in results.response["violations"]]


def forget_refused_sign_ins(console_errors: list[str]) -> None:
    """Chromium logs each 401 and 429 of the sign-in form: those are what the test asks."""
    console_errors[:] = [
        error
        for error in console_errors
        if not re.search(r"status of (401|429) .*/login\)$", error)
    ]


def attempt(page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()


def sign_in(page, account) -> None:
    attempt(page, account.email, account.password)
    expect(site_nav(page).get_by_role("link", name=account.name)).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_an_attacker_waits_and_is_told_how_long(page, width, tmp_path, console_errors):
    page.set_viewport_size(WIDTHS[width])
    email = MODERATION.email.replace("@", f"+{width}@")  # one counter per width's run
    for _ in range(5):
        attempt(page, email, "pas-le-bon-mot-de-passe")
        expect(page.get_by_text("Adresse ou mot de passe incorrect.")).to_be_visible()
    attempt(page, email, "pas-le-bon-mot-de-passe")
    message = page.get_by_text(
        re.compile(
            r"Trop de tentatives de connexion : réessayez dans "
            r"\d+ s\."
        )
    )
    expect(message).to_be_visible()
    expect(page.get_by_label("Mot de passe")).to_be_visible()  # the form stays
    page.screenshot(path=tmp_path / f"throttled-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    assert axe_violations(page) == []
    forget_refused_sign_ins(console_errors)


def test_another_account_signs_in_from_the_same_browser(page, console_errors):
    # This file's failures from the one loopback address stay under the address's 20 free
    # ones (5 counted per test), so that the journey's sign-ins are never slowed.
    for _ in range(6):
        attempt(page, MODERATION.email, "pas-le-bon-mot-de-passe")
    sign_in(page, MEMBER)
    forget_refused_sign_ins(console_errors)


def visibility_options(page) -> list[str]:
    return (
        page.get_by_label("Visibilité")
        .locator("option")
        .evaluate_all("options => options.map(o => o.value)")
    )


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_a_peer_is_offered_only_what_does_not_widen(page, width, tmp_path):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, MEMBER)
    page.goto(f"/pages/{MEMBERS_PAGE}/edit")
    assert "public" not in visibility_options(page)
    assert "members" in visibility_options(page)
    expect(page.get_by_text(WHO_MAY_WIDEN)).to_be_visible()
    field = page.locator(".field", has=page.get_by_label("Visibilité"))
    field.screenshot(path=tmp_path / f"visibility-field-{width}.png")
    page.screenshot(path=tmp_path / f"visibility-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    assert axe_violations(page) == []


def test_the_workshops_facilitator_may_open_its_page(page):
    sign_in(page, MEMBER)
    page.goto(f"/pages/{WORKSHOP_PAGE}/edit")
    assert visibility_options(page)[:2] == ["public", "members"]
    expect(page.get_by_text(WHO_MAY_WIDEN)).to_have_count(0)
