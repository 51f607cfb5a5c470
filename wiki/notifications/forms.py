"""The settings form: a channel per kind of notification, and how often the digest comes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import InputRequired

from wiki.models import Channel, DigestPeriod
from wiki.notifications.kinds import KINDS
from wiki.pages.forms import choice

CHANNEL_LABELS = {
    Channel.WIKI: _l("Dans le wiki"),
    Channel.MAIL: _l("Par mail tout de suite"),
    Channel.DIGEST: _l("Dans le résumé"),
}
PERIOD_LABELS = {DigestPeriod.DAILY: _l("Chaque jour"), DigestPeriod.WEEKLY: _l("Chaque semaine")}


def field_name(kind: str) -> str:
    return "kind_" + kind.replace(".", "_")


class SettingsBase(FlaskForm):
    digest_period = RadioField(
        _l("Le résumé arrive"),
        validators=[InputRequired()],
        choices=[choice(value, label) for value, label in PERIOD_LABELS.items()],
    )

    def channel_fields(self):
        return [(name, getattr(self, field_name(name))) for name in KINDS]


def _settings_form_class() -> type[SettingsBase]:
    attributes = {
        field_name(name): RadioField(
            kind.label,
            validators=[InputRequired()],
            choices=[choice(value, label) for value, label in CHANNEL_LABELS.items()],
        )
        for name, kind in KINDS.items()
    }
    return type("NotificationSettingsForm", (SettingsBase,), attributes)


SettingsForm = _settings_form_class()


class FollowForm(FlaskForm):
    kind = HiddenField(validators=[InputRequired()])
    target = HiddenField(validators=[InputRequired()])
    next = HiddenField()


class ResumeMailForm(FlaskForm):
    category = HiddenField(validators=[InputRequired()])
