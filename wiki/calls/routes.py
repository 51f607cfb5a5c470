"""/calls: the open calls (filters, search), posting one, a call's thread, resolving it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wiki.access import approved_member
from wiki.calls import listing, posting
from wiki.calls.forms import AnswerForm, CallFiltersForm, CallForm, ResolveForm
from wiki.content.member_text import render_member_text
from wiki.database import begin_write
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.paging import page_number

bp = Blueprint("calls", __name__)
PER_PAGE = 20


@bp.app_template_filter("call_where")
def call_where(departement: str | None) -> str:
    """ "Indre-et-Loire (37)", or "tout le réseau" for a call to the whole network."""
    return posting.where_label(departement)


def _me():
    return current_user._get_current_object()


@bp.route("/calls")
def index():
    filters = listing.CallFilters.parse(request.args)
    page = page_number(request.args.get("page"))
    total, rows = listing.list_calls(
        db.session, current_user, filters, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    form = CallFiltersForm(request.args)

    def page_link(number: int) -> str:
        args: dict[str, Any] = {**request.args.to_dict(), "page": number}
        return url_for("calls.index", **args)

    return render_template(
        "calls/index.html",
        rows=rows,
        total=total,
        filters=filters,
        form=form,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        page_link=page_link,
        member=approved_member(current_user) is not None,
    )


def _new_page(form: CallForm, status: int = 200):
    return render_template("calls/new.html", form=form), status


@bp.route("/calls/new")
@login_required
def new():
    return _new_page(CallForm(formdata=None))


@bp.route("/calls/new", methods=["POST"])
@login_required
def create():
    form = CallForm()
    if not form.validate_on_submit():
        return _new_page(form, 400)
    try:
        title = posting.checked_title(form.title.data)
        body = posting.checked_body(form.body.data)
        departement = posting.checked_departement(form.departement.data)
    except InvalidInput as error:
        getattr(form, error.field or "title").errors = [error.message]
        return _new_page(form, 400)
    html = render_member_text(db.session, body)
    begin_write()
    try:
        call = posting.post_call(
            db.session, _me(), title, body, html, form.tag_names(), departement
        )
    except InvalidInput as error:
        db.session.rollback()
        target = form.tags if error.field == "tags" else form.title
        target.errors = [error.message]
        return _new_page(form, 400)
    db.session.commit()
    if call.notified:
        flash(
            _(
                "Votre appel est publié : %(count)s membre(s) de l'annuaire en sont avertis "
                "par mail.",
                count=call.notified,
            ),
            "success",
        )
    else:
        flash(
            _(
                "Votre appel est publié. Aucun membre de l'annuaire ne correspond pour "
                "l'instant à ses étiquettes et à son département."
            ),
            "success",
        )
    return redirect(url_for("calls.view", call_id=call.id), code=303)


def _call_page(call, *, answer_form=None, status: int = 200):
    return render_template(
        "calls/view.html",
        call=call,
        answers=listing.answers_of(db.session, call),
        answer_form=answer_form or AnswerForm(formdata=None),
        resolve_form=ResolveForm(),
        where=posting.where_label(call.departement),
    ), status


@bp.route("/calls/<int:call_id>")
@login_required
def view(call_id: int):
    return _call_page(posting.get_call(db.session, _me(), call_id))


@bp.route("/calls/<int:call_id>/answers", methods=["POST"])
@login_required
def answer(call_id: int):
    call = posting.get_call(db.session, _me(), call_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _call_page(call, answer_form=form, status=400)
    body = posting.checked_body(form.body.data, required=True)
    html = render_member_text(db.session, body)
    begin_write()
    call = posting.get_call(db.session, _me(), call_id)
    created = posting.answer_call(db.session, _me(), call, body, html)
    db.session.commit()
    flash(_("Votre réponse est publiée."), "success")
    return redirect(
        url_for("calls.view", call_id=call_id, _anchor=f"answer-{created.id}"), code=303
    )


@bp.route("/calls/<int:call_id>/resolve", methods=["POST"])
@login_required
def resolve(call_id: int):
    if not ResolveForm().validate_on_submit():
        raise InvalidInput(_("Le formulaire a expiré : rechargez la page et recommencez."))
    begin_write()
    call = posting.get_call(db.session, _me(), call_id)
    posting.resolve_call(db.session, _me(), call)
    db.session.commit()
    flash(_("L'appel est marqué résolu. Merci d'avoir tenu le réseau au courant."), "success")
    return redirect(url_for("calls.view", call_id=call_id), code=303)


@bp.route("/calls/<int:call_id>/answers")
@bp.route("/calls/<int:call_id>/resolve")
def form_targets(call_id: int):
    """A GET where a form posts (a reload, the language switch) lands on the call."""
    return redirect(url_for("calls.view", call_id=call_id))
