"""What a reader sees of one page: its fields in order, follow-ups by area, authors, backlinks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wiki.access import hidden_slugs
from wiki.content.markdown import existing_link_slugs, render_markdown
from wiki.extensions import db
from wiki.models import FollowUp, Page, PageKind, Revision, User
from wiki.network.mentions import link_members
from wiki.pages.kinds import FIELDS_BY_KIND, FOLLOW_UP_AREAS
from wiki.pages.links import resolver
from wiki.pages.listing import backlinks, page_authors
from wiki.pages.typed_fields import TYPED_KEYS, format_value
from wiki.territories.locate import departement_of

# An innovation sheet reads like seed 004's training sheet: a « fiche technique » block of
# short facts, then sections of prose.
TECHNICAL_SHEET = (
    "sectors",
    "audience",
    "duration",
    "registration_deadline",
    "places_dates",
    "partners",
)


@dataclass
class FieldValue:
    name: str
    label: object
    value: str
    departement: str | None = None  # the territory's département: a link to its page
    # A typed field's value as the template shows it (wiki.pages.typed_fields): a date, the
    # sessions (their dates as dates), the partners; None for text alone.
    typed: object = None


@dataclass
class FollowUpArea:
    key: str
    label: object
    entries: list[FollowUp]


@dataclass
class PageView:
    page: Page
    revision: Revision
    html: str  # the revision's HTML as this reader may see it (html_for)
    facts: list[FieldValue]  # practice fields, or an innovation's technical sheet
    sections: list[FieldValue]  # an innovation's prose sections
    follow_ups: list[FollowUpArea] = field(default_factory=list)
    authors: list[User] = field(default_factory=list)
    backlinks: list[Page] = field(default_factory=list)


def _shown_typed(key: str, value: Any) -> object:
    if key == "registration_deadline":
        return date.fromisoformat(value)
    if key == "sessions":
        return [
            {**session, "dates": [date.fromisoformat(d) for d in session["dates"]]}
            for session in value
        ]
    if key == "partners":
        return list(value)
    return None  # a territory, a duration: their text says it


def field_values(
    kind: str, fields: dict, names: tuple[str, ...] | None = None, typed: dict | None = None
) -> list[FieldValue]:
    typed = typed or {}
    values = []
    for spec in FIELDS_BY_KIND[kind]:
        if names is not None and spec.name not in names:
            continue
        key = TYPED_KEYS.get(spec.name)
        value = typed.get(key) if key else None
        if not fields.get(spec.name) and value is None:
            continue
        shown = None
        text = fields.get(spec.name) or ""
        if key is not None and value is not None:
            text = text or format_value(key, value)
            shown = _shown_typed(key, value)
        values.append(
            FieldValue(
                spec.name,
                spec.label,
                text,
                departement_of(fields, typed) if spec.name == "territory" else None,
                shown,
            )
        )
    return values


def split_fields(
    kind: str, fields: dict, typed: dict | None = None
) -> tuple[list[FieldValue], list[FieldValue]]:
    if kind == PageKind.INNOVATION:
        sheet = field_values(kind, fields, TECHNICAL_SHEET, typed)
        others = tuple(s.name for s in FIELDS_BY_KIND[kind] if s.name not in TECHNICAL_SHEET)
        return sheet, field_values(kind, fields, others, typed)
    return field_values(kind, fields, typed=typed), []


def follow_ups_by_area(page: Page) -> list[FollowUpArea]:
    grouped = [FollowUpArea(key, label, []) for key, label in FOLLOW_UP_AREAS.items()]
    index = {area.key: area for area in grouped}
    entries = db.session.scalars(
        select(FollowUp)
        .where(FollowUp.page_id == page.id)
        .options(joinedload(FollowUp.author))
        .order_by(FollowUp.observed_on, FollowUp.id)
    )
    for entry in entries:
        index[entry.area].entries.append(entry)
    return grouped


def html_for(user, revision: Revision) -> str:
    """The revision's HTML for `user`. It is rendered once, at save, with links to every
    existing page; a link to a page `user` may not see must read like a link to a missing
    page (the page's existence is not theirs to know): the text is rendered again for them,
    its links resolved among the pages they may see (a title shared with a hidden page then
    leads to the visible one, exactly as if the hidden one did not exist)."""
    hidden = hidden_slugs(user, existing_link_slugs(revision.html))
    if not hidden:
        return revision.html
    return render_markdown(revision.body, resolver(db.session, visible_to=user)).html


def page_view(user, page: Page, revision: Revision | None = None) -> PageView:
    """Everything the page's template shows, gathered for `user` (backlinks filtered)."""
    revision = revision or page.current_revision
    facts, sections = split_fields(page.kind, revision.fields or {}, revision.typed_fields or {})
    for item in (*facts, *sections):
        if item.name == "contact":  # "@handle" names a member: a link to their profile
            item.value = link_members(user, item.value)
    return PageView(
        page=page,
        revision=revision,
        html=html_for(user, revision),
        facts=facts,
        sections=sections,
        follow_ups=follow_ups_by_area(page) if page.kind == PageKind.INNOVATION else [],
        authors=page_authors(page),
        backlinks=backlinks(user, page.slug),
    )


@dataclass
class PreviewView:
    """A text not yet saved, as its readers will see it (the « Prévisualiser » button)."""

    kind: str
    title: str
    html: str
    facts: list[FieldValue]
    sections: list[FieldValue]

    @property
    def page(self) -> PreviewView:  # the content template reads view.page.kind
        return self


def preview_view(
    user, kind: str, title: str, body: str, fields: dict, typed: dict | None = None
) -> PreviewView:
    facts, sections = split_fields(kind, fields or {}, typed)
    for item in (*facts, *sections):
        if item.name == "contact":
            item.value = link_members(user, item.value)
    html = render_markdown(body, resolver(db.session, visible_to=user)).html
    return PreviewView(kind, title, html, facts, sections)
