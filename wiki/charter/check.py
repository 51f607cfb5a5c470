"""The charter check as the wiki runs it: the wiki's own page titles are no person's name."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from wiki.access.pages import visible_pages_clause
from wiki.content.charter import Finding, check_charter, name_without_civility
from wiki.content.slugs import title_key
from wiki.models import Page, PageTitle


def page_titles_among(session, names: Collection[str], viewer) -> set[str]:
    """The title keys, among those of `names`, that a page `viewer` may see bears or bore."""
    keys = {title_key(n) for n in names} | {title_key(name_without_civility(n)) for n in names}
    keys.discard("")
    if not keys:
        return set()
    query = (
        select(PageTitle.title_key)
        .join(Page, Page.id == PageTitle.page_id)
        .where(PageTitle.title_key.in_(keys), visible_pages_clause(viewer))
    )
    return set(session.scalars(query))


def check_text(session, text: str, viewer, *, ignore: Collection[str] = ()) -> list[Finding]:
    """check_charter(text), less the person names that are titles of pages `viewer` may see
    (a page « Paulo Freire » makes the name a subject of the wiki; a page the viewer may not
    see changes nothing, so the answer tells nothing of it)."""
    findings = check_charter(text, ignore=ignore)
    names = [f.text for f in findings if f.kind == "person_name"]
    titles = page_titles_among(session, names, viewer)
    if not titles:
        return findings
    return [
        f
        for f in findings
        if f.kind != "person_name"
        or (
            title_key(f.text) not in titles
            and title_key(name_without_civility(f.text)) not in titles
        )
    ]
