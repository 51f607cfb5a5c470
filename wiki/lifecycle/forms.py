"""The stage inputs: the « Changer d'étape » form of a sheet, and the same three inputs in
an innovation sheet's edit form. They turn input into a StageEntry; they decide nothing."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from wiki.lifecycle.stages import MAX_NOTE_LENGTH, STAGE_LABELS, StageEntry, clean_entry

try:  # WTForms 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice as choice
except ImportError:  # pragma: no cover - older WTForms

    def choice(value, label):
        return (value, label)


def stage_choices(*, blank: object | None = None) -> list:
    choices = [choice(value, label) for value, label in STAGE_LABELS.items()]
    return [choice("", blank), *choices] if blank is not None else choices


def stage_inputs() -> dict:
    """The three inputs an innovation sheet's edit form adds (wiki.pages.forms)."""
    return {
        "stage": SelectField(
            _l("Étape de l'innovation"),
            choices=stage_choices(blank=_l("Pas encore précisée")),
            validators=[Optional()],
        ),
        "stage_since": DateField(_l("Depuis le"), default=date.today, validators=[Optional()]),
        "stage_note": StringField(
            _l("Note sur l'étape (facultative)"),
            validators=[Optional(), Length(max=MAX_NOTE_LENGTH)],
        ),
    }


def entry_of(form) -> StageEntry | None:
    """The stage a form asks for, checked (InvalidInput names the input), or None."""
    stage = form.stage.data or ""
    if not stage:
        return None
    return clean_entry(
        stage, form.stage_since.data or date.today(), form.stage_note.data or "", field="stage"
    )


class StageForm(FlaskForm):
    """« Changer d'étape », on the sheet."""

    stage = SelectField(
        _l("Nouvelle étape"),
        choices=stage_choices(),
        validators=[InputRequired(_l("Choisissez une étape."))],
    )
    stage_since = DateField(
        _l("Depuis le"), default=date.today, validators=[InputRequired(_l("Indiquez une date."))]
    )
    stage_note = StringField(
        _l("Note (facultative)"),
        validators=[Optional(), Length(max=MAX_NOTE_LENGTH)],
        description=_l("Par exemple : essaimée à Tours."),
    )
