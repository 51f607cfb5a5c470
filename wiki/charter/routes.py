"""/charter/terms: the moderators add and remove diagnostic labels of the charter check."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wiki.access import require
from wiki.charter.forms import RemoveTermForm, TermForm
from wiki.charter.terms import add_term, list_terms, remove_term
from wiki.content.charter import base_terms
from wiki.database import begin_write
from wiki.errors import InvalidInput, NotFound
from wiki.extensions import db
from wiki.pages.forms import show_error

bp = Blueprint("charter", __name__)


@bp.route("/charter/terms", methods=["GET", "POST"])
def terms():
    if request.method == "POST":
        begin_write()
    require(current_user, "charter.terms.manage")
    form = TermForm()
    status = 200
    if form.validate_on_submit():
        try:
            added = add_term(db.session, current_user, form.term.data)
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.term)
            status = error.status
        else:
            db.session.commit()
            flash(
                _("« %(term)s » sera signalé par la vérification de la charte.", term=added.term),
                "success",
            )
            return redirect(url_for("charter.terms"))
    elif request.method == "POST":
        status = 400
    return render_template(
        "charter/terms.html",
        form=form,
        terms=list_terms(db.session),
        base_terms=sorted(base_terms(), key=str.lower),
        remove_form=RemoveTermForm(),
    ), status


@bp.post("/charter/terms/remove")
def remove():
    begin_write()
    require(current_user, "charter.terms.manage")
    form = RemoveTermForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("Le formulaire a expiré : recommencez."))
    try:
        remove_term(db.session, current_user, form.term.data)
    except NotFound:
        db.session.rollback()
        flash(_("Ce terme n'est plus dans la liste."), "error")
    else:
        db.session.commit()
        flash(_("« %(term)s » n'est plus signalé.", term=form.term.data), "success")
    return redirect(url_for("charter.terms"))
