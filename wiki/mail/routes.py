"""The unsubscribe link of every mail: works without signing in (the link is signed).

GET shows what the link stops and a button; POST stops it (RFC 8058's one-click, which mail
clients send without a CSRF token: the signed token is the proof).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from wiki.database import begin_write
from wiki.extensions import csrf, db
from wiki.mail.links import read_unsubscribe_token
from wiki.mail.queue import Category, opt_out
from wiki.models import User

bp = Blueprint("mail", __name__)

CATEGORY_LABELS = {
    Category.MESSAGES: _l("les mails annonçant un nouveau message"),
    Category.CALLS: _l("les mails des appels au réseau"),
    Category.NOTIFICATIONS: _l("les mails de notification"),
    Category.DIGEST: _l("le résumé périodique"),
    Category.MODERATION: _l("les mails de modération"),
}


def _person_and_category(token: str) -> tuple[User, Category]:
    read = read_unsubscribe_token(token)
    if read is None or read[1] not in CATEGORY_LABELS:
        abort(404)
    user = db.session.get(User, read[0])
    if user is None:
        abort(404)
    return user, Category(read[1])


@bp.get("/mail/unsubscribe/<token>")
def unsubscribe_form(token: str):
    _user, category = _person_and_category(token)
    return render_template(
        "mail/unsubscribe.html", token=token, what=CATEGORY_LABELS[category], done=False
    )


@bp.post("/mail/unsubscribe/<token>")
@csrf.exempt
def unsubscribe(token: str):
    begin_write()
    user, category = _person_and_category(token)
    opt_out(db.session, user, category)
    db.session.commit()
    return render_template(
        "mail/unsubscribe.html",
        token=token,
        what=CATEGORY_LABELS[category],
        done=True,
        message=_("C'est fait : vous ne recevrez plus %(what)s.", what=CATEGORY_LABELS[category]),
    )
