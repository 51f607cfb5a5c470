"""The account deletion form: the password confirms it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import InputRequired, Length


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Votre mot de passe"),
        validators=[
            InputRequired(_l("Tapez votre mot de passe pour confirmer.")),
            Length(max=1024),
        ],
        render_kw={"autocomplete": "current-password"},
    )
