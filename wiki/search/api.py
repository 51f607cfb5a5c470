"""GET /api/v1/search: the search of the results page, as JSON (see CONTRACT)."""

from __future__ import annotations

from flask import g, jsonify, request

from wiki.api.routes import bp
from wiki.search.backend import backend


def _caller():
    """The API's caller: the bearer token's account (set by the API's before_request), or
    None. The API never reads the session cookie."""
    return g.get("api_user")


@bp.get("/search")
def search_pages():
    outcome = backend().search(
        _caller(),
        request.args.get("q", ""),
        kind=request.args.get("kind") or None,
        tag=request.args.get("tag") or None,
        sector=request.args.get("sector") or None,
        territory=request.args.get("territory") or None,
        stage=request.args.get("stage") or None,
        page=request.args.get("page", "1"),
        per_page=request.args.get("per_page", "20"),
        sort=request.args.get("sort") or "relevance",
        departement=request.args.get("departement") or None,
    )
    return jsonify(outcome.to_json())
