"""An innovation sheet's stage and its dated history: checking what a writer gives,
recording a change, the history as a sentence, and the stage counts of a list.

Domain functions take plain values and a session; the caller commits. Every change marks
the page for the index (its stage is a search filter and searchable text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from wiki.access import visible_pages_clause
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.models import InnovationStage, Page, PageKind, Stage, Tag, User
from wiki.search.backend import page_changed

STAGES = tuple(stage.value for stage in Stage)
FIRST_YEAR, LAST_YEAR = 1900, 2099
# A real calendar date of those years, as YYYY-MM-DD: what the server takes is exactly what
# the OpenAPI document says (Python's fromisoformat alone would take 20240301 or 2024-W10).
DATE_PATTERN = (
    "^((19|20)[0-9]{2}-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
    "|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
    "|((19|20)(0[48]|[2468][048]|[13579][26])|2000)-02-29)$"
)
DATE = re.compile(DATE_PATTERN)
MAX_NOTE_LENGTH = 200
MAX_HISTORY = 50

STAGE_LABELS: dict[str, Any] = {
    Stage.EMERGENCE: _l("Émergence"),
    Stage.EXPERIMENTATION: _l("Expérimentation"),
    Stage.EVALUATION: _l("Évaluation"),
    Stage.ESSAIMAGE: _l("Essaimage"),
    Stage.ARRETEE: _l("Arrêtée"),
}


def stage_label(stage: str | None) -> str:
    return str(STAGE_LABELS[stage]) if stage in STAGE_LABELS else ""


def _participle(stage: str) -> str:
    """How the history sentence says a sheet reached `stage` (« expérimentée »)."""
    return {
        Stage.EMERGENCE: _("en émergence"),
        Stage.EXPERIMENTATION: _("expérimentée"),
        Stage.EVALUATION: _("évaluée"),
        Stage.ESSAIMAGE: _("essaimée"),
        Stage.ARRETEE: _("arrêtée"),
    }[Stage(stage)]


@dataclass(frozen=True)
class StageEntry:
    """A checked change of stage, not yet recorded."""

    stage: str
    since: date
    note: str = ""

    def to_json(self) -> dict:
        return {"stage": self.stage, "since": self.since.isoformat(), "note": self.note}


def check_stage(value: object, field: str = "stage") -> str:
    if value not in STAGES:
        raise InvalidInput(
            _(
                "Étape inconnue « %(stage)s » : %(choices)s.",
                stage=str(value)[:40],
                choices=", ".join(STAGES),
            ),
            field=field,
        )
    return value


def clean_entry(
    stage: object, since: object, note: object = "", *, field: str = "stage"
) -> StageEntry:
    """A stage, the date it began (a date or YYYY-MM-DD, years 1900 to 2099) and a note."""
    stage = check_stage(stage, field)
    if isinstance(since, str):
        if not DATE.fullmatch(since):
            raise InvalidInput(
                _("Date d'étape invalide (AAAA-MM-JJ attendu, de 1900 à 2099)."), field=field
            )
        since = date.fromisoformat(since)
    if not isinstance(since, date):
        raise InvalidInput(_("Indiquez la date du début de l'étape (AAAA-MM-JJ)."), field=field)
    if not FIRST_YEAR <= since.year <= LAST_YEAR:
        raise InvalidInput(
            _("Date d'étape invalide (AAAA-MM-JJ attendu, de 1900 à 2099)."), field=field
        )
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise InvalidInput(_("La note d'une étape doit être du texte."), field=field)
    if "\x00" in note:
        raise InvalidInput(_("La note contient un caractère nul."), field=field)
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            _("La note d'une étape est trop longue (200 caractères au plus)."), field=field
        )
    return StageEntry(stage, since, " ".join(note.split()))


def parse_history(entries: object, *, field: str = "stages") -> list[StageEntry]:
    """A full history given as [{"stage", "since", "note"}, ...], in date order."""
    if not isinstance(entries, list):
        raise InvalidInput(
            _("« stages » doit être une liste d'objets {stage, since, note}."), field=field
        )
    if len(entries) > MAX_HISTORY:
        raise InvalidInput(_("Trop d'étapes (50 au plus)."), field=field)
    checked = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or "stage" not in entry or "since" not in entry:
            raise InvalidInput(
                _("Étape n° %(n)s : un objet {stage, since, note} est attendu.", n=index),
                field=field,
            )
        unknown = sorted(set(entry) - {"stage", "since", "note"})
        if unknown:
            raise InvalidInput(
                _("Étape n° %(n)s : clé inconnue : %(keys)s.", n=index, keys=", ".join(unknown)),
                field=field,
            )
        checked.append(
            clean_entry(entry["stage"], entry["since"], entry.get("note", ""), field=field)
        )
    return sorted(checked, key=lambda e: e.since)


@dataclass(frozen=True)
class StageInput:
    """What a payload asks of the lifecycle: one new stage (since today), or a whole
    history that replaces the page's."""

    entry: StageEntry | None = None
    history: list[StageEntry] | None = None


