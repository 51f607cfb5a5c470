"""The moderators' page of charter terms in Chromium, at desktop width and at 390 px,
axe-core clean; the term added is then pointed out by the check."""

from __future__ import annotations

import pytest

from tests.e2e.test_security_journey import WIDTHS, axe_violations, sign_in
from wiki.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

ADMIN = next(a for a in DEMO_ACCOUNTS if a.email == "admin@demo.alters.fr")  # a moderator too


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_a_moderator_adds_and_removes_a_term(page, width):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, ADMIN)
    page.goto("/charter/terms")
    expect(page.get_by_role("heading", level=1)).to_have_text("Termes diagnostiques signalés")
    assert axe_violations(page) == []
    term = f"logorrhéique{width}"
    page.get_by_label("Terme à signaler").fill(term)
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_text(f"« {term} » sera signalé")).to_be_visible()
    found = page.request.post("/api/v1/charter/check", data={"text": f"Il est {term}s."})
    assert [f["text"] for f in found.json()["findings"]] == [f"{term}s"]
    assert axe_violations(page) == []
    page.get_by_role("button", name=f"Retirer « {term} »").click()
    expect(page.get_by_text(f"« {term} » n'est plus signalé.")).to_be_visible()
    found = page.request.post("/api/v1/charter/check", data={"text": f"Il est {term}s."})
    assert found.json()["findings"] == []
