"""The moderators' forms for the charter's vocabulary."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length


class TermForm(FlaskForm):
    term = StringField(
        _l("Terme à signaler"),
        validators=[InputRequired(_l("Le terme est obligatoire.")), Length(max=120)],
    )


class RemoveTermForm(FlaskForm):
    term = HiddenField(validators=[InputRequired()])
