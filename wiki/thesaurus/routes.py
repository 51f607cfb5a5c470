"""/moderation/thesaurus: the moderators list, add, edit and delete synonyms and acronyms."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wiki.access import require
from wiki.database import begin_write
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.moderation.sections import Section, register_section
from wiki.pages.forms import show_error
from wiki.thesaurus.entries import delete_entry, get_entry, list_entries, parse_terms, save_entry
from wiki.thesaurus.forms import AcronymForm, DeleteForm, SynonymsForm

bp = Blueprint("thesaurus", __name__)

register_section(
    Section(
        "/moderation/thesaurus",
        _l("Thésaurus de la recherche"),
        _l("Les synonymes et les sigles du métier que la recherche trouve les uns par les autres."),
        action="thesaurus.manage",
        order=55,
    )
)


def _form_for(kind: str, formdata=None, entry=None):
    if kind == "acronym":
        form = AcronymForm(formdata=formdata, prefix="acronym")
        if entry is not None and formdata is None:
            form.acronym.data = entry.acronym
    else:
        form = SynonymsForm(formdata=formdata, prefix="synonyms")
    if entry is not None and formdata is None:
        form.terms.data = "\n".join(entry.terms)
    return form


def _save(form, kind: str, entry=None) -> bool:
    """Validate and save `form`; False (errors on the form) if it was refused."""
    if not form.validate_on_submit():
        return False
    acronym = form.acronym.data if kind == "acronym" else None
    try:
        saved = save_entry(
            db.session,
            current_user,
            kind,
            parse_terms(form.terms.data),
            acronym=acronym,
            entry=entry,
        )
    except InvalidInput as error:
        db.session.rollback()
        show_error(form, error, fallback=form.terms)
        return False
    db.session.commit()
    flash(
        _(
            "« %(name)s » est enregistré : la recherche en tient compte dès maintenant.",
            name=saved.acronym or saved.terms[0],
        ),
        "success",
    )
    return True


def _index(synonyms_form, acronym_form, status: int = 200):
    return render_template(
        "thesaurus/index.html",
        synonyms_form=synonyms_form,
        acronym_form=acronym_form,
        groups=list_entries(db.session, "synonyms"),
        acronyms=list_entries(db.session, "acronym"),
        delete_form=DeleteForm(),
    ), status


@bp.get("/moderation/thesaurus")
def index():
    require(current_user, "thesaurus.manage")
    return _index(_form_for("synonyms"), _form_for("acronym"))


@bp.post("/moderation/thesaurus/<kind>")
def add(kind: str):
    begin_write()
    require(current_user, "thesaurus.manage")
    if kind not in ("synonyms", "acronym"):
        raise InvalidInput(_("Type d'entrée inconnu : synonymes ou sigle."))
    form = _form_for(kind, formdata=request.form)
    if _save(form, kind):
        return redirect(url_for("thesaurus.index")), 303
    forms = {"synonyms": _form_for("synonyms"), "acronym": _form_for("acronym"), kind: form}
    return _index(forms["synonyms"], forms["acronym"], status=400)


@bp.route("/moderation/thesaurus/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    if request.method == "POST":
        begin_write()
    require(current_user, "thesaurus.manage")
    entry = get_entry(db.session, entry_id)
    form = _form_for(
        entry.kind, formdata=request.form if request.method == "POST" else None, entry=entry
    )
    if request.method == "POST":
        if _save(form, entry.kind, entry=entry):
            return redirect(url_for("thesaurus.index")), 303
        entry = get_entry(db.session, entry_id)
    status = 400 if request.method == "POST" else 200
    return render_template("thesaurus/edit.html", form=form, entry=entry), status


@bp.post("/moderation/thesaurus/entries/<int:entry_id>/delete")
def delete(entry_id: int):
    begin_write()
    require(current_user, "thesaurus.manage")
    if not DeleteForm().validate_on_submit():
        raise InvalidInput(_("Le formulaire a expiré : recommencez."))
    removed = delete_entry(db.session, current_user, entry_id)
    db.session.commit()
    flash(
        _("« %(name)s » est retiré du thésaurus.", name=removed.acronym or removed.terms[0]),
        "success",
    )
    return redirect(url_for("thesaurus.index")), 303
