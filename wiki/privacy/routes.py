"""The account page's data rights: download my data (JSON), delete my account (confirmed)."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from wiki.auth.reauth import check_password_again, record_reauthentication, wait_message
from wiki.auth.throttle import ThrottlePolicy
from wiki.database import begin_write
from wiki.errors import Conflict
from wiki.extensions import db
from wiki.models.base import utcnow
from wiki.privacy.erasure import delete_account
from wiki.privacy.export import export_data
from wiki.privacy.forms import DeleteAccountForm
from wiki.security import client_address, retry_later

bp = Blueprint("privacy", __name__)


def _me():
    return current_user._get_current_object()


@bp.route("/account/export")
@login_required
def export():
    data = export_data(db.session, _me())
    stamp = utcnow().strftime("%Y%m%d")
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="mes-donnees-{_me().handle}-{stamp}.json"'
        },
    )


def _delete_page(form: DeleteAccountForm, status: int = 200, error: str | None = None):
    return render_template("privacy/delete.html", form=form, error=error), status


@bp.route("/account/delete")
@login_required
def confirm_delete():
    return _delete_page(DeleteAccountForm(formdata=None))


@bp.route("/account/delete", methods=["POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return _delete_page(form, 400)
    policy = ThrottlePolicy.from_config(current_app.config)
    address = client_address()
    attempt = check_password_again(db.session, policy, _me(), form.password.data, address)
    if attempt.wait:  # the address guessed too often: refused unchecked
        form.password.errors = [wait_message(attempt.wait)]
        return retry_later(_delete_page(form, 429), attempt.wait)
    begin_write()  # argon2 ran before the write lock
    if not record_reauthentication(db.session, policy, _me(), address, attempt):
        db.session.commit()  # the failure counts
        form.password.errors = [_("Ce n'est pas votre mot de passe : rien n'est supprimé.")]
        return _delete_page(form, 400)
    try:
        delete_account(db.session, _me())
    except Conflict as error:
        db.session.rollback()
        return _delete_page(form, 409, error.message)
    db.session.commit()
    logout_user()
    flash(
        _(
            "Votre compte est supprimé. Vos pages restent, signées « ancien membre ». "
            "Merci pour vos contributions."
        ),
        "success",
    )
    return redirect("/", code=303)
