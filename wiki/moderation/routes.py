"""/moderation: the queue of reports, hiding and restoring, the audit log, roles; /report.

Thin views: the domain (actions.py, people.py, reports.py) decides and records; access
(`moderation.view`, `role.change`) says who may. Anonymous visitors are asked to sign in,
members get a 403, as the tag vocabulary's pages do.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from wiki.access import account, require
from wiki.database import begin_write
from wiki.errors import InvalidInput, NotFound
from wiki.extensions import db
from wiki.models import User
from wiki.moderation import actions, audit, people
from wiki.moderation import targets as _targets  # noqa: F401 - pages are reportable
from wiki.moderation.forms import ModerationForm, ReportForm, RoleForm
from wiki.moderation.reports import file_report, find_reportable
from wiki.moderation.sections import sections_for
from wiki.paging import page_number
from wiki.security import safe_next

bp = Blueprint("moderation", __name__)

QUEUE_PER_PAGE = 20
AUDIT_PER_PAGE = 50
PEOPLE_PER_PAGE = 50


def _to_login():
    return redirect("/login?" + urlencode({"next": request.full_path.rstrip("?")}))


def _moderator(action: str = "moderation.view"):
    """None if the visitor may go on; else the answer (sign in first; else 403)."""
    if account(current_user) is None:
        return _to_login()
    require(current_user, action)
    return None


def _pages(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


# --- the home: its sections and the queue -----------------------------------------------


@bp.get("/moderation")
def home():
    if (refused := _moderator()) is not None:
        return refused
    page = page_number(request.args.get("page"))
    queue, total = actions.open_queue(db.session, page=page, per_page=QUEUE_PER_PAGE)
    return render_template(
        "moderation/home.html",
        queue=queue,
        total=total,
        page=page,
        pages=_pages(total, QUEUE_PER_PAGE),
        sections=sections_for(current_user),
        page_link=lambda n: url_for("moderation.home", page=n),
    )


def _act(do, success: str):
    """Hide, restore or dismiss from a form; back where the moderator was."""
    if (refused := _moderator()) is not None:
        return refused
    begin_write()
    form = ModerationForm()
    back = safe_next(form.next.data, url_for("moderation.home"))
    if not form.validate_on_submit():
        db.session.rollback()
        flash(_("Indiquez le motif : il figure au journal de modération."), "error")
        return redirect(back), 303
    try:
        do(form)
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back), 303
    db.session.commit()
    flash(success, "success")
    return redirect(back), 303


@bp.post("/moderation/hide")
def hide():
    return _act(
        lambda form: actions.hide(db.session, current_user, form.target.data, form.reason.data),
        _("L'élément est masqué ; le journal de modération le garde."),
    )


@bp.post("/moderation/restore")
def restore():
    return _act(
        lambda form: actions.restore(db.session, current_user, form.target.data, form.reason.data),
        _("L'élément est rétabli ; le journal de modération le garde."),
    )


@bp.post("/moderation/reports/<int:report_id>/dismiss")
def dismiss(report_id: int):
    return _act(
        lambda form: actions.dismiss(db.session, current_user, report_id, form.reason.data),
        _("Le signalement est classé sans suite."),
    )


# --- the audit log ----------------------------------------------------------------------


@bp.get("/moderation/audit")
def audit_log():
    if (refused := _moderator()) is not None:
        return refused
    families = audit.audit_families(db.session)
    family = request.args.get("kind") or None
    page = page_number(request.args.get("page"))
    if family is None or family in families:
        entries, total = audit.audit_page(
            db.session, family=family, page=page, per_page=AUDIT_PER_PAGE
        )
    else:  # a kind the log does not hold (yet): nothing to show
        entries, total = [], 0
    still_hidden = {
        entry.target
        for entry in entries
        if entry.action == "moderation.hide"
        and (item := actions.in_context(db.session, entry.target)) is not None
        and item.hidden
    }
    return render_template(
        "moderation/audit.html",
        entries=entries,
        total=total,
        page=page,
        pages=_pages(total, AUDIT_PER_PAGE),
        families=families,
        family=family,
        still_hidden=still_hidden,
        page_link=lambda n: url_for("moderation.audit_log", kind=family, page=n),
    )


# --- roles (admins) ---------------------------------------------------------------------


@bp.get("/moderation/people")
def people_roles():
    if (refused := _moderator("role.change")) is not None:
        return refused
    q = request.args.get("q", "")
    page = page_number(request.args.get("page"))
    users, total = people.members_page(db.session, q, page=page, per_page=PEOPLE_PER_PAGE)
    forms = {
        user.id: RoleForm(formdata=None, role=user.role, prefix=f"u{user.id}") for user in users
    }
    return render_template(
        "moderation/people.html",
        users=users,
        forms=forms,
        q=q,
        total=total,
        page=page,
        pages=_pages(total, PEOPLE_PER_PAGE),
        page_link=lambda n: url_for("moderation.people_roles", q=q or None, page=n),
    )


@bp.post("/moderation/people/<handle>/role")
def change_role(handle: str):
    if (refused := _moderator("role.change")) is not None:
        return refused
    begin_write()
    member = db.session.scalar(select(User).where(User.handle == handle))
    if member is None:
        raise NotFound("Ce compte n'existe pas.")
    form = RoleForm()
    back = safe_next(form.next.data, url_for("moderation.people_roles"))
    if not form.validate_on_submit():
        db.session.rollback()
        flash(_("Choisissez un rôle dans la liste."), "error")
        return redirect(back), 303
    try:
        changed = people.change_role(db.session, current_user, member, form.role.data)
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back), 303
    db.session.commit()
    if changed:
        flash(_("%(name)s a désormais le rôle choisi.", name=member.display_name), "success")
    return redirect(back), 303


# --- a report, from a « Signaler » link ---------------------------------------------------


@bp.route("/report", methods=["GET", "POST"])
def report():
    """The form behind « Signaler » (page, profile, message...): the same domain function
    as POST /api/v1/reports. What the reporter may not see answers 404, as missing."""
    if account(current_user) is None:
        return _to_login()
    form = ReportForm(target=request.args.get("target", ""))
    target = form.target.data or ""
    if request.method == "POST":
        begin_write()
    item = find_reportable(db.session, current_user, target)
    back = safe_next(request.args.get("next"), "/")
    if form.validate_on_submit():
        file_report(db.session, current_user, target, form.reason.data)
        db.session.commit()
        flash(_("Merci : l'équipe de modération examinera votre signalement."), "success")
        return redirect(back), 303
    status = 400 if request.method == "POST" else 200
    label = getattr(item, "title", None) or getattr(item, "display_name", None) or ""
    return render_template(
        "moderation/report.html",
        form=form,
        target=target,
        back=back,
        kind=target.partition(":")[0],
        label=label,
    ), status
