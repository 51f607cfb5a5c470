"""The follow-up of effects of an innovation sheet (suivi des effets): adding, correcting and
deleting an observation, each change recorded for recent changes, the feed and the history.

As for pages, the slow part (checking and rendering the text) is done by prepare_follow_up()
before the write transaction; the functions that write take its result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from wiki.content.markdown import check_markup_budget, render_markdown
from wiki.errors import InvalidInput, NotFound
from wiki.models import FollowUp, FollowUpChange, Page, User
from wiki.models.base import utcnow
from wiki.notifications import events
from wiki.pages.charter_review import (
    CharterReview,
    Justification,
    record_justifications,
    require_charter,
)
from wiki.pages.kinds import FOLLOW_UP_AREAS, MAX_FIELD_LENGTH
from wiki.search.backend import page_changed

ADDED, CORRECTED, DELETED = "added", "corrected", "deleted"


@dataclass(frozen=True)
class FollowUpText:
    """A checked observation, its text rendered."""

    observed_on: date
    area: str
    text: str
    html: str
    charter: CharterReview | None = None  # what the writer justified, to store


def prepare_follow_up(
    page: Page,
    *,
    observed_on: date,
    area: str,
    text: str,
    justifications: list[Justification] | None = None,
) -> FollowUpText:
    """A checked observation; with `justifications` (a person publishes it), the charter
    check refuses what is left unjustified (CharterFindings)."""
    if page.kind != "innovation":
        raise InvalidInput("Le suivi des effets concerne les fiches innovation.")
    if area not in FOLLOW_UP_AREAS:
        raise InvalidInput("Domaine inconnu : people, practices ou organisations.", field="area")
    if not isinstance(observed_on, date):
        raise InvalidInput("Indiquez une date.", field="observed_on")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("Décrivez les effets observés.", field="text")
    if len(text) > MAX_FIELD_LENGTH:
        raise InvalidInput("Le texte est trop long.", field="text")
    check_markup_budget(text, "text")
    text = text.strip()
    review = None if justifications is None else require_charter([("text", text)], justifications)
    return FollowUpText(observed_on, area, text, render_markdown(text).html, review)


def build_follow_up(
    page: Page, *, observed_on: date, area: str, text: str, author: User | None
) -> tuple[FollowUp, FollowUpChange]:
    """A new observation and the change that records it, for the caller to add."""
    checked = prepare_follow_up(page, observed_on=observed_on, area=area, text=text)
    follow_up = FollowUp(
        page=page,
        observed_on=checked.observed_on,
        area=checked.area,
        text=checked.text,
        html=checked.html,
        author=author,
    )
    return follow_up, _change(page, follow_up, ADDED, author)


def _change(page: Page, follow_up: FollowUp, action: str, author: User | None) -> FollowUpChange:
    return FollowUpChange(
        page=page,
        follow_up=follow_up,
        action=action,
        area=follow_up.area,
        observed_on=follow_up.observed_on,
        author=author,
        created_at=utcnow(),
    )


def add_follow_up(
    session, page: Page, *, author: User | None, prepared: FollowUpText | None = None, **values
) -> FollowUp:
    """Add an observation: `prepared` (prepare_follow_up's), or the values to prepare."""
    checked = prepared or prepare_follow_up(page, **values)
    follow_up = FollowUp(
        page=page,
        observed_on=checked.observed_on,
        area=checked.area,
        text=checked.text,
        html=checked.html,
        author=author,
    )
    session.add(follow_up)
    session.add(_change(page, follow_up, ADDED, author))
    if checked.charter is not None and checked.charter.justified:
        session.flush()  # the justification names the observation
        record_justifications(session, page, checked.charter, author, follow_up=follow_up)
    page_changed(session, page)
    events.follow_up_added(session, page, author)
    return follow_up


def get_follow_up(session, page: Page, follow_up_id: int) -> FollowUp:
    follow_up = session.scalar(
        select(FollowUp).where(FollowUp.id == follow_up_id, FollowUp.page_id == page.id)
    )
    if follow_up is None:
        raise NotFound("Cette observation n'existe pas.")
    return follow_up


def correct_follow_up(
    session, follow_up: FollowUp, prepared: FollowUpText, author: User | None
) -> FollowUp:
    follow_up.observed_on, follow_up.area = prepared.observed_on, prepared.area
    follow_up.text, follow_up.html = prepared.text, prepared.html
    session.add(_change(follow_up.page, follow_up, CORRECTED, author))
    record_justifications(session, follow_up.page, prepared.charter, author, follow_up=follow_up)
    page_changed(session, follow_up.page)
    return follow_up


def delete_follow_up(session, follow_up: FollowUp, author: User | None) -> None:
    page = follow_up.page
    change = _change(page, follow_up, DELETED, author)
    change.follow_up = None
    session.add(change)
    session.delete(follow_up)
    page_changed(session, page)
