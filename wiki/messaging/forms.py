"""The messaging forms: a new conversation, a reply, a report of a message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from wiki.messaging.conversations import MAX_BODY, MAX_SUBJECT
from wiki.moderation.reports import MAX_REASON


class NewConversationForm(FlaskForm):
    to = HiddenField()
    subject = StringField(
        _l("Objet"),
        validators=[DataRequired(_l("Donnez un objet à votre message.")), Length(max=MAX_SUBJECT)],
    )
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(_l("Écrivez votre message.")), Length(max=MAX_BODY)],
        render_kw={"rows": 8},
    )


class ReplyForm(FlaskForm):
    body = TextAreaField(
        _l("Votre réponse"),
        validators=[DataRequired(_l("Écrivez votre réponse.")), Length(max=MAX_BODY)],
        render_kw={"rows": 6},
    )


class ReportForm(FlaskForm):
    reason = TextAreaField(
        _l("Ce qui pose problème"),
        validators=[
            DataRequired(_l("Dites en quelques mots ce qui pose problème.")),
            Length(max=MAX_REASON),
        ],
        render_kw={"rows": 3},
    )


class ConfirmForm(FlaskForm):
    """A button that changes something (block, unblock): the CSRF token alone."""
