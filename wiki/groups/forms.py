"""The group forms: each membership step is a POST of its own (CSRF), invitations name
a member by handle or address."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length


class StepForm(FlaskForm):
    """Only a CSRF token: join, leave, accept, approve, remove... are POSTs of their own."""


class InviteForm(FlaskForm):
    who = StringField(_l("Inviter un adhérent"), validators=[
        InputRequired(_l("Donnez le pseudonyme ou l'adresse de la personne.")),
        Length(max=254)],
        description=_l("Son pseudonyme (@…) ou son adresse électronique."))
