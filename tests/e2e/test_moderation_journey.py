"""Moderation in Chromium: a member reports a page with a reason; the moderator finds it in
the queue and hides it; the member then reads « masqué par la modération ». At 1280 px and
at 390 px, each page axe-core clean."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import site_nav
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

AUTHOR, REPORTER, MODERATOR = (
    next(a for a in DEMO_ACCOUNTS if a.email == email)
    for email in ("membre2@demo.alters.fr", "membre@demo.alters.fr", "moderation@demo.alters.fr")
)
VIEWPORTS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}


def assert_accessible(page, what: str) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


def signed_in(browser, live_server, account, viewport):
    """A tab of its own for `account` (each person their own browser)."""
    context = browser.new_context(
        base_url=live_server, locale="fr-FR", viewport=VIEWPORTS[viewport]
    )
    tab = context.new_page()
    tab.goto("/login")
    tab.get_by_label("Adresse électronique").fill(account.email)
    tab.get_by_label("Mot de passe").fill(account.password)
    tab.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(tab.get_by_role("link", name=account.name, include_hidden=True)).to_be_attached()
    return tab


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_reported_page_is_hidden_by_the_moderator(page, browser, live_server, viewport, tmp_path):
    title = f"Permanence du marché, récit {viewport}"
    author = signed_in(browser, live_server, AUTHOR, viewport)
    author.goto("/pages/new?kind=practice")
    author.get_by_label("Titre", exact=True).fill(title)
    author.get_by_label("Texte (Markdown)").fill("Chaque jeudi, une table au marché.")
    author.get_by_label("Visibilité").select_option("public")  # chosen on purpose
    author.get_by_role("button", name="Publier la page").click()
    expect(author.get_by_role("status")).to_contain_text("La page est publiée.")
    address = author.url
    author.context.close()

    reporter = signed_in(browser, live_server, REPORTER, viewport)
    reporter.goto(address)
    reporter.get_by_role("link", name="Signaler cette page à la modération").click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Signaler à la modération")
    reporter.get_by_label("Ce qui pose problème").fill("Le nom d'un commerçant apparaît.")
    assert_accessible(reporter, "report form")
    reporter.get_by_role("button", name="Envoyer le signalement").click()
    expect(reporter.get_by_role("status")).to_contain_text("l'équipe de modération examinera")
    expect(reporter).to_have_url(address)

    moderator = signed_in(browser, live_server, MODERATOR, viewport)
    moderator.goto("/")
    site_nav(moderator).get_by_role("link", name="Modération", exact=True).click()
    entry = moderator.locator(".report-entry").filter(has_text=title)
    expect(entry).to_contain_text("Le nom d'un commerçant apparaît.")
    expect(entry).to_contain_text(REPORTER.name)
    expect(entry).to_contain_text("Chaque jeudi, une table au marché.")
    assert_accessible(moderator, "moderation queue")
    moderator.screenshot(path=str(tmp_path / f"queue-{viewport}.png"), full_page=True)
    entry.locator("form", has=moderator.get_by_role("button", name="Masquer")).get_by_label(
        "Motif (pour le journal de modération)"
    ).fill("Personne identifiable")
    entry.get_by_role("button", name="Masquer").click()
    expect(moderator.get_by_role("status")).to_contain_text("L'élément est masqué")
    moderator.goto("/moderation/audit?kind=moderation")
    expect(moderator.get_by_role("table")).to_contain_text("Personne identifiable")
    assert_accessible(moderator, "audit log")
    moderator.context.close()

    reporter.goto(address)
    expect(reporter.get_by_role("main")).to_contain_text("Masqué par la modération")
    expect(reporter.get_by_role("main")).not_to_contain_text("une table au marché")
    assert_accessible(reporter, "masked page")
    reporter.goto("/practices")
    expect(reporter.get_by_role("main")).not_to_contain_text(title)
    reporter.context.close()

    page.goto(address)  # an anonymous visitor, in the fixture's own tab
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Page masquée"))
