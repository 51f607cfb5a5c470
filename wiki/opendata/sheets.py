"""The public innovation sheets as open-data records, one dict a sheet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wiki.access import visible_pages_clause
from wiki.lifecycle.stages import StageEntry
from wiki.models import InnovationStage, Page, Tag
from wiki.pages.kinds import FIELDS_BY_KIND
from wiki.urls import page_url

BATCH = 500
SHEET_FIELDS = tuple(spec.name for spec in FIELDS_BY_KIND["innovation"])
CSV_COLUMNS = (
    "slug",
    "url",
    "title",
    "updated_at",
    "tags",
    *SHEET_FIELDS,
    "follow_ups",
    "stage",
    "stage_since",
    "licence",
)


def licence() -> dict:
    return {
        "name": current_app.config["OPEN_DATA_LICENCE"],
        "url": current_app.config["OPEN_DATA_LICENCE_URL"],
    }


def public_sheets(session) -> Iterator[dict]:
    """Every innovation sheet a visitor may read, oldest first, in batches."""
    labels = dict(session.execute(select(Tag.slug, Tag.label_fr)).all())
    ids = list(
        session.scalars(
            select(Page.id)
            .where(Page.kind == "innovation", visible_pages_clause(None))
            .order_by(Page.id)
        )
    )
    stated = licence()
    for start in range(0, len(ids), BATCH):
        pages = session.scalars(
            select(Page)
            .where(Page.id.in_(ids[start : start + BATCH]))
            .order_by(Page.id)
            .options(selectinload(Page.current), selectinload(Page.follow_ups))
        ).all()
        stages: dict[int, list[dict]] = {}
        for row in session.scalars(
            select(InnovationStage)
            .where(InnovationStage.page_id.in_([p.id for p in pages]))
            .order_by(InnovationStage.since, InnovationStage.id)
        ):
            stages.setdefault(row.page_id, []).append(
                StageEntry(row.stage, row.since, row.note).to_json()
            )
        for page in pages:
            yield _record(page, labels, stated, stages.get(page.id, []))


def _record(page: Page, labels: dict[str, str], stated: dict, stages: list[dict]) -> dict:
    revision = page.current_revision
    fields = revision.fields or {}
    return {
        "slug": page.slug,
        "url": page_url(page.slug, absolute=True),
        "title": revision.title,
        "updated_at": page.updated_at.isoformat(timespec="seconds") + "Z",
        "tags": [{"slug": slug, "label": labels.get(slug, slug)} for slug in revision.tag_slugs],
        "fields": {name: fields[name] for name in SHEET_FIELDS if fields.get(name)},
        "follow_ups": [
            {"date": f.observed_on.isoformat(), "area": f.area, "text": f.text}
            for f in page.follow_ups
        ],
        "stage": {"current": page.stage, "history": stages},
        "licence": stated,
    }


def as_json_lines(records: Iterator[dict]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def as_csv(records: Iterator[dict]) -> Iterator[str]:
    """RFC 4180 CSV, UTF-8 with a byte order mark (so that spreadsheets read the accents);
    the tags and the follow-up of effects each in one cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    yield "\ufeff"
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(
            [
                record["slug"],
                record["url"],
                record["title"],
                record["updated_at"],
                " | ".join(tag["label"] for tag in record["tags"]),
                *(record["fields"].get(name, "") for name in SHEET_FIELDS),
                " | ".join(
                    f"{f['date']} ({f['area']}) : {f['text']}" for f in record["follow_ups"]
                ),
                record["stage"]["current"] or "",
                record["stage"]["history"][-1]["since"] if record["stage"]["history"] else "",
                record["licence"]["name"],
            ]
        )
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()
