"""The map of the départements in Chromium, at desktop width and at 390 px: one shape per
département of the shipped geometry, each named with its count of public pages and linking
to its page; a members-only page counts for nobody; a click on a shaded département opens
its pages; nothing overflows on a phone; axe-core clean."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import run_wiki
from wiki.departements import DEPARTEMENTS
from wiki.territories.drawing import GEOMETRY

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
AUTHOR = "membre@demo.alters.fr"
# Two départements the demo leaves empty, so that their counts are the seeded pages alone.
SEEDED = {
    "48": ["Un jardin partagé à Mende", "Le car des droits en Margeride"],
    "23": ["Une permanence itinérante à Guéret"],
}
MEMBERS_ONLY = "Une maraude d'hiver à Marvejols"  # in Lozère too: never on the public map


def _line(title: str, territory: str, visibility: str = "public") -> str:
    return json.dumps(
        {
            "kind": "practice",
            "title": title,
            "author": AUTHOR,
            "visibility": visibility,
            "tags": ["aller-vers"],
            "fields": {"territory": territory, "sector": "Insertion"},
            "body": "Un récit de pratique pour la carte des territoires.",
        },
        ensure_ascii=False,
    )


@pytest.fixture(scope="module")
def seeded(live_server, live_instance, tmp_path_factory):
    lines = [
        _line(title, f"{DEPARTEMENTS[code]} ({code})")
        for code, titles in SEEDED.items()
        for title in titles
    ]
    lines.append(_line(MEMBERS_ONLY, "Lozère (48)", visibility="members"))
    path = tmp_path_factory.mktemp("map-seed") / "pages.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    run_wiki(live_instance, "import", str(path))
    return live_server


def assert_accessible(page, what: str) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


def public_pages(count: int) -> str:
    return {0: "aucune page publique", 1: "1 page publique"}.get(count, f"{count} pages publiques")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_map_shows_every_departement_with_its_public_count(seeded, page, viewport, tmp_path):
    width = VIEWPORTS[viewport]["width"]
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto("/territoires")
    figure = page.locator("figure.france-map")
    expect(figure.locator("svg")).to_be_visible()

    shipped = json.loads(GEOMETRY.read_text("utf-8"))["departements"]
    shapes = figure.locator("svg a.dep")
    expect(shapes).to_have_count(len(shipped))
    drawn = shapes.evaluate_all("""links => links.map(a => ({
        code: a.dataset.code, href: a.getAttribute('href'),
        label: a.getAttribute('aria-label'), title: a.querySelector('title').textContent,
        paths: a.querySelectorAll('path').length}))""")
    assert sorted(d["code"] for d in drawn) == sorted(shipped) == sorted(DEPARTEMENTS)
    for shape in drawn:
        assert shape["href"] == f"/territoires/{shape['code']}", shape
        assert shape["paths"] == 1, shape
        assert shape["label"] == shape["title"], shape
        assert shape["label"].startswith(f"{shape['code']} · {DEPARTEMENTS[shape['code']]} : ")

    by_code = {shape["code"]: shape for shape in drawn}
    for code, titles in SEEDED.items():  # the members-only page of Lozère is not counted
        assert by_code[code]["label"].endswith(": " + public_pages(len(titles))), by_code[code]
    assert "48 · Lozère : 2 pages publiques" in [s["label"] for s in drawn]
    lozere = figure.get_by_role("link", name="48 · Lozère : 2 pages publiques")
    expect(lozere).to_have_attribute("class", re.compile(r"^dep shade-[1-5]$"))  # shaded
    expect(figure.locator("a.dep[data-code='01']")).to_have_attribute("class", "dep shade-0")

    # On a phone the map fits the screen, and a département stays big enough to hit.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = figure.locator("svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    shape_box = lozere.bounding_box()
    assert shape_box["width"] >= 10 and shape_box["height"] >= 10, shape_box
    # Paris and its inner suburbs are too small to tap on a phone: the table beside the map
    # links every département too (the equivalent WCAG's target size asks for).
    table = page.get_by_role("region", name="Tous les départements")
    listed = table.get_by_role("link").evaluate_all("links => links.map(a => a.pathname)")
    assert sorted(listed) == sorted(f"/territoires/{code}" for code in DEPARTEMENTS)
    expect(table.get_by_role("row", name="48 Lozère 2")).to_be_visible()
    assert_accessible(page, f"map at {viewport}")
    page.screenshot(path=str(tmp_path / f"map-{viewport}.png"), full_page=True)

    lozere.click()
    expect(page).to_have_url(f"{seeded}/territoires/48")
    expect(page.get_by_role("heading", level=1, name="Lozère (48)")).to_be_visible()
    main = page.get_by_role("main")
    for title in SEEDED["48"]:
        expect(main.get_by_role("link", name=title)).to_be_visible()
    expect(main.get_by_text(MEMBERS_ONLY)).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"Lozère at {viewport}")
