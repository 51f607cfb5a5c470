"""The « Changer d'étape » form of an innovation sheet (POST /pages/<slug>/stage), for those
who may edit it, and the template helpers that show a sheet's stage."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wiki.access import get_visible_page, require
from wiki.database import begin_write
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.lifecycle.forms import StageForm, entry_of
from wiki.lifecycle.stages import history_of, history_sentence, record_stage, stage_label
from wiki.pages.forms import focus_first_error, show_error

bp = Blueprint("lifecycle", __name__)


@bp.app_template_filter("stage_label")
def _stage_label(stage: str | None) -> str:
    return stage_label(stage)


@bp.app_template_global("stage_history")
def _stage_history(page) -> dict:
    """What a sheet shows of its lifecycle: its stages, oldest first, and the sentence."""
    history = history_of(db.session, page)
    return {"entries": history, "sentence": history_sentence(history) if history else ""}


@bp.app_template_global("stage_link")
def _stage_link(stage: str | None) -> str:
    """This list's address with its stage filter set to `stage` (None: removed), the other
    filters kept and the paging reset."""
    args: dict[str, Any] = {
        k: v for k, v in request.args.items() if k not in ("stage", "page") and v
    }
    if stage:
        args["stage"] = stage
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


@bp.app_template_global("stage_form")
def _stage_form(page) -> StageForm:
    form = StageForm(formdata=None)
    form.stage.data = page.stage
    return form


@bp.post("/pages/<slug>/stage")
def change_stage(slug: str):
    from wiki.pages.routes import render_page  # the sheet, with this form's errors

    page = get_visible_page(current_user, slug)
    require(current_user, "page.edit", page)
    form = StageForm()
    if form.validate():
        try:
            entry = entry_of(form)
            assert entry is not None  # the form requires a stage
            begin_write()
            page = get_visible_page(current_user, slug)  # read again inside the transaction
            require(current_user, "page.edit", page)
            recorded = record_stage(db.session, page, entry, current_user)
            db.session.commit()
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.stage)
        else:
            if recorded is None:
                flash(_("La fiche est déjà à cette étape : rien n'a changé."), "info")
            else:
                flash(
                    _("L'étape est enregistrée : %(stage)s.", stage=stage_label(entry.stage)),
                    "success",
                )
            return redirect(url_for("pages.view", slug=slug, _anchor="etape"))
    focus_first_error(form)
    return render_page(page, stage_change_form=form, status=400)
