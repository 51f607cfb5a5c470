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
    console_errors[:] = [
        error for error in console_errors if not re.search(r"status of 422", error)
    ]

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
        f"Précision ({width}) : elle reviendra jeudi."
    )
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS)
def test_a_reported_comment_is_hidden_by_the_moderator(page, browser, live_server, width):
    """Another member reports a comment with a reason; the moderator finds it in the queue
    and hides it; the page then shows « masqué par la modération » instead of its text."""
    from tests.e2e.test_moderation_journey import AUTHOR as OTHER_MEMBER
    from tests.e2e.test_moderation_journey import MODERATOR, signed_in

    viewport = "1280" if width == "desktop" else "390"
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, MEMBER)
    page.goto(f"/pages/{PAGE}")
    text = f"Un commentaire à revoir ({width}), hors sujet."
    comments = page.get_by_role("region", name="Commentaires")
    comments.get_by_label("Votre commentaire").fill(text)
    comments.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("Votre commentaire est publié.")).to_be_visible()

    reporter = signed_in(browser, live_server, OTHER_MEMBER, viewport)
    reporter.goto(f"/pages/{PAGE}")
    reporter.locator("article.comment", has_text=text).get_by_role(
        "link", name="Signaler ce commentaire"
    ).click()
    assert axe_violations(reporter) == []
    reporter.get_by_label("Ce qui pose problème").fill("Hors sujet, à masquer.")
    reporter.get_by_role("button", name="Envoyer le signalement").click()
    reporter.context.close()

    moderator = signed_in(browser, live_server, MODERATOR, viewport)
    moderator.goto("/moderation")
    entry = moderator.locator(".report-entry").filter(has_text="Hors sujet, à masquer.")
    expect(entry).to_contain_text(text)
    entry.get_by_label("Motif (pour le journal de modération)").first.fill("Hors charte")
    entry.get_by_role("button", name="Masquer").click()
    expect(moderator.get_by_role("status")).to_contain_text("L'élément est masqué")
    assert axe_violations(moderator) == []
    moderator.context.close()

    visitor = browser.new_context(
        base_url=live_server, locale="fr-FR", viewport=WIDTHS[width]
    ).new_page()
    visitor.goto(f"/pages/{PAGE}")
    thread = visitor.get_by_role("region", name="Commentaires")
    expect(thread).not_to_contain_text(text)
    expect(thread).to_contain_text(re.compile("masqué par la modération", re.I))
    assert axe_violations(visitor) == []
    visitor.context.close()
    page.goto(f"/pages/{PAGE}")  # its author still reads it, marked
    expect(page.locator("article.comment", has_text=text)).to_contain_text(
        re.compile("masqué", re.I)
    )
