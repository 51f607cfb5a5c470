"""The moderators' forms for the search thesaurus."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length


class SynonymsForm(FlaskForm):
    terms = TextAreaField(
        _l("Termes du groupe (un par ligne)"),
        validators=[InputRequired(_l("Donnez au moins deux termes.")), Length(max=3000)],
        render_kw={"rows": 4},
    )


class AcronymForm(FlaskForm):
    acronym = StringField(
        _l("Sigle"), validators=[InputRequired(_l("Le sigle est obligatoire.")), Length(max=20)]
    )
    terms = TextAreaField(
        _l("Développement (un par ligne s'il en a plusieurs)"),
        validators=[InputRequired(_l("Donnez au moins un développement.")), Length(max=3000)],
        render_kw={"rows": 2},
    )


class DeleteForm(FlaskForm):
    """Only its CSRF token: deleting is a POST from the page."""
