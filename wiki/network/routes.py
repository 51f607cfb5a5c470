"""The network blueprint: the directory (/people), a profile (/people/<handle>), and the
profile form of the account page (POST /account/profile)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wiki.access import masked_profile
from wiki.database import begin_write
from wiki.errors import InvalidInput, NotFound
from wiki.extensions import db
from wiki.models import FollowKind
from wiki.network import directory, forms, profiles, targets  # noqa: F401 - reportable
from wiki.network.contributions import member_pages
from wiki.network.fields import FIELD_LABELS, STATUS_LABELS
from wiki.network.terms import keep_terms_in_step
from wiki.notifications.following import is_following

bp = Blueprint("network", __name__)
bp.record_once(lambda _state: keep_terms_in_step(db.session))


@bp.app_template_filter("initials")
def initials_filter(display_name: str) -> str:
    return profiles.initials(display_name or "")


@bp.app_template_filter("avatar_hue")
def avatar_hue_filter(handle: str) -> int:
    return profiles.avatar_hue(handle or "")


def _filter_options() -> dict:
    """The choices of the directory's filters (all from the project's vocabularies)."""
    return {
        "tags": forms.controlled_tag_choices(),
        "sectors": forms.sector_choices(),
        "departements": forms.departement_options(_("Tous")),
        "statuses": [(value, str(label)) for value, label in STATUS_LABELS.items()],
    }


@bp.get("/people")
def people():
    query = directory.parse_query(request.args, per_page=current_app.config.get("PER_PAGE", 20))
    results = directory.search_people(current_user, query)
    return render_template(
        "network/directory.html",
        results=results,
        query=query,
        options=_filter_options(),
        field_labels=FIELD_LABELS,
        shown={
            member.id: profiles.shown_profile(current_user, member) for member in results.members
        },
    )


@bp.get("/people/<handle>")
def profile(handle: str):
    try:
        member = profiles.get_visible_member(current_user, handle)
    except NotFound:
        hidden = profiles.find_member(db.session, handle) if len(handle) <= 64 else None
        if not masked_profile(current_user, hidden):
            raise
        return render_template("network/masked.html", member=hidden)
    total, contributions = member_pages(current_user, member)
    return render_template(
        "network/profile.html",
        shown=profiles.shown_profile(current_user, member),
        field_labels=FIELD_LABELS,
        pages_total=total,
        contributions=contributions,
        following=is_following(db.session, current_user, FollowKind.MEMBER, member.id),
    )


@bp.get("/account/profile")
def profile_form_target():
    """Where the profile form posts; a GET there (a reload) lands on the account page."""
    return redirect(url_for("auth.account", _anchor="profil"))


@bp.post("/account/profile")
@login_required
def save_profile():
    from wiki.auth.routes import _account_page  # the account page holds the profile form

    member = current_user._get_current_object()
    form = forms.profile_form(member.profile, submitted=True)
    if not form.validate_on_submit():
        return _account_page(400, profile_form=form)
    try:
        changes = profiles.clean_changes(form.to_values())  # renders before the write lock
        begin_write()
        profiles.save_profile(db.session, member, changes, tuple(current_app.config["LANGUAGES"]))
    except InvalidInput as error:
        db.session.rollback()
        form.place_error(error.field, error.message)
        return _account_page(400, profile_form=form)
    db.session.commit()
    if changes.in_directory:
        flash(_("Votre profil est enregistré ; il figure dans l'annuaire du réseau."), "success")
    else:
        flash(_("Votre profil est enregistré ; il n'apparaît pas dans l'annuaire."), "success")
    return redirect(url_for("auth.account", _anchor="profil"), code=303)