def parse_stage_input(
    kind: str | None,
    stage: object = None,
    stages: object = None,
) -> StageInput | None:
    """The "stage" (current stage, since today) or "stages" (full history) of the import
    format and the API; None when neither is given. Only innovation sheets have a stage."""
    if stage is None and stages is None:
        return None
    field = "stage" if stage is not None else "stages"
    if kind != PageKind.INNOVATION:
        raise InvalidInput(
            _("« %(field)s » ne concerne que les fiches innovation.", field=field), field=field
        )
    if stage is not None and stages is not None:
        raise InvalidInput(_("Donnez « stage » ou « stages », pas les deux."), field="stage")
    if stage is not None:
        return StageInput(entry=clean_entry(stage, date.today(), field="stage"))
    return StageInput(history=parse_history(stages))


def history_of(session, page: Page) -> list[InnovationStage]:
    """The page's stages, oldest first."""
    return list(
        session.scalars(
            select(InnovationStage)
            .where(InnovationStage.page_id == page.id)
            .order_by(InnovationStage.since, InnovationStage.id)
        )
    )


def _refresh_current(session, page: Page) -> None:
    session.flush()
    page.stage = session.scalar(
        select(InnovationStage.stage)
        .where(InnovationStage.page_id == page.id)
        .order_by(InnovationStage.since.desc(), InnovationStage.id.desc())
        .limit(1)
    )
    page_changed(session, page)


def record_stage(
    session, page: Page, entry: StageEntry, author: User | None
) -> InnovationStage | None:
    """The sheet enters `entry.stage`; nothing is recorded if it is its stage already.
    A change cannot be dated before the current stage began."""
    if page.kind != PageKind.INNOVATION:
        raise InvalidInput(_("Seules les fiches innovation ont une étape."), field="stage")
    if page.stage == entry.stage:
        return None
    history = history_of(session, page)
    if history and entry.since < history[-1].since:
        raise InvalidInput(
            _(
                "La nouvelle étape ne peut pas commencer avant l'étape actuelle (%(date)s).",
                date=format_date(history[-1].since, "long"),
            ),
            field="stage_since",
        )
    row = InnovationStage(
        page=page, stage=entry.stage, since=entry.since, note=entry.note, author=author
    )
    session.add(row)
    _refresh_current(session, page)
    return row


def replace_history(session, page: Page, entries: list[StageEntry], author: User | None) -> None:
    """The page's history becomes `entries` (an import, or an API client that sends it)."""
    if page.kind != PageKind.INNOVATION:
        raise InvalidInput(_("Seules les fiches innovation ont une étape."), field="stages")
    if page.id is not None:
        session.execute(delete(InnovationStage).where(InnovationStage.page_id == page.id))
    for entry in entries:
        session.add(
            InnovationStage(
                page=page, stage=entry.stage, since=entry.since, note=entry.note, author=author
            )
        )
    _refresh_current(session, page)


def attach_history(session, page: Page, entries: list[StageEntry], author: User | None) -> None:
    """A new page's history, in a batch (an import): no flush, no index task (the batch
    indexes its pages)."""
    for entry in entries:
        session.add(
            InnovationStage(
                page=page, stage=entry.stage, since=entry.since, note=entry.note, author=author
            )
        )
    if entries:
        page.stage = entries[-1].stage  # sorted by date: the last is the current one


def history_entries(wanted: StageInput | None) -> list[StageEntry]:
    """The history a new page gets from its payload."""
    if wanted is None:
        return []
    if wanted.history is not None:
        return wanted.history
    return [wanted.entry] if wanted.entry is not None else []


def apply_stage_input(session, page: Page, wanted: StageInput | None, author: User | None) -> None:
    if wanted is None:
        return
    if wanted.history is not None:
        replace_history(session, page, wanted.history, author)
    elif wanted.entry is not None:
        record_stage(session, page, wanted.entry, author)


def stage_json(session, page: Page) -> dict:
    """The API's and the export's shape: {"current", "history": [{stage, since, note}]}."""
    return {
        "current": page.stage,
        "history": [
            StageEntry(row.stage, row.since, row.note).to_json()
            for row in history_of(session, page)
        ],
    }


def _when(moment: date) -> str:
    return format_date(moment, "MMMM y")


def history_sentence(history: list[InnovationStage]) -> str:
    """« expérimentée depuis mars 2024 », or « en émergence en janvier 2023, expérimentée en
    mars 2024, essaimée depuis juin 2025 (essaimée à Tours) »: the history in words."""
    parts = []
    for index, row in enumerate(history):
        last = index == len(history) - 1
        words = (
            _("%(stage)s depuis %(when)s", stage=_participle(row.stage), when=_when(row.since))
            if last
            else _("%(stage)s en %(when)s", stage=_participle(row.stage), when=_when(row.since))
        )
        if row.note:
            words += f" ({row.note})"
        parts.append(words)
    sentence = ", ".join(parts)
    return sentence[:1].upper() + sentence[1:]


def stage_filter(args) -> str | None:
    """The `stage` of a list's query string, checked (400 for an unknown one)."""
    value = (args.get("stage") or "").strip()
    return check_stage(value) if value else None


def stage_counts(user, *, tag: str | None = None) -> dict[str, int]:
    """How many innovation sheets `user` may see are at each stage (a list's facet)."""
    query = select(Page.stage, func.count(Page.id)).where(
        visible_pages_clause(user), Page.kind == PageKind.INNOVATION, Page.stage.is_not(None)
    )
    if tag:
        query = query.where(Page.tags.any(Tag.slug == tag))
    counts = dict(db.session.execute(query.group_by(Page.stage)).all())
    return {stage: counts[stage] for stage in STAGES if counts.get(stage)}
