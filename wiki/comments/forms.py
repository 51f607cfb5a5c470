"""The comment forms: a comment or a reply, an edit, a report, moderation's reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from wiki.comments.commenting import MAX_BODY
from wiki.moderation.reports import MAX_REASON


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Votre commentaire"),
        validators=[DataRequired(_l("Écrivez votre commentaire.")), Length(max=MAX_BODY)],
        render_kw={"rows": 5},
    )
    reply_to = HiddenField()

    def reply_to_id(self) -> int | None:
        raw = (self.reply_to.data or "").strip()
        return int(raw) if raw.isdigit() and len(raw) < 12 else None


class EditCommentForm(FlaskForm):
    body = TextAreaField(
        _l("Votre commentaire"),
        validators=[DataRequired(_l("Écrivez votre commentaire.")), Length(max=MAX_BODY)],
        render_kw={"rows": 6},
    )


class ReportCommentForm(FlaskForm):
    reason = TextAreaField(
        _l("Ce qui pose problème"),
        validators=[
            DataRequired(_l("Dites en quelques mots ce qui pose problème.")),
            Length(max=MAX_REASON),
        ],
        render_kw={"rows": 4},
    )


class ModerateCommentForm(FlaskForm):
    reason = TextAreaField(_l("Motif"), validators=[Length(max=MAX_REASON)], render_kw={"rows": 2})


class ConfirmForm(FlaskForm):
    """A button that changes something (delete): the CSRF token alone."""


def justifications_from(form_data) -> list[dict]:
    """The reasons the writer gave, field by field, for the passages the charter found."""
    texts = form_data.getlist("justification_text")
    reasons = form_data.getlist("justification_reason")
    return [{"text": text, "reason": reason} for text, reason in zip(texts, reasons, strict=False)]
