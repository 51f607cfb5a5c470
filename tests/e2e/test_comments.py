"""Commenting on a page and replying, in Chromium, at desktop width and at 390 px, with the
charter's findings on the way; axe-core clean."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_security_journey import axe_violations, sign_in
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
MEMBER = {account.email: account for account in DEMO_ACCOUNTS}["membre@demo.alters.fr"]
PAGE = "une-permanence-au-pied-des-immeubles"


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_a_member_comments_justifies_a_passage_and_replies(page, width, console_errors):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, MEMBER)
    page.goto(f"/pages/{PAGE}")
    comments = page.get_by_role("region", name="Commentaires")
    expect(comments).to_be_visible()
    assert axe_violations(page) == []

    text = f"Mme Durand ({width}) est revenue à la permanence."
    comments.get_by_label("Votre commentaire").fill(text)
    comments.get_by_role("button", name="Publier le commentaire").click()

    # The charter points out the name; the writer says why it stays.
    expect(page.get_by_role("alert")).to_contain_text("Mme Durand")
    assert axe_violations(page) == []
    page.get_by_label("Pourquoi garder ce passage ?").fill("Un pseudonyme choisi avec elle")
    page.get_by_role("button", name="Publier le commentaire").click()
    console_errors[:] = [error for error in console_errors
                         if not re.search(r"status of 422", error)]

    expect(page.get_by_text("Votre commentaire est publié.")).to_be_visible()
    posted = page.locator("article.comment", has_text=text)
    expect(posted).to_be_visible()
    posted.get_by_text("Répondre").click()
    posted.get_by_label("Votre réponse").fill(f"Précision ({width}) : elle reviendra jeudi.")
    assert axe_violations(page) == []
    posted.get_by_role("button", name="Publier la réponse").click()

    expect(page.get_by_text("Votre commentaire est publié.")).to_be_visible()
    thread = page.locator(".comment-thread > li", has_text=text)
    expect(thread.locator(".comment-replies")).to_contain_text(
        f"Précision ({width}) : elle reviendra jeudi.")
    assert axe_violations(page) == []
