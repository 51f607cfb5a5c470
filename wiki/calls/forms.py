"""The calls forms: a new call, an answer, the filters of the list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from wiki.calls.posting import MAX_BODY, MAX_TITLE
from wiki.departements import departement_choices
from wiki.extensions import db
from wiki.models import Tag
from wiki.pages.forms import CheckboxListField, choice
from wiki.pages.tagging import parse_tag_input


def _departements(everywhere_label) -> list:
    return [
        choice("", everywhere_label),
        *(choice(code, label) for code, label in departement_choices()),
    ]


class CallForm(FlaskForm):
    title = StringField(
        _l("Ce que vous cherchez"),
        validators=[
            DataRequired(_l("Dites en une phrase ce que vous cherchez.")),
            Length(max=MAX_TITLE),
        ],
    )
    body = TextAreaField(
        _l("Précisions"), validators=[Optional(), Length(max=MAX_BODY)], render_kw={"rows": 6}
    )
    controlled_tags = CheckboxListField(
        _l("Étiquettes du vocabulaire"), choices=[], validate_choice=False
    )
    tags = StringField(_l("Autres étiquettes"))
    departement = SelectField(_l("Département"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.controlled_tags.choices = [
            choice(tag.slug, tag.label_fr)
            for tag in db.session.scalars(
                select(Tag).where(Tag.controlled.is_(True)).order_by(Tag.label_fr)
            )
        ]
        self.departement.choices = _departements(_l("Tout le réseau"))

    def tag_names(self) -> list[str]:
        return list(self.controlled_tags.data or []) + parse_tag_input(self.tags.data or "")


class AnswerForm(FlaskForm):
    body = TextAreaField(
        _l("Votre réponse"),
        validators=[DataRequired(_l("Écrivez votre réponse.")), Length(max=MAX_BODY)],
        render_kw={"rows": 5},
    )


class ResolveForm(FlaskForm):
    """The author's button: the CSRF token alone."""


class CallFiltersForm(FlaskForm):
    """The GET filters of /calls (no CSRF: they change nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Rechercher dans les appels"), validators=[Optional(), Length(max=500)])
    tag = SelectField(_l("Étiquette"), choices=[], validate_choice=False)
    departement = SelectField(_l("Département"), choices=[], validate_choice=False)
    state = SelectField(
        _l("État"),
        choices=[
            choice("open", _l("Ouverts")),
            choice("resolved", _l("Résolus")),
            choice("all", _l("Tous")),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tag.choices = [
            choice("", _l("Toutes")),
            *(
                choice(tag.slug, tag.label_fr)
                for tag in db.session.scalars(
                    select(Tag).where(Tag.controlled.is_(True)).order_by(Tag.label_fr)
                )
            ),
        ]
        self.departement.choices = _departements(_l("Tous"))
