"""The lifecycle of an innovation sheet in Chromium: its author moves it to « essaimage » with
the « Changer d'étape » form (a plain form, no script), the sheet shows the new stage and its
dated history, and the stage facet of /innovations finds it; axe-core clean on the sheet."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import run_wiki
from tests.e2e.test_security_journey import sign_in
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

AUTHOR = next(account for account in DEMO_ACCOUNTS if account.email == "membre@demo.alters.fr")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def sheet_title(viewport: str) -> str:
    return f"Un café des droits itinérant ({viewport})"


@pytest.fixture(scope="module")
def sheets(live_server, live_instance, tmp_path_factory):
    """One sheet a viewport, in experimentation since March 2024, by the demo member."""
    path = tmp_path_factory.mktemp("stage-seed") / "sheets.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {
                    "kind": "innovation",
                    "title": sheet_title(viewport),
                    "author": AUTHOR.email,
                    "visibility": "public",
                    "tags": ["aller-vers"],
                    "fields": {
                        "context": "Des habitants loin des services.",
                        "objectives": "Aller vers eux, au café du village.",
                        "territory": "Communes du Loiret (45)",
                    },
                    "stages": [
                        {"stage": "emergence", "since": "2023-01-01"},
                        {"stage": "experimentation", "since": "2024-03-01"},
                    ],
                    "body": "Un café où l'on parle des droits, qui passe de village en village.",
                },
                ensure_ascii=False,
            )
            + "\n"
            for viewport in VIEWPORTS
        ),
        "utf-8",
    )
    run_wiki(live_instance, "import", str(path))
    return live_server


def assert_accessible(page, what: str) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_an_author_moves_a_sheet_to_essaimage(sheets, browser, page, viewport, tmp_path):
    title = sheet_title(viewport)
    width = VIEWPORTS[viewport]["width"]
    # The change itself with scripts off: the details, the form and its answer are plain HTML.
    context = browser.new_context(
        base_url=sheets, locale="fr-FR", java_script_enabled=False, viewport=VIEWPORTS[viewport]
    )
    plain = context.new_page()
    try:
        sign_in(plain, AUTHOR)
        plain.goto("/innovations")
        plain.get_by_role("main").get_by_role("link", name=title).click()
        expect(plain.get_by_role("heading", level=1, name=title)).to_be_visible()
        stage = plain.get_by_role("region", name="Étape de l'innovation")
        expect(stage.locator(".stage-badge")).to_have_text("Expérimentation")
        stage.get_by_text("Changer d'étape").click()  # <details> opens without a script
        stage.get_by_label("Nouvelle étape").select_option(label="Essaimage")
        stage.get_by_label("Depuis le").fill("2025-06-01")
        stage.get_by_label("Note (facultative)").fill("essaimée à Tours")
        stage.get_by_role("button", name="Enregistrer l'étape").click()
        expect(plain).to_have_url(re.compile(r"/pages/[^/?#]+#etape$"))
        expect(plain.get_by_role("status")).to_contain_text("L'étape est enregistrée : Essaimage.")
        sheet_url = plain.url.split("#")[0]
    finally:
        context.close()

    # The sheet as its author sees it, scripts on: its new stage and its dated history.
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, AUTHOR)
    page.goto(sheet_url)
    stage = page.get_by_role("region", name="Étape de l'innovation")
    expect(stage.locator(".stage-badge")).to_have_text("Essaimage")
    expect(stage.locator(".stage-current")).to_contain_text(
        "En émergence en janvier 2023, expérimentée en mars 2024, essaimée depuis juin 2025 "
        "(essaimée à Tours)"
    )
    timeline = stage.locator(".stage-timeline li")
    expect(timeline).to_have_text(
        [
            "janvier 2023 : Émergence",
            "mars 2024 : Expérimentation",
            "juin 2025 : Essaimage — essaimée à Tours",
        ]
    )
    dates = timeline.locator("time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))"
    )
    assert dates == ["2023-01-01", "2024-03-01", "2025-06-01"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / f"sheet-{viewport}.png"), full_page=True)
    assert_accessible(page, f"sheet at {viewport}")

    # The stage facet of the innovation sheets finds it, and the old stage no longer does.
    page.goto("/innovations")
    facet = page.get_by_role("navigation", name="Par étape de l'innovation")
    facet.get_by_role("link", name="Essaimage").click()
    expect(page).to_have_url(re.compile(r"/innovations\?stage=essaimage$"))
    expect(facet.locator("strong[aria-current]")).to_have_text("Essaimage")
    expect(page.get_by_role("main").get_by_role("link", name=title)).to_be_visible()
    page.goto("/innovations?stage=experimentation")
    expect(page.get_by_role("main").get_by_role("link", name=title)).to_have_count(0)
