"""The moderation forms: a report, hiding or restoring an item, closing a report, a role."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from wiki.auth.forms import SelectChoice
from wiki.moderation.reports import MAX_REASON


class ReportForm(FlaskForm):
    target = HiddenField()
    reason = TextAreaField(
        _l("Ce qui pose problème"),
        validators=[
            DataRequired(_l("Dites en quelques mots ce qui pose problème.")),
            Length(max=MAX_REASON),
        ],
        render_kw={"rows": 4},
    )


class ModerationForm(FlaskForm):
    """Hide or restore `target`, or close a report: always with a reason for the log."""

    target = HiddenField()
    next = HiddenField()
    reason = StringField(
        _l("Motif (pour le journal de modération)"),
        validators=[
            DataRequired(_l("Indiquez le motif : il figure au journal de modération.")),
            Length(max=MAX_REASON),
        ],
    )


ROLE_CHOICES = [
    SelectChoice("member", _l("Membre")),
    SelectChoice("moderator", _l("Modérateur·ice")),
    SelectChoice("admin", _l("Administrateur·ice")),
]


class RoleForm(FlaskForm):
    role = SelectField(_l("Rôle"), choices=ROLE_CHOICES)
    next = HiddenField()
