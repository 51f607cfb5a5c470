"""The notification centre, its settings, and the follow / unfollow buttons."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from wiki.access import require
from wiki.database import begin_write
from wiki.errors import WikiError
from wiki.extensions import db
from wiki.mail import Category, opt_out, opted_out_categories
from wiki.mail.routes import CATEGORY_LABELS
from wiki.models import Notification, NotificationEvent
from wiki.notifications.center import mark_read, notifications_of
from wiki.notifications.following import follow, follows_of, unfollow
from wiki.notifications.forms import FollowForm, ResumeMailForm, SettingsForm, field_name
from wiki.notifications.header import header_counts as counts_for_header
from wiki.notifications.settings import current_settings, save_settings
from wiki.notifications.subjects import find_subject
from wiki.paging import page_number
from wiki.security import safe_next
from wiki.urls import page_url

bp = Blueprint("notifications", __name__)
PER_PAGE = 30


def _reader():
    if not getattr(current_user, "is_authenticated", False):
        return None
    require(current_user, "notifications.read")
    return current_user


@bp.app_context_processor
def header_counts():
    """The header's unread count (one query with the messages', for signed-in members)."""
    if not getattr(current_user, "is_authenticated", False):
        return {}
    return {"unread_notifications": counts_for_header(db.session, current_user).notifications}


@bp.get("/notifications")
def centre():
    reader = _reader()
    if reader is None:
        return redirect(url_for("auth.login", next=request.full_path))
    page = page_number(request.args.get("page"))
    views = notifications_of(db.session, reader, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
    return render_template(
        "notifications/centre.html",
        notifications=views[:PER_PAGE],
        page=page,
        has_more=len(views) > PER_PAGE,
        form=FollowForm(),
    )


@bp.post("/notifications/read")
def read():
    reader = _reader()
    if reader is None:
        abort(401)
    FollowForm().validate()  # the CSRF token
    ids = [int(value) for value in request.form.getlist("id") if value.isdigit()]
    begin_write()
    mark_read(db.session, reader, ids or None)
    db.session.commit()
    return redirect(url_for("notifications.centre"), code=303)


@bp.get("/notifications/<int:notification_id>")
def open_one(notification_id: int):
    """Follow a notification's link: it becomes read, then the subject opens."""
    reader = _reader()
    if reader is None:
        return redirect(url_for("auth.login", next=request.full_path))
    row = db.session.execute(
        select(Notification, NotificationEvent)
        .join(NotificationEvent, NotificationEvent.id == Notification.event_id)
        .where(Notification.id == notification_id, Notification.user_id == reader.id)
    ).first()
    subject = find_subject(db.session, reader, row[1].subject) if row else None
    if subject is None:
        abort(404)
    begin_write()
    mark_read(db.session, reader, [notification_id])
    db.session.commit()
    return redirect(subject.path, code=303)


FOLLOW_SECTIONS = (  # (kind, heading), in the page's order
    ("page", _l("Pages")),
    ("tag", _l("Étiquettes")),
    ("group", _l("Groupes")),
    ("member", _l("Membres")),
)


def _followed_url(kind: str, target: str) -> str:
    if kind == "page":
        return page_url(target, absolute=False)
    if kind == "tag":
        return url_for("pages.tag", slug=target)
    if kind == "group":
        return url_for("groups.view", slug=target)
    return url_for("pages.recent", member=target)  # what they write (a profile may be hidden)


@bp.get("/notifications/follows")
def follows():
    """What the member follows, by kind, each with « Ne plus suivre »."""
    reader = _reader()
    if reader is None:
        return redirect(url_for("auth.login", next=request.full_path))
    followed = follows_of(db.session, reader)
    sections = [
        (
            kind,
            heading,
            [
                {**item, "url": _followed_url(kind, item["target"])}
                for item in followed
                if item["kind"] == kind
            ],
        )
        for kind, heading in FOLLOW_SECTIONS
    ]
    return render_template("notifications/follows.html", sections=sections, total=len(followed))


@bp.route("/notifications/settings", methods=["GET", "POST"])
def settings():
    reader = _reader()
    if reader is None:
        return redirect(url_for("auth.login", next=request.full_path))
    chosen, period = current_settings(db.session, reader)
    form = SettingsForm(
        formdata=request.form if request.method == "POST" else None,
        digest_period=period,
        **{field_name(kind): channel for kind, channel in chosen.items()},
    )
    if request.method == "POST" and form.validate():
        begin_write()
        save_settings(
            db.session,
            reader,
            {kind: field.data for kind, field in form.channel_fields()},
            form.digest_period.data,
        )
        db.session.commit()
        flash(_("Vos réglages de notification sont enregistrés."), "success")
        return redirect(url_for("notifications.settings"), code=303)
    status = 400 if request.method == "POST" else 200
    stopped = [
        (category, CATEGORY_LABELS[category])
        for category in opted_out_categories(db.session, reader)
        if category in CATEGORY_LABELS
    ]
    return render_template(
        "notifications/settings.html", form=form, stopped=stopped, resume_form=ResumeMailForm()
    ), status


@bp.post("/notifications/settings/mail")
def resume_mail():
    """Receive again a category of mail stopped from a mail's unsubscribe link."""
    reader = _reader()
    if reader is None:
        abort(401)
    form = ResumeMailForm()
    if not form.validate() or form.category.data not in CATEGORY_LABELS:
        abort(400)
    category = Category(form.category.data)
    begin_write()
    opt_out(db.session, reader, category, out=False)
    db.session.commit()
    flash(
        _("Vous recevez de nouveau %(what)s.", what=CATEGORY_LABELS[category]),
        "success",
    )
    return redirect(url_for("notifications.settings"), code=303)


def _follow_action(action) -> object:
    form = FollowForm()
    back = safe_next(form.next.data, "/")
    if not getattr(current_user, "is_authenticated", False):
        return redirect(url_for("auth.login", next=back))
    if not form.validate():
        abort(400)
    begin_write()
    try:
        action(db.session, current_user, form.kind.data, form.target.data)
    except WikiError:
        db.session.rollback()
        raise
    db.session.commit()
    return redirect(back, code=303)


@bp.post("/follows")
def follow_form():
    return _follow_action(follow)


@bp.post("/follows/remove")
def unfollow_form():
    return _follow_action(unfollow)
