"""A member writes to another member from a page they wrote, the other replies, the first
reads the reply: in Chromium at desktop width and at 390 px, axe-core clean at each step."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in, sign_out, site_nav
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

CAMILLE = next(a for a in DEMO_ACCOUNTS if a.email == "membre@demo.alters.fr")
YANIS = next(a for a in DEMO_ACCOUNTS if a.email == "membre2@demo.alters.fr")
YANIS_PAGE = "/pages/frapper-a-la-porte"  # a public demo page Yanis wrote
SUBJECT = "À propos de « Frapper à la porte : visites auprès de personnes âgées isolées »"
QUESTION = "Comment prévenez-vous les voisins **avant** la première visite ?"
ANSWER = "Par un mot dans les boîtes aux lettres, signé par la mairie."


def check_accessibility(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def write_to_yanis(page, subject: str) -> None:
    page.goto(YANIS_PAGE)
    page.get_by_role("link", name=f"Écrire à {YANIS.name}").click()
    expect(page.get_by_role("heading", level=1, name=f"Écrire à {YANIS.name}")).to_be_visible()
    expect(page.get_by_label("Objet")).to_have_value(SUBJECT)
    check_accessibility(page)
    page.get_by_label("Objet").fill(subject)
    page.get_by_label("Message").fill(QUESTION)
    page.get_by_role("button", name="Envoyer le message").click()
    expect(page.get_by_role("status")).to_contain_text(f"Votre message est envoyé à {YANIS.name}")
    thread = page.get_by_role("list", name="Messages de la conversation")
    expect(thread.locator("strong")).to_have_text("avant")
    expect(thread).to_contain_text("pas encore lu")


def yanis_replies(page, subject: str) -> None:
    messages_link = site_nav(page).get_by_role("link", name=re.compile(r"^Messages 1"))
    expect(messages_link).to_be_visible()
    messages_link.click()
    expect(page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=subject).click()
    expect(page.get_by_role("list", name="Messages de la conversation")).to_contain_text(
        "Comment prévenez-vous les voisins"
    )
    page.get_by_label("Votre réponse").fill(ANSWER)
    page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.get_by_role("status")).to_contain_text("Votre réponse est envoyée.")


def camille_reads_the_reply(page, subject: str) -> None:
    site_nav(page).get_by_role("link", name=re.compile(r"^Messages")).click()
    page.get_by_role("link", name=subject).click()
    thread = page.get_by_role("list", name="Messages de la conversation")
    expect(thread.get_by_role("listitem")).to_have_count(2)
    expect(thread.get_by_role("listitem").last).to_contain_text(ANSWER)
    expect(thread.get_by_role("heading", name=YANIS.name)).to_be_visible()
    check_accessibility(page)


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_a_member_writes_to_another_and_reads_the_reply(page, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    subject = f"{SUBJECT} ({width} px)"
    sign_in(page, CAMILLE)
    write_to_yanis(page, subject)
    page.screenshot(path=str(tmp_path / f"written-{width}.png"), full_page=True)
    sign_out(page)

    sign_in(page, YANIS)
    yanis_replies(page, subject)
    sign_out(page)

    sign_in(page, CAMILLE)
    camille_reads_the_reply(page, subject)
    page.screenshot(path=str(tmp_path / f"reply-{width}.png"), full_page=True)
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_calls_of_the_network_read_well_and_are_accessible(page, tmp_path):
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, CAMILLE)
    site_nav(page).get_by_role("link", name="Appels au réseau").click()
    expect(page.get_by_role("heading", level=1, name="Appels au réseau")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=re.compile("personnes âgées isolées en milieu rural")).click()
    expect(page.get_by_role("heading", level=2, name=re.compile("réponse"))).to_be_visible()
    check_accessibility(page)
    page.screenshot(path=str(tmp_path / "call-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
