"""The API of history that can forget: one revision, masking it (CONTRACT's …/suppress), and
anonymising a passage through a page's history (moderators)."""

from __future__ import annotations

from flask import jsonify

from wiki.access import get_visible_page
from wiki.api import payloads, serializers
from wiki.api.auth import caller, require_caller
from wiki.api.routes import _checked_slug, bp
from wiki.database import begin_write
from wiki.extensions import db
from wiki.pages.masking import anonymise_page, readable_revision, suppress_revision


def _page(user, slug: str):
    return get_visible_page(user, _checked_slug(slug))


@bp.get("/pages/<slug>/revisions/<int:number>")
def get_revision(slug: str, number: int):
    viewer = caller()
    revision = readable_revision(db.session, viewer, _page(viewer, slug), number)
    return jsonify(serializers.revision_content_to_json(revision, viewer))


@bp.post("/pages/<slug>/revisions/<int:number>/suppress")
def suppress(slug: str, number: int):
    user = require_caller()
    values = payloads.json_object({"reason": (str, "un texte")})
    _page(user, slug)  # a clear 404 before the write lock
    begin_write()
    page = _page(user, slug)
    revision = suppress_revision(db.session, page, number, user, values.get("reason"))
    db.session.commit()
    return jsonify(serializers.revision_to_json(revision, user))


@bp.post("/pages/<slug>/anonymise")
def anonymise(slug: str):
    user = require_caller()
    values = payloads.json_object(
        {"find": (str, "un texte"), "replace": (str, "un texte"), "reason": (str, "un texte")}
    )
    _page(user, slug)
    begin_write()
    page = _page(user, slug)
    done = anonymise_page(
        db.session, page, values.get("find"), values.get("replace", ""), user, values.get("reason")
    )
    db.session.commit()
    return jsonify(
        {
            "slug": page.slug,
            "revisions": done.revisions,
            "follow_ups": done.follow_ups,
            "slug_holds_passage": done.slug_holds_passage,
        }
    )
