"""/open-data: what the files hold and their licence, and the files themselves."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, stream_with_context

from wiki.extensions import db
from wiki.opendata.jsonld import json_ld_script
from wiki.opendata.sheets import CSV_COLUMNS, as_csv, as_json_lines, licence, public_sheets

bp = Blueprint("opendata", __name__)
bp.add_app_template_global(json_ld_script, "sheet_json_ld")


def _licence_link() -> str:
    stated = licence()
    return f'<{stated["url"]}>; rel="license"; title="{stated["name"]}"'


@bp.get("/open-data")
def index():
    return render_template("opendata/index.html", licence=licence(), columns=CSV_COLUMNS)


@bp.get("/open-data/sheets.jsonl")
def sheets_jsonl():
    body = stream_with_context(as_json_lines(public_sheets(db.session)))
    return Response(
        body,
        mimetype="application/x-ndjson",
        headers={"Link": _licence_link(), "Content-Disposition": "inline; filename=fiches.jsonl"},
    )


@bp.get("/open-data/sheets.csv")
def sheets_csv():
    body = stream_with_context(as_csv(public_sheets(db.session)))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Link": _licence_link(), "Content-Disposition": "attachment; filename=fiches.csv"},
    )
