"""The members' journey of issue 10 in Chromium, in one go: a member follows a tag; another
publishes a page with it and the first hears of it; the follower comments on the page; the
page's author hears of the comment and reports it; the moderator hides it, with a reason
kept in the audit log; readers then see « masqué par la modération », its author sees it
marked. Each screen axe-core clean."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in, site_nav
from tests.e2e.test_following import axe_violations
from tests.e2e.test_moderation_journey import signed_in
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

ACCOUNTS = {account.email: account for account in DEMO_ACCOUNTS}
FOLLOWER = ACCOUNTS["membre2@demo.alters.fr"]  # Yanis
WRITER = ACCOUNTS["membre@demo.alters.fr"]  # Camille
MODERATOR = ACCOUNTS["moderation@demo.alters.fr"]
TAG, LABEL = "acces-aux-droits", "Accès aux droits"
TITLE = "Une permanence d'accès aux droits à la médiathèque"
COMMENT = "Merci pour ce récit : nous essayons la même chose cet hiver, un mardi sur deux."
REASON = "Propos hors sujet, déjà signalé deux fois"


def open_notification(tab, name: str):
    """The notification centre, reloaded until `name` is there: delivery runs after the
    other member's request, on the server's thread (each reload a new request)."""
    for _ in range(50):
        tab.goto("/notifications")
        link = tab.get_by_role("main").get_by_role("link", name=name)
        if link.count():
            return link
    raise AssertionError(f"no notification « {name} »")


def test_follow_a_tag_hear_of_a_page_comment_report_and_hide(page, browser, live_server):
    # Yanis follows the tag.
    sign_in(page, FOLLOWER)
    page.goto(f"/tags/{TAG}")
    page.get_by_role("button", name="Suivre cette étiquette").click()
    expect(page.get_by_role("button", name="Ne plus suivre cette étiquette")).to_be_visible()
    page.goto("/notifications/follows")  # the list of what he follows has it
    expect(page.get_by_role("main").get_by_role("link", name=LABEL, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=f"Ne plus suivre « {LABEL} »")).to_be_visible()
    assert axe_violations(page) == []

    # Camille publishes a page with it.
    writer = signed_in(browser, live_server, WRITER, "1280")
    writer.goto("/pages/new?kind=practice")
    writer.get_by_label("Titre", exact=True).fill(TITLE)
    writer.get_by_label("Texte (Markdown)").fill(
        "Le mardi, un écrivain public reçoit sans rendez-vous."
    )
    writer.get_by_label(LABEL, exact=True).check()
    writer.get_by_role("button", name="Publier la page").click()
    expect(writer.get_by_role("heading", name=TITLE)).to_be_visible()
    address = writer.url

    # Yanis hears of it: the header counts it, the centre says why, the link opens the page.
    notification = open_notification(page, f"Camille Lefèvre a publié « {TITLE} »")
    expect(
        site_nav(page).get_by_role("link", name=re.compile("^Notifications")).locator(".counter")
    ).to_be_visible()
    expect(page.get_by_text(f"vous suivez l'étiquette « {LABEL} »").first).to_be_visible()
    assert axe_violations(page) == []
    notification.click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    # He comments on it.
    comments = page.get_by_role("region", name="Commentaires")
    comments.get_by_label("Votre commentaire").fill(COMMENT)
    comments.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("Votre commentaire est publié.")).to_be_visible()
    expect(page.locator("article.comment", has_text=COMMENT)).to_be_visible()

    # Camille, who follows the page she wrote, hears of the comment and reports it.
    told = open_notification(writer, f"Yanis Moreau a commenté « {TITLE} »")
    told.click()
    expect(writer).to_have_url(re.compile(r"#comment-\d+$"))
    writer.locator("article.comment", has_text=COMMENT).get_by_role(
        "link", name="Signaler ce commentaire"
    ).click()
    writer.get_by_label("Ce qui pose problème").fill(REASON)
    assert axe_violations(writer) == []
    writer.get_by_role("button", name="Envoyer le signalement").click()
    expect(writer.get_by_role("status")).to_contain_text("le commentaire est signalé")

    # The moderator finds it in the queue, in context, and hides it.
    moderator = signed_in(browser, live_server, MODERATOR, "1280")
    moderator.goto("/moderation")
    entry = moderator.locator(".report-entry").filter(has_text=REASON)
    expect(entry).to_contain_text(COMMENT)
    expect(entry).to_contain_text(WRITER.name)
    assert axe_violations(moderator) == []
    entry.get_by_label("Motif (pour le journal de modération)").first.fill("Hors charte")
    entry.get_by_role("button", name="Masquer").click()
    expect(moderator.get_by_role("status")).to_contain_text("L'élément est masqué")
    moderator.goto("/moderation/audit?kind=moderation")
    expect(moderator.get_by_role("table")).to_contain_text("Hors charte")
    assert axe_violations(moderator) == []
    moderator.context.close()

    # Camille now reads « masqué par la modération »; Yanis, its author, sees it marked.
    writer.goto(address)
    thread = writer.get_by_role("region", name="Commentaires")
    expect(thread).not_to_contain_text(COMMENT)
    expect(thread).to_contain_text(re.compile("masqué par la modération", re.I))
    assert axe_violations(writer) == []
    writer.context.close()
    page.goto(address)
    expect(page.locator("article.comment", has_text=COMMENT)).to_contain_text(
        re.compile("masqué", re.I)
    )
