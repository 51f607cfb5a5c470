"""Groups and pending accounts in Chromium, at desktop width and at 390 px, axe-core clean:
a facilitator's group page, a newcomer's pending account, the moderators' queue."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import site_nav
from tests.e2e.test_security_journey import ACCOUNTS, MEMBER, WIDTHS, axe_violations, sign_in

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

MODERATOR = ACCOUNTS["moderation@demo.alters.fr"]
OUTSIDER = ACCOUNTS["membre2@demo.alters.fr"]  # Yanis: the workshop only


def sign_out(page) -> None:
    site_nav(page).get_by_role("button", name="Se déconnecter").click()


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_a_facilitator_sees_the_groups_and_manages_the_workshop(page, width):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, MEMBER)
    site_nav(page).get_by_role("link", name="Groupes").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Groupe Balint")).to_be_visible()
    assert axe_violations(page) == []
    main.get_by_role("link", name="Atelier des praxis sociales").click()
    expect(main.get_by_role("heading", name="Gérer les membres")).to_be_visible()
    expect(main.get_by_label("Inviter un adhérent")).to_be_visible()
    assert axe_violations(page) == []


def test_the_balint_group_is_unknown_to_others(page, console_errors):
    sign_in(page, OUTSIDER)
    page.goto("/groups")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Atelier des praxis sociales")).to_be_visible()
    expect(main.get_by_role("link", name="Groupe Balint")).to_have_count(0)
    response = page.goto("/groups/groupe-balint")
    assert response.status == 404
    console_errors[:] = [e for e in console_errors if "/groups/groupe-balint" not in e]


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_a_newcomer_waits_and_the_moderators_see_the_queue(page, width, console_errors):
    page.set_viewport_size(WIDTHS[width])
    page.goto("/register")
    page.get_by_label("Nom affiché").fill(f"Nouvelle Venue {width}")
    page.get_by_label("Adresse électronique").fill(f"venue-{width}@example.org")
    page.get_by_label("Mot de passe", exact=True).fill("une phrase de passe assez longue 42")
    page.get_by_label("Confirmation du mot de passe").fill("une phrase de passe assez longue 42")
    page.get_by_label("J'ai lu la charte éditoriale").check()
    page.get_by_role("main").get_by_role("button").last.click()
    expect(page.get_by_role("heading", name="Votre compte est en attente")).to_be_visible()
    assert axe_violations(page) == []
    sign_out(page)

    sign_in(page, MODERATOR)
    site_nav(page).get_by_role("link", name="Modération", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Adhésions en attente").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"Nouvelle Venue {width}")
    expect(main).to_contain_text("adresse non confirmée")
    assert axe_violations(page) == []
