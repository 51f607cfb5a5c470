"""A public innovation sheet described for search engines and data portals: schema.org
JSON-LD in the page's head (a data block: the CSP's script-src does not apply to it)."""

from __future__ import annotations

import json

from markupsafe import Markup

from wiki.access import can
from wiki.lifecycle.words import STAGE_WORDS
from wiki.models import Page
from wiki.opendata.sheets import licence
from wiki.urls import page_url


def sheet_json_ld(page: Page) -> dict:
    revision = page.current_revision
    fields = revision.fields or {}
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": revision.title,
        "url": page_url(page.slug, absolute=True),
        "inLanguage": "fr",
        "dateCreated": page.created_at.date().isoformat(),
        "dateModified": page.updated_at.isoformat(timespec="seconds") + "Z",
        "keywords": ", ".join(revision.tag_slugs),
        "license": licence()["url"],
        "genre": "Fiche innovation",
    }
    if page.stage:  # schema.org's status of a creative work: the innovation's stage
        data["creativeWorkStatus"] = STAGE_WORDS[page.stage].split(",")[0].capitalize()
    if fields.get("objectives"):
        data["description"] = fields["objectives"]
    if fields.get("territory"):
        data["spatialCoverage"] = {"@type": "Place", "name": fields["territory"]}
    if fields.get("audience"):
        data["audience"] = {"@type": "Audience", "audienceType": fields["audience"]}
    return data


def json_ld_script(page: Page) -> Markup:
    """The <script type="application/ld+json"> of a sheet anyone may read; nothing for a
    page a visitor may not see (its description would leave with the crawlers)."""
    if page.kind != "innovation" or page.current is None or not can(None, "page.view", page):
        return Markup("")
    text = json.dumps(sheet_json_ld(page), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Raw on purpose: a script's text is not HTML-decoded, and with <, > and & escaped in
    # JSON nothing in it can end the element.
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704
