"""The pages blueprint's history that can forget: the forms to mask a revision and to
anonymise a passage through a page's whole history (domain: wiki.pages.masking)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from wiki.access import get_visible_page, require
from wiki.database import begin_write
from wiki.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated
from wiki.extensions import db
from wiki.pages.forms import focus_first_error, show_error
from wiki.pages.masking import (
    MAX_PASSAGE_LENGTH,
    MAX_REASON_LENGTH,
    anonymise_page,
    readable_revision,
    suppress_revision,
)
from wiki.pages.routes import _to_login, bp


class SuppressForm(FlaskForm):
    reason = TextAreaField(
        _l("Motif"),
        validators=[InputRequired(_l("Indiquez le motif.")), Length(max=MAX_REASON_LENGTH)],
        render_kw={"rows": 3},
        description=_l(
            "Il reste affiché dans l'historique à la place de la version : ne "
            "recopiez pas ce qu'il faut cacher (« nom d'une personne », "
            "« adresse »…)."
        ),
    )


class AnonymiseForm(FlaskForm):
    find = StringField(
        _l("Passage à remplacer"),
        validators=[
            InputRequired(_l("Indiquez le passage à remplacer.")),
            Length(max=MAX_PASSAGE_LENGTH),
        ],
        description=_l(
            "Tel qu'il est écrit, majuscules comprises : chaque occurrence est remplacée."
        ),
    )
    replace = StringField(
        _l("Remplacer par"),
        validators=[Optional(), Length(max=MAX_PASSAGE_LENGTH)],
        description=_l("Des initiales, un pseudonyme ; vide : le passage est retiré."),
    )
    reason = TextAreaField(
        _l("Motif (pour le journal de modération)"),
        validators=[InputRequired(_l("Indiquez le motif.")), Length(max=MAX_REASON_LENGTH)],
        render_kw={"rows": 3},
    )


@bp.route("/pages/<slug>/revisions/<int:number>/suppress", methods=["GET", "POST"])
def suppress(slug: str, number: int):
    """« Masquer cette version »: the reason form, then the masking."""
    page = get_visible_page(current_user, slug)
    if current_user.is_anonymous:
        return _to_login(url_for("pages.suppress", slug=slug, number=number))
    revision = readable_revision(db.session, current_user, page, number)
    form = SuppressForm()
    status = 200
    if form.validate_on_submit():
        try:
            begin_write()
            page = get_visible_page(current_user, slug)
            suppress_revision(db.session, page, number, current_user, form.reason.data)
        except (InvalidInput, Conflict, Forbidden, NotAuthenticated) as error:
            db.session.rollback()
            show_error(form, error, fallback=form.reason)
            status = error.status
        else:
            db.session.commit()
            flash(_("La version %(number)s est masquée.", number=number), "success")
            return redirect(url_for("pages.history", slug=slug))
    elif form.is_submitted():
        status = 400
    else:
        require(current_user, "revision.suppress", revision)  # 403 with who may mask
    focus_first_error(form)
    return render_template(
        "pages/suppress.html",
        page=page,
        revision=revision,
        form=form,
        is_current=revision.id == page.current_revision_id,
    ), status


@bp.route("/pages/<slug>/anonymise", methods=["GET", "POST"])
def anonymise(slug: str):
    """« Anonymiser dans tout l'historique » (moderators)."""
    page = get_visible_page(current_user, slug)
    if current_user.is_anonymous:
        return _to_login(url_for("pages.anonymise", slug=slug))
    require(current_user, "page.anonymise", page)
    form = AnonymiseForm()
    status = 200
    if form.validate_on_submit():
        try:
            begin_write()
            page = get_visible_page(current_user, slug)
            done = anonymise_page(
                db.session,
                page,
                form.find.data,
                form.replace.data or "",
                current_user,
                form.reason.data,
            )
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.find)
            status = error.status
        else:
            db.session.commit()
            message = ngettext(
                "Passage remplacé dans %(num)d version.",
                "Passage remplacé dans %(num)d versions.",
                done.revisions,
            )
            if done.follow_ups:
                message += " " + ngettext(
                    "Et dans %(num)d observation du suivi des effets.",
                    "Et dans %(num)d observations du suivi des effets.",
                    done.follow_ups,
                )
            flash(message, "success")
            if done.slug_holds_passage:
                flash(
                    _(
                        "L'adresse de la page contient encore ce passage : elle ne change pas, "
                        "pour que les liens vers la page restent valables."
                    ),
                    "warning",
                )
            return redirect(url_for("pages.history", slug=slug))
    elif form.is_submitted():
        status = 400
    focus_first_error(form)
    return render_template("pages/anonymise.html", page=page, form=form), status
