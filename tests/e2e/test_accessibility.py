"""axe-core finds nothing on the main pages, on a phone (390 px) and on a desktop; on a phone
the search results come first, the filters behind « Filtrer », the menu behind « Menu », and
the history fits the screen. Positions are asserted, never times."""

from __future__ import annotations

import pytest

from tests.e2e.test_security_journey import sign_in
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "home": "/",
    "a page": "/pages/frapper-a-la-porte",
    "search results": "/search?q=aller+vers",
    "history": "/pages/frapper-a-la-porte/history",
    "sign-in": "/login",
    "open data": "/open-data",
    "directory": "/people",
}
MODERATION_PAGES = (
    "/moderation",
    "/moderation/justifications",
    "/moderation/audit",
    "/moderation/people",
)
MODERATOR = next(a for a in DEMO_ACCOUNTS if a.email == "admin@demo.alters.fr")
axe = Axe()


def violations(page) -> str:
    results = axe.run(page)
    return "" if results.violations_count == 0 else results.generate_report()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390px", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation(page, name, size):
    page.set_viewport_size(size)
    page.goto(PAGES[name])
    assert violations(page) == ""


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390px", "desktop"])
def test_axe_finds_no_violation_on_the_moderators_pages(page, size):
    page.set_viewport_size(size)
    sign_in(page, MODERATOR)
    for path in MODERATION_PAGES:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert (path, violations(page)) == (path, "")


def test_axe_finds_no_violation_with_the_phone_disclosures_open(page):
    page.set_viewport_size(PHONE)
    page.goto(PAGES["search results"])
    page.get_by_text("Menu", exact=True).click()
    page.locator(".search-filters > summary").click()
    assert violations(page) == ""


def test_on_a_phone_the_first_result_comes_first(page):
    page.set_viewport_size(PHONE)
    page.goto(PAGES["search results"])
    first = page.locator(".search-hit").first.get_by_role("link").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] / 2 + 100  # its title on the first screen
    kind = page.get_by_label("Type de page")
    expect(kind).to_be_hidden()  # the filters wait behind « Filtrer »
    page.get_by_text("Filtrer", exact=True).click()
    expect(kind).to_be_visible()
    assert kind.bounding_box()["y"] < first.bounding_box()["y"]  # opened above the results


def test_on_a_desktop_the_filters_are_a_sidebar_always_open(page):
    page.set_viewport_size(DESKTOP)
    page.goto(PAGES["search results"])
    expect(page.get_by_text("Filtrer", exact=True)).to_be_hidden()
    kind = page.get_by_label("Type de page")
    expect(kind).to_be_visible()
    first = page.locator(".search-hit").first.bounding_box()
    assert kind.bounding_box()["x"] < first["x"]  # beside the results, on their left
    assert abs(page.locator(".search-filters").bounding_box()["y"] - first["y"]) < 20


def test_a_filter_chosen_behind_the_disclosure_applies_without_script(page):
    page.set_viewport_size(PHONE)
    page.goto(PAGES["search results"])
    page.get_by_text("Filtrer", exact=True).click()
    page.get_by_label("Type de page").select_option("practice")
    page.get_by_role("button", name="Appliquer").click()
    expect(page).to_have_url(
        "/search?q=aller+vers&kind=practice&stage=&sector=&territory=&departement=&sort=relevance"
    )
    expect(page.get_by_role("list", name="Filtres actifs")).to_contain_text("Récit de pratique")


def test_on_a_phone_the_menu_folds_and_opens(page):
    page.set_viewport_size(PHONE)
    page.goto("/")
    recent = page.get_by_role("link", name="Modifications récentes")
    expect(recent).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(recent).to_be_visible()
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(page.get_by_role("link", name="Modifications récentes")).to_be_visible()


@pytest.mark.parametrize("path", [PAGES["history"], PAGES["search results"], PAGES["a page"]])
def test_nothing_overflows_a_phone(page, path):
    page.set_viewport_size(PHONE)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
