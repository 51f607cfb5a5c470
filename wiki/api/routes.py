"""The API's routes: parse the request, call the domain, serialise the answer.

Identity comes from a bearer token only (wiki.api.auth), so the blueprint is exempt from
CSRF, which protects cookie-authenticated forms.
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import Blueprint, Response, jsonify, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from wiki.access import DRAFT, get_editable_page, get_visible_page, require
from wiki.api import payloads, serializers
from wiki.api.auth import caller, load_caller, require_caller
from wiki.api.errors import BadRequestBody
from wiki.api.openapi import openapi_document
from wiki.content.charter_names import TextTooLongToCheck
from wiki.content.slugs import is_valid_slug
from wiki.database import begin_write
from wiki.errors import Conflict
from wiki.extensions import csrf, db
from wiki.lifecycle.stages import apply_stage_input
from wiki.pages.editing import (
    MAX_BODY_LENGTH,
    create_page,
    prepare_new_page,
    prepare_revision,
    save_revision,
)
from wiki.pages.links import same_title_pages
from wiki.urls import page_url

bp = Blueprint("api", __name__)
csrf.exempt(bp)
bp.before_request(load_caller)


@bp.record_once
def _json_keeps_accents(state) -> None:
    # French text stays readable in every JSON answer (and in the JSON error bodies).
    state.app.json.ensure_ascii = False


@bp.after_request
def _challenge(response: Response) -> Response:
    if response.status_code == 401:
        response.headers.setdefault("WWW-Authenticate", 'Bearer realm="wiki"')
    return response


def _checked_slug(slug: str) -> str:
    if not is_valid_slug(slug):
        raise BadRequestBody(
            "invalid_slug",
            f"Identifiant de page invalide : « {slug} » "
            "(minuscules sans accents, chiffres et tirets).",
            field="slug",
        )
    return slug


@contextmanager
def _write_transaction():
    """One write: opened before its reads (SQLite BEGIN IMMEDIATE), committed at the end."""
    begin_write()
    try:
        yield
        db.session.commit()
    except IntegrityError:  # on PostgreSQL, a concurrent writer took the slug or tag first
        db.session.rollback()
        raise Conflict("Une autre écriture est passée en même temps : réessayez.") from None


@bp.get("/pages/<slug>")
def get_page(slug: str):
    viewer = caller()
    page = get_visible_page(viewer, _checked_slug(slug))
    return jsonify(serializers.page_to_json(page, viewer))


@bp.post("/pages")
def create():
    user = require_caller()
    require(user, "page.create")
    values = payloads.json_object(payloads.PAGE_KEYS)
    draft = payloads.new_page_draft(values)
    if draft.status != DRAFT:
        require(user, "page.publish")  # a pending account keeps drafts until approved
    payloads.resolve_author(db.session, user, values.get("author"))  # a clear error, early
    stages = payloads.stage_input(draft.kind, values)
    # Checked and rendered before the write transaction opens (see wiki.pages.editing).
    prepared = prepare_new_page(
        db.session,
        draft,
        check_visibility_for=user,
        require_content=True,
        justifications=payloads.justifications(values),
    )
    namesakes = same_title_pages(db.session, draft.title, visible_to=user)
    with _write_transaction():
        author = payloads.resolve_author(db.session, user, values.get("author"))
        page = create_page(db.session, draft, author, check_visibility_for=user, prepared=prepared)
        apply_stage_input(db.session, page, stages, author)
    body = serializers.page_to_json(page, user)
    if namesakes:  # a script cannot be asked « create anyway? »: it is told
        body["warnings"] = [_same_title_warning(namesakes)]
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_page", slug=page.slug, _external=True)
    return response


@bp.put("/pages/<slug>")
def update(slug: str):
    user = require_caller()
    _checked_slug(slug)
    values = payloads.json_object(payloads.UPDATE_KEYS)
    base = payloads.base_revision(values)
    page = get_editable_page(user, slug)
    draft = payloads.revision_draft(page, values)
    if draft.status != DRAFT:
        require(user, "page.publish")
    payloads.resolve_author(db.session, user, values.get("author"))
    stages = payloads.stage_input(page.kind, values)
    prepared = prepare_revision(
        db.session,
        page,
        draft,
        require_content=True,
        justifications=payloads.justifications(values),
    )
    with _write_transaction():  # the page is read again inside it: the version is checked
        page = get_editable_page(user, slug)
        author = payloads.resolve_author(db.session, user, values.get("author"))
        save_revision(
            db.session, page, draft, author, base, check_visibility_for=user, prepared=prepared
        )
        apply_stage_input(db.session, page, stages, author)
    return jsonify(serializers.page_to_json(page, user))


def _same_title_warning(pages) -> dict:
    """What a creation answer adds when pages the caller may see already bear its title."""
    titles = ", ".join(f"« {page.title} »" for page in pages)
    return {
        "code": "same_title",
        "message": _(
            "Une page porte déjà ce titre : %(titles)s ; la page est créée quand "
            "même. Un lien [[titre]] mène à la plus ancienne.",
            titles=titles,
        ),
        "pages": [
            {"slug": page.slug, "title": page.title, "url": page_url(page.slug, absolute=True)}
            for page in pages
        ],
    }


@bp.get("/pages/<slug>/revisions")
def revisions(slug: str):
    page = get_visible_page(caller(), _checked_slug(slug))
    return jsonify(serializers.history_to_json(page, caller()))


@bp.get("/me")
def me():
    from wiki.network.api import person_json  # the network's view of the caller

    user = require_caller()
    return jsonify({**serializers.account_to_json(user), "profile": person_json(user, user)})


@bp.post("/charter/check")
def charter_check():
    values = payloads.json_object({"text": (str, "un texte")})
    text = values.get("text")
    if text is None:
        raise BadRequestBody("missing_key", "« text » est obligatoire.", field="text")
    if len(text) > MAX_BODY_LENGTH:
        raise BadRequestBody(
            "too_long", "Le texte est trop long (500 000 caractères au plus).", field="text"
        )
    from wiki.charter.check import check_text  # the charter check, less the wiki's titles

    try:
        findings = check_text(db.session, text, caller())
    except TextTooLongToCheck as error:
        raise TextTooLongToCheck(error.length, "text") from None
    return jsonify(
        {
            "findings": [
                {"kind": f.kind, "start": f.start, "end": f.end, "text": f.text} for f in findings
            ]
        }
    )


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
