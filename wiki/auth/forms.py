"""The account forms: sign-in, registration, preferences, password, API tokens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from wiki.auth.accounts import MAX_NAME_LENGTH, normalise_email
from wiki.auth.passwords import MAX_LENGTH as MAX_PASSWORD_LENGTH
from wiki.auth.passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH
from wiki.auth.passwords import check_new_password
from wiki.errors import InvalidInput

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms < 3.3 takes (value, label) tuples, which 3.3 deprecates

    def SelectChoice(value, label):  # noqa: N802
        return (value, label)


LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]
LOCALE_CHOICES = [SelectChoice("", _l("Celle du navigateur")), *LANGUAGE_CHOICES]


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Adresse électronique"),
        validators=[DataRequired(_l("Indiquez votre adresse électronique.")), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Mot de passe"),
        validators=[
            InputRequired(_l("Indiquez votre mot de passe.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


def _new_password(label):
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Choisissez un mot de passe.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("Le mot de passe doit compter au moins %(min)d caractères."),
            ),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=_l("Le mot de passe doit compter au plus %(max)d caractères."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def _confirmation(other: str):
    return PasswordField(
        _l("Confirmation du mot de passe"),
        validators=[
            InputRequired(_l("Retapez le mot de passe.")),
            EqualTo(other, message=_l("Les deux mots de passe ne sont pas identiques.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Nom affiché"),
        validators=[DataRequired(_l("Indiquez votre nom.")), Length(max=MAX_NAME_LENGTH)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("Adresse électronique"),
        validators=[DataRequired(_l("Indiquez votre adresse électronique.")), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = _new_password(_l("Mot de passe"))
    confirm = _confirmation("password")
    charter = BooleanField(
        _l("J'ai lu la charte éditoriale et je m'engage à la respecter"),
        validators=[
            DataRequired(
                _l("L'adhésion à la charte éditoriale est nécessaire pour écrire dans le wiki.")
            )
        ],
    )

    def validate_email(self, field):
        """The account domain's own check, so its message shows with the other errors."""
        try:
            normalise_email(field.data)
        except InvalidInput as error:
            raise ValidationError(error.message) from None

    def validate_password(self, field):
        """The password policy, with the name and address typed beside it."""
        if field.errors:
            return  # too short or too long already said
        try:
            check_new_password(field.data, email=self.email.data or "", name=self.name.data or "")
        except InvalidInput as error:
            raise ValidationError(error.message) from None


class AccountForm(FlaskForm):
    display_name = StringField(
        _l("Nom affiché"),
        validators=[DataRequired(_l("Indiquez votre nom.")), Length(max=MAX_NAME_LENGTH)],
        render_kw={"autocomplete": "name"},
    )
    locale = SelectField(_l("Langue de l'interface"), choices=LOCALE_CHOICES)


class PasswordForm(FlaskForm):
    old_password = PasswordField(
        _l("Mot de passe actuel"),
        validators=[InputRequired(_l("Indiquez votre mot de passe actuel."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password(_l("Nouveau mot de passe"))
    confirm = _confirmation("new_password")


class TokenForm(FlaskForm):
    label = StringField(
        _l("Nom du jeton"),
        validators=[Length(max=120)],
        description=_l("Pour vous rappeler son usage, par exemple « script d'import »."),
    )


class LanguageForm(FlaskForm):
    locale = SelectField(choices=LANGUAGE_CHOICES)
    next = HiddenField()
