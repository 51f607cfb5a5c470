"""Following a tag in Chromium, at 1280 px and at 390 px, axe-core clean: a member follows a
tag, another publishes a page with it, the first sees the unread count in the header and
opens the notification; the filters of recent changes fit a phone."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in, site_nav
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
ACCOUNTS = {account.email: account for account in DEMO_ACCOUNTS}
FOLLOWER = ACCOUNTS["membre2@demo.alters.fr"]  # Yanis
WRITER = ACCOUNTS["membre@demo.alters.fr"]  # Camille
TAGS = {"desktop": ("benevolat", "Bénévolat"), "phone": ("quartier", "Quartier")}


def axe_violations(page) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page)
    return [violation["id"] for violation in results.response["violations"]]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def unread_counter(page):
    """The header's count; delivery runs after the writer's request, on the server's thread,
    so the follower reloads until it is there (each reload is a new request, not a timer)."""
    for _ in range(50):
        page.goto("/")
        counter = (
            site_nav(page)
            .get_by_role("link", name=re.compile("^Notifications"))
            .locator(".counter")
        )
        if counter.count():
            return counter
    raise AssertionError("no unread count in the header")


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_a_follower_of_a_tag_hears_of_a_new_page_with_it(page, browser, live_server, width):
    size = WIDTHS[width]
    slug, label = TAGS[width]
    title = f"Un repas partagé au centre social ({width})"
    page.set_viewport_size(size)
    sign_in(page, FOLLOWER)
    page.goto(f"/tags/{slug}")
    page.get_by_role("button", name="Suivre cette étiquette").click()
    expect(page.get_by_role("button", name="Ne plus suivre cette étiquette")).to_be_visible()
    assert axe_violations(page) == []

    writer = browser.new_context(base_url=live_server, locale="fr-FR").new_page()
    writer.set_viewport_size(size)
    sign_in(writer, WRITER)
    writer.goto("/pages/new?kind=practice")
    writer.get_by_label("Titre", exact=True).fill(title)
    writer.get_by_label("Texte (Markdown)").fill("Chaque jeudi, des habitants cuisinent ensemble.")
    writer.get_by_label(label, exact=True).check()
    writer.get_by_role("button", name="Publier la page").click()
    expect(writer.get_by_role("heading", name=title)).to_be_visible()
    writer.context.close()

    expect(unread_counter(page)).to_be_visible()
    site_nav(page).get_by_role("link", name=re.compile("^Notifications")).click()
    notification = page.get_by_role("link", name=f"Camille Lefèvre a publié « {title} »")
    expect(notification).to_be_visible()
    expect(page.get_by_text(f"vous suivez l'étiquette « {label} »").first).to_be_visible()
    assert fits(page)
    assert axe_violations(page) == []
    notification.click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()

    page.goto(f"/recent?tag={slug}&new=1")
    expect(page.get_by_role("main").get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_label("Nouvelles pages seulement")).to_be_checked()
    assert fits(page)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_a_member_follows_their_group_and_finds_it_in_what_they_follow(page, width):
    """The group page's « Suivre ce groupe », « Ce que vous suivez » and the notification
    settings read well at this width, axe-core clean."""
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, FOLLOWER)  # a member of the workshop
    page.goto("/groups/atelier-des-praxis")
    page.get_by_role("button", name="Suivre ce groupe").click()
    expect(page.get_by_role("button", name="Ne plus suivre ce groupe")).to_be_visible()
    assert axe_violations(page) == [] and fits(page)

    page.goto("/notifications/follows")
    groups = page.get_by_role("region", name=re.compile("^Groupes"))
    expect(groups.get_by_role("link", name="Atelier des praxis sociales")).to_be_visible()
    assert axe_violations(page) == [] and fits(page)

    groups.get_by_role("button", name="Ne plus suivre « Atelier des praxis sociales »").click()
    page.goto("/notifications/follows")
    expect(page.get_by_role("region", name=re.compile("^Groupes"))).to_have_count(0)

    page.goto("/notifications/settings")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert axe_violations(page) == [] and fits(page)
