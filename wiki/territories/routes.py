"""The map of the départements (/territoires) and a département's pages (/territoires/45)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wiki.departements import DEPARTEMENTS, departement_name, normalise_departement
from wiki.errors import NotFound
from wiki.pages.listing import departement_counts, list_pages
from wiki.paging import page_number
from wiki.territories.drawing import france_map

bp = Blueprint("territories", __name__)


@bp.app_template_filter("departement_name")
def _departement_name(code: str | None) -> str:
    return departement_name(code) or ""


@bp.get("/territoires")
def index():
    return render_template("territories/map.html", map=france_map(), departements=DEPARTEMENTS)


@bp.get("/territoires/<code>")
def departement(code: str):
    if code not in DEPARTEMENTS:
        try:
            known = normalise_departement(code)  # « 2a », « 1 », « loiret »: the right address
        except ValueError:
            known = None
        if known is None:
            raise NotFound(
                _(
                    "Aucun département n'a le code « %(code)s » : un code comme 45, 2A ou 971.",
                    code=code[:20],
                )
            )
        return redirect(url_for("territories.departement", code=known), 301)
    kind = request.args.get("kind") or None
    if kind not in (None, "practice", "innovation"):
        kind = None
    pagination = list_pages(
        current_user,
        departement=code,
        kind=kind,
        page=page_number(request.args.get("page")),
        per_page=current_app.config.get("PER_PAGE", 20),
    )
    by_kind = {
        k: departement_counts(current_user, kind=k, departement=code).get(code, 0)
        for k in ("practice", "innovation")
    }
    return render_template(
        "territories/departement.html",
        code=code,
        name=DEPARTEMENTS[code],
        pagination=pagination,
        kind=kind,
        by_kind=by_kind,
    )
