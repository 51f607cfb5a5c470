"""/groups and /groups/<slug>: the groups one may see, a group's page, and each step of
membership (ask, invite, answer, approve, leave, manage)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from wiki.access import can, require, visible_pages_clause
from wiki.access.groups import invitation_for, membership_of, request_of
from wiki.database import begin_write
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.groups import membership as domain
from wiki.groups import settings
from wiki.groups.forms import GroupForm, InviteForm, NewGroupForm, StepForm
from wiki.models import FollowKind, GroupRequestKind, GroupRole, Membership, Page
from wiki.notifications.following import is_following
from wiki.pages.forms import show_error

bp = Blueprint("groups", __name__)


def _me():
    return current_user._get_current_object()


@bp.get("/groups")
def index():
    me = current_user if current_user.is_authenticated else None
    groups = domain.visible_groups(db.session, me)
    mine = {m.group_id for m in (membership_of(me, g) for g in groups) if m is not None}
    return render_template(
        "groups/index.html",
        groups=groups,
        mine=mine,
        invitations=domain.invitations_of(db.session, me),
        step_form=StepForm(),
    )


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def new():
    require(_me(), "group.create")
    form = NewGroupForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("groups/new.html", form=form), status
    begin_write()
    try:
        group = settings.found_group(
            db.session,
            _me(),
            name=form.name.data,
            description=form.description.data,
            closed=not form.is_open.data,
            facilitator=form.facilitator.data,
        )
    except InvalidInput as error:
        db.session.rollback()
        show_error(form, error, fallback=form.name)
        return render_template("groups/new.html", form=form), 400
    db.session.commit()
    flash(_("Le groupe « %(name)s » est créé.", name=group.name), "success")
    return redirect(url_for("groups.view", slug=group.slug), code=303)


@bp.route("/groups/<slug>/settings", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    group = domain.get_visible_group(db.session, _me(), slug)
    require(_me(), "group.manage", group)
    form = GroupForm(obj=group, is_open=not group.closed)
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("groups/settings.html", form=form, group=group), status
    begin_write()
    group = domain.get_visible_group(db.session, _me(), slug)
    try:
        changed = settings.update_group(
            db.session,
            _me(),
            group,
            name=form.name.data,
            description=form.description.data,
            closed=not form.is_open.data,
        )
    except InvalidInput as error:
        db.session.rollback()
        show_error(form, error, fallback=form.name)
        return render_template("groups/settings.html", form=form, group=group), 400
    return _back(slug, _("Le groupe est mis à jour.") if changed else _("Rien n'a changé."))


def _group_page(slug: str, invite_form: InviteForm | None = None, status: int = 200):
    me = current_user if current_user.is_authenticated else None
    group = domain.get_visible_group(db.session, me, slug)
    sees_members = can(me, "group.members.view", group)
    manages = can(me, "group.manage", group)
    pages = []
    if can(me, "group.pages.view", group):
        pages = list(
            db.session.scalars(
                select(Page)
                .where(Page.group_id == group.id, visible_pages_clause(me))
                .order_by(Page.updated_at.desc())
            )
        )
    return render_template(
        "groups/view.html",
        group=group,
        facilitators=domain.facilitators(db.session, group),
        members=domain.members(db.session, group) if sees_members else None,
        pages=pages,
        membership=membership_of(me, group),
        invitation=invitation_for(me, group),
        request_pending=request_of(me, group),
        requests=domain.requests(db.session, group, GroupRequestKind.REQUEST) if manages else [],
        invited=domain.requests(db.session, group, GroupRequestKind.INVITATION) if manages else [],
        invite_form=invite_form or InviteForm(formdata=None),
        step_form=StepForm(),
        following=is_following(db.session, me, FollowKind.GROUP, group.id),
        facilitator_role=GroupRole.FACILITATOR.value,
        member_role=GroupRole.MEMBER.value,
    ), status


@bp.get("/groups/<slug>")
def view(slug: str):
    return _group_page(slug)


def _step(slug: str):
    """Opens the write and finds the group as the person may see it (else 404)."""
    if not StepForm().validate_on_submit():
        abort(400)
    begin_write()
    return domain.get_visible_group(db.session, _me(), slug)


def _back(slug: str, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("groups.view", slug=slug), code=303)


@bp.post("/groups/<slug>/join")
@login_required
def join(slug: str):
    group = _step(slug)
    result = domain.ask_to_join(db.session, _me(), group)
    joined = isinstance(result, Membership)
    return _back(
        slug,
        _("Vous êtes membre du groupe « %(name)s ».", name=group.name)
        if joined
        else _("Votre demande est transmise aux animateurs du groupe."),
    )


@bp.post("/groups/<slug>/request/withdraw")
@login_required
def withdraw(slug: str):
    group = _step(slug)
    domain.withdraw_request(db.session, _me(), group)
    return _back(slug, _("Votre demande est retirée."))


@bp.post("/groups/<slug>/invitation/decline")
@login_required
def decline_invitation(slug: str):
    group = _step(slug)
    domain.decline_invitation(db.session, _me(), group)
    db.session.commit()
    flash(_("Invitation déclinée."), "success")
    return redirect(url_for("groups.index"), code=303)


@bp.post("/groups/<slug>/leave")
@login_required
def leave(slug: str):
    group = _step(slug)
    domain.leave(db.session, _me(), group)
    db.session.commit()
    flash(_("Vous avez quitté le groupe « %(name)s ».", name=group.name), "success")
    return redirect(url_for("groups.index"), code=303)


@bp.post("/groups/<slug>/invite")
@login_required
def invite(slug: str):
    form = InviteForm()
    if not form.validate_on_submit():
        return _group_page(slug, form, 400)
    begin_write()
    group = domain.get_visible_group(db.session, _me(), slug)
    try:
        result = domain.invite(db.session, _me(), group, form.who.data)
    except InvalidInput as error:
        db.session.rollback()
        form.who.errors = [error.message]
        return _group_page(slug, form, 400)
    joined = isinstance(result, Membership)
    return _back(
        slug,
        _(
            "%(name)s avait demandé à rejoindre le groupe : c'est fait.",
            name=result.user.display_name,
        )
        if joined
        else _("Invitation envoyée à %(name)s.", name=result.user.display_name),
    )


@bp.post("/groups/<slug>/requests/<int:user_id>/approve")
@login_required
def approve_request(slug: str, user_id: int):
    group = _step(slug)
    membership = domain.approve_request(db.session, _me(), group, user_id)
    return _back(slug, _("%(name)s est membre du groupe.", name=membership.user.display_name))


@bp.post("/groups/<slug>/requests/<int:user_id>/decline")
@login_required
def decline_request(slug: str, user_id: int):
    group = _step(slug)
    domain.decline_request(db.session, _me(), group, user_id)
    return _back(slug, _("Demande refusée."))


@bp.post("/groups/<slug>/members/<int:user_id>/remove")
@login_required
def remove_member(slug: str, user_id: int):
    group = _step(slug)
    domain.remove_member(db.session, _me(), group, user_id)
    return _back(slug, _("Le membre est retiré du groupe."))


@bp.post("/groups/<slug>/members/<int:user_id>/role/<role>")
@login_required
def set_role(slug: str, user_id: int, role: str):
    group = _step(slug)
    domain.set_role(db.session, _me(), group, user_id, role)
    return _back(slug, _("Le rôle est changé."))
