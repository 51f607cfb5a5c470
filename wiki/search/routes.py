"""The search results page: /search?q=&kind=&tag=&sector=&territory=&departement=&sort=&page=."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from wiki.departements import DEPARTEMENTS
from wiki.extensions import db
from wiki.lifecycle.stages import STAGE_LABELS
from wiki.models import Tag
from wiki.pages.kinds import KIND_LABELS, KIND_PLURALS
from wiki.pages.sectors import SECTORS, sector_filter, sector_label
from wiki.search.backend import backend
from wiki.territories.locate import departement_filter

bp = Blueprint("search", __name__)

DEPARTEMENT_LABELS = {code: f"{code} · {name}" for code, name in DEPARTEMENTS.items()}
FILTERS = ("q", "kind", "tag", "sector", "territory", "stage", "departement", "sort")


@bp.get("/search")
def results():
    args = {name: request.args.get(name, "").strip() for name in FILTERS}
    departement = departement_filter(args["departement"])
    args["sector"] = sector_filter(args["sector"]) or ""  # « hébergement »: its slug
    outcome = backend().search(
        current_user,
        args["q"],
        kind=args["kind"] or None,
        tag=args["tag"] or None,
        sector=args["sector"] or None,
        territory=args["territory"] or None,
        stage=args["stage"] or None,
        page=request.args.get("page", "1"),
        per_page=request.args.get("per_page", "20"),
        sort=args["sort"] or "relevance",
        departement=departement,
    )
    wanted = set(outcome.facets["tags"]) | {
        hit_tag for hit in outcome.results for hit_tag in hit.tags
    }
    if args["tag"]:
        wanted.add(args["tag"])
    locale = str(get_locale() or "fr")
    labels = (
        {
            tag.slug: tag.label(locale)
            for tag in db.session.scalars(select(Tag).where(Tag.slug.in_(wanted)))
        }
        if wanted
        else {}
    )

    def link(**changes) -> str:
        """This search's URL with some parameters changed (None removes one)."""
        params = {k: v for k, v in args.items() if v}
        params.update(changes)
        params = {k: v for k, v in params.items() if v not in (None, "")}
        return url_for("search.results", **params)

    active_filters = sum(
        1 for name in ("kind", "tag", "sector", "territory", "stage", "departement") if args[name]
    )
    return render_template(
        "search/results.html",
        outcome=outcome,
        args=args,
        link=link,
        active_filters=active_filters,
        page_link=lambda number: link(page=number),
        tag_labels=labels,
        kind_labels=KIND_LABELS,
        kind_plurals=KIND_PLURALS,
        stage_labels=STAGE_LABELS,
        departements=DEPARTEMENTS,
        departement_labels=DEPARTEMENT_LABELS,
        departement=departement,
        sector_labels={slug: sector_label(slug) for slug in SECTORS},
    )
