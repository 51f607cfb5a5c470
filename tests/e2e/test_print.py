"""Taking a sheet to a meeting: printed, the page holds the sheet and its text, not the site."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

SHEET = "aller-vers-module-2"  # the demo's sheet with every field of seed 004


def test_a_printed_sheet_keeps_the_sheet_and_drops_the_site(page):
    page.goto(f"/pages/{SHEET}")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator(".page-actions")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".technical-sheet")).to_be_visible()
    assert (
        page.locator(".technical-sheet").evaluate(
            "element => getComputedStyle(element).breakInside"
        )
        == "avoid"
    )
    pdf = page.pdf(format="A4")  # Chromium's own print of the page
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_printed_links_say_where_they_lead(page):
    page.goto(f"/pages/{SHEET}")
    page.emulate_media(media="print")
    link = page.locator(".page-body a[href^='/'], .page-body a[href^='http']").first
    after = link.evaluate("element => getComputedStyle(element, '::after').content")
    assert link.get_attribute("href") in after


def test_the_sheets_pdf_link_gives_the_sheet(page):
    pypdf = pytest.importorskip("pypdf")
    import io

    page.goto(f"/pages/{SHEET}")
    link = page.get_by_role("link", name="PDF à imprimer")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    title = page.get_by_role("heading", level=1).inner_text()
    assert " ".join(title.split()) in text
    for section in ("Fiche technique", "Contexte", "Objectifs", "Suivi des effets"):
        assert section in text
