"""The group forms: each membership step is a POST of its own (CSRF), invitations name
a member by handle or address."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length


class StepForm(FlaskForm):
    """Only a CSRF token: join, leave, accept, approve, remove... are POSTs of their own."""


class InviteForm(FlaskForm):
    who = StringField(
        _l("Inviter un adhérent"),
        validators=[
            InputRequired(_l("Donnez le pseudonyme ou l'adresse de la personne.")),
            Length(max=254),
        ],
        description=_l("Son pseudonyme (@…) ou son adresse électronique."),
    )


class GroupForm(FlaskForm):
    """A group's name, presentation and openness: founding it, or its facilitators' settings."""

    name = StringField(
        _l("Nom du groupe"),
        validators=[InputRequired(_l("Donnez un nom au groupe.")), Length(max=200)],
        description=_l("Par exemple : Groupe Balint de Tours."),
    )
    description = TextAreaField(
        _l("Présentation"),
        validators=[Length(max=2000)],
        description=_l(
            "Ce que le groupe élabore, quand et où il se réunit : ceux qui le voient la lisent."
        ),
    )
    is_open = BooleanField(
        _l("Groupe ouvert : tout adhérent validé le voit et peut demander à le rejoindre"),
        description=_l("Un groupe fermé n'est connu que de ses membres et de ceux qu'il invite."),
    )


class NewGroupForm(GroupForm):
    facilitator = StringField(
        _l("Premier animateur"),
        validators=[Length(max=254)],
        description=_l(
            "Son pseudonyme (@…) ou son adresse électronique ; vous, si vous le laissez vide."
        ),
    )
