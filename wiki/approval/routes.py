"""The moderators' queue of pending accounts, and the address-confirmation link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from wiki.access import require
from wiki.approval import queue
from wiki.approval.confirmation import confirm_email, send_confirmation
from wiki.database import begin_write
from wiki.extensions import db

bp = Blueprint("approval", __name__)


class ApproveForm(FlaskForm):
    """Only a CSRF token."""


class RefuseForm(FlaskForm):
    reason = StringField(
        _l("Motif (pour le journal de modération)"), validators=[Optional(), Length(max=300)]
    )


def _me():
    return current_user._get_current_object()


@bp.get(queue.QUEUE_PATH)
@login_required
def pending():
    require(_me(), "account.approve")
    return render_template(
        "approval/queue.html",
        accounts=queue.pending_accounts(db.session),
        approve_form=ApproveForm(),
        refuse_form=RefuseForm(),
    )


@bp.post(queue.QUEUE_PATH + "/<int:user_id>/approve")
@login_required
def approve(user_id: int):
    require(_me(), "account.approve")
    if not ApproveForm().validate_on_submit():
        abort(400)
    begin_write()
    user = queue.approve(db.session, _me(), queue.pending_account(db.session, user_id))
    db.session.commit()
    flash(
        _("Le compte de %(name)s est validé : un mail l'en avertit.", name=user.display_name),
        "success",
    )
    return redirect(url_for("approval.pending"), code=303)


@bp.post(queue.QUEUE_PATH + "/<int:user_id>/refuse")
@login_required
def refuse(user_id: int):
    require(_me(), "account.approve")
    form = RefuseForm()
    if not form.validate_on_submit():
        abort(400)
    begin_write()
    user = queue.pending_account(db.session, user_id)
    name = user.display_name
    queue.refuse(db.session, _me(), user, form.reason.data or "")
    db.session.commit()
    flash(
        _("L'inscription de %(name)s est refusée : le compte est supprimé.", name=name), "success"
    )
    return redirect(url_for("approval.pending"), code=303)


@bp.get("/account/confirm/<token>")
def confirm(token: str):
    begin_write()
    user = confirm_email(db.session, token)
    db.session.commit()
    if user.approved_at is None:
        flash(
            _(
                "Votre adresse est confirmée. Un modérateur va valider votre compte ; un mail "
                "vous le dira."
            ),
            "success",
        )
    else:
        flash(_("Votre adresse est confirmée."), "success")
    return redirect("/", code=303)


@bp.post("/account/confirm")
@login_required
def resend():
    if not ApproveForm().validate_on_submit():
        abort(400)
    begin_write()
    me = _me()
    if me.email_confirmed_at is None:
        send_confirmation(db.session, me)
    db.session.commit()
    flash(_("Un nouveau lien de confirmation est envoyé à votre adresse."), "success")
    return redirect(url_for("auth.account"), code=303)
