"""Pages blueprint: home, reading, writing, history, diff, tags, recent changes, the feed.

Views are thin: they parse input, call wiki.access and the domain, then render or redirect.
A page the caller may not see answers 404 (access.get_visible_page) on every route.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, get_locale, pgettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from wiki.access import (
    GROUP_PREFIX,
    MEMBERS,
    PUBLIC,
    can_change_follow_up,
    can_write,
    get_visible_page,
    require_moderator,
)
from wiki.content.slugs import slugify
from wiki.database import begin_write
from wiki.errors import Forbidden, InvalidInput, StaleRevision
from wiki.extensions import db
from wiki.models import FollowKind
from wiki.network.directory import members_who_know
from wiki.notifications.following import is_following
from wiki.pages import listing
from wiki.pages.editing import (
    create_page,
    get_revision,
    prepare_new_page,
    prepare_revision,
    revert_draft,
    revert_page,
    save_revision,
)
from wiki.pages.feeds import ATOM_TYPE, recent_changes_feed
from wiki.pages.follow_ups import (
    add_follow_up,
    correct_follow_up,
    delete_follow_up,
    get_follow_up,
    prepare_follow_up,
)
from wiki.pages.forms import (
    DeleteForm,
    FollowUpForm,
    MergeTagForm,
    PageForm,
    RevertForm,
    TagForm,
    focus_first_error,
    page_form,
    show_error,
)
from wiki.pages.history import (
    VersionText,
    checked_number,
    compare_revisions,
    compare_versions,
    revision_numbers,
)
from wiki.pages.kinds import FIELDS_BY_KIND, FOLLOW_UP_AREAS, KIND_LABELS, KIND_PLURALS
from wiki.pages.links import same_title_pages
from wiki.pages.reading import page_view
from wiki.pages.tagging import resolve_merged
from wiki.pages.vocabulary import create_controlled_tag, merge_tags, update_tag
from wiki.paging import page_number
from wiki.search.backend import backend as search_backend
from wiki.urls import external_url

bp = Blueprint("pages", __name__)

FEED_SIZE = 50


# --- template helpers -------------------------------------------------------------------

@bp.app_template_filter("kind_label")
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.app_template_filter("tag_label")
def tag_label(tag) -> str:
    return tag.label(str(get_locale() or "fr"))


@bp.app_template_filter("visibility_label")
def visibility_label(page) -> str:
    if page.visibility == PUBLIC:
        return pgettext("visibility", "Public")
    if page.visibility == MEMBERS:
        return _("Membres")
    name = page.group.name if page.group else page.visibility.removeprefix(GROUP_PREFIX)
    return _("Groupe %(name)s", name=name)


def _page_number() -> int:
    return page_number(request.args.get("page"))


def _per_page() -> int:
    return current_app.config.get("PER_PAGE", 20)


def _to_login(next_url: str):
    """Anonymous people are sent to sign in, then back where they were going."""
    return redirect("/login?" + urlencode({"next": next_url}))


# --- reading ----------------------------------------------------------------------------

@bp.get("/")
def home():
    return render_template(
        "pages/home.html",
        practices=listing.latest_pages(current_user, "practice"),
        innovations=listing.latest_pages(current_user, "innovation"),
        tags=listing.controlled_tags(),
    )


def _kind_list(kind: str):
    tag_slug = request.args.get("tag") or None
    tag = listing.get_tag(current_user, tag_slug) if tag_slug else None
    pagination = listing.list_pages(current_user, kind=kind, tag=tag_slug,
                                    page=_page_number(), per_page=_per_page())
    return render_template("pages/list.html", kind=kind, heading=KIND_PLURALS[kind],
                           tag=tag, pagination=pagination, endpoint=request.endpoint)


@bp.get("/practices")
def practices():
    return _kind_list("practice")


@bp.get("/innovations")
def innovations():
    return _kind_list("innovation")


def _render_page(page, *, follow_up_form: FollowUpForm | None = None, status: int = 200):
    view = page_view(current_user, page)
    changeable = {entry.id for area in view.follow_ups for entry in area.entries
                  if can_change_follow_up(current_user, entry)}
    return render_template(
        "pages/view.html",
        view=view,
        related=search_backend().related(current_user, page),
        who_knows=members_who_know(current_user, page.tags),
        follow_up_form=follow_up_form or FollowUpForm(formdata=None),
        following=is_following(db.session, current_user, FollowKind.PAGE, page.id),
        changeable_follow_ups=changeable,
    ), status


@bp.get("/pages/<slug>")
def view(slug: str):
    return _render_page(get_visible_page(current_user, slug))


# --- writing ----------------------------------------------------------------------------

@bp.route("/pages/new", methods=["GET", "POST"])
def new():
    if not can_write(current_user):
        return _to_login(request.full_path)
    kind = request.args.get("kind")
    slug = request.args.get("slug", "")
    title = request.args.get("title", "")
    if slug and request.method == "GET" and listing.visible_slug_exists(current_user, slug):
        return redirect(url_for("pages.view", slug=slug))  # created since the link was drawn
    if kind not in FIELDS_BY_KIND:
        return render_template("pages/choose_kind.html", slug=slug, title=title,
                               kinds=list(FIELDS_BY_KIND))
    form = page_form(kind, current_user)
    if request.method == "GET":
        form.slug.data = slugify(slug) if slug else ""
        form.title.data = title or (slug.replace("-", " ").capitalize() if slug else "")
        return render_template("pages/edit.html", form=form, kind=kind, page=None)
    if form.validate():
        draft = form.to_draft(kind)
        try:
            # Checked and rendered while the database is only read (see editing.py).
            prepared = prepare_new_page(db.session, draft, check_visibility_for=current_user,
                                        require_content=True)
            namesakes = same_title_pages(db.session, draft.title, visible_to=current_user)
            if namesakes and not request.form.get("confirm_same_title"):
                return render_template("pages/edit.html", form=form, kind=kind, page=None,
                                       namesakes=namesakes), 200
            begin_write()
            page = create_page(db.session, draft, current_user,
                               check_visibility_for=current_user, prepared=prepared)
            db.session.commit()
        except InvalidInput as error:
            db.session.rollback()
            form.place_error(error.field, error.message)
        except IntegrityError:  # PostgreSQL: the same slug taken by a concurrent save
            db.session.rollback()
            form.place_error(None, _("Une page du même nom vient d'être créée : "
                                     "changez le titre et publiez à nouveau."))
        else:
            flash(_("La page est publiée."), "success")
            return redirect(url_for("pages.view", slug=page.slug))
    focus_first_error(form)
    return render_template("pages/edit.html", form=form, kind=kind, page=None), 400


@bp.route("/pages/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    page = get_visible_page(current_user, slug)
    if not can_write(current_user):
        return _to_login(url_for("pages.edit", slug=slug))
    form = page_form(page.kind, current_user, page=page)
    if request.method == "GET":
        form.fill_from_page(page)
        return render_template("pages/edit.html", form=form, kind=page.kind, page=page)
    status = 400
    if form.validate():
        draft = form.to_draft(page.kind)
        try:
            prepared = prepare_revision(db.session, page, draft,  # before the write lock
                                        require_content=True)
            begin_write()
            page = get_visible_page(current_user, slug)  # read again inside the transaction
            save_revision(db.session, page, draft, current_user, form.base_revision_number(),
                          check_visibility_for=current_user, prepared=prepared)
        except StaleRevision:
            db.session.rollback()
            return _conflict(slug, form, draft)
        except (InvalidInput, Forbidden) as error:  # Forbidden: a visibility not theirs
            db.session.rollback()
            form.place_error(error.field, error.message)
            status = error.status
        else:
            db.session.commit()
            flash(_("Modification enregistrée."), "success")
            return redirect(url_for("pages.view", slug=page.slug))
    focus_first_error(form)
    return render_template("pages/edit.html", form=form, kind=page.kind, page=page), status


def _conflict(slug: str, form: PageForm, draft):
    """409: the current version, the writer's text kept in the form, and how they differ.

    The form's base becomes the current version: saving again is a deliberate merge.
    """
    page = get_visible_page(current_user, slug)
    current = VersionText.of_revision(page.current)
    theirs = VersionText.of_draft(draft)
    theirs.tags = [slugify(t) for t in theirs.tags]
    form.base_revision.data = str(page.version)
    return render_template(
        "pages/conflict.html", page=page, form=form, kind=page.kind,
        current=page_view(current_user, page), current_text=current,
        parts=compare_versions(page.kind, current, theirs),
    ), 409


@bp.post("/pages/<slug>/follow-ups")
def follow_up(slug: str):
    page = get_visible_page(current_user, slug)
    if not can_write(current_user):
        return _to_login(url_for("pages.view", slug=slug))
    form = FollowUpForm()
    if form.validate():
        try:
            prepared = prepare_follow_up(page, observed_on=form.observed_on.data,
                                         area=form.area.data, text=form.text.data)
            begin_write()
            page = get_visible_page(current_user, slug)
            entry = add_follow_up(db.session, page, prepared=prepared, author=current_user)
            db.session.commit()
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.text)
        else:
            flash(_("Le suivi des effets est enregistré."), "success")
            return redirect(url_for("pages.view", slug=slug, _anchor=f"suivi-{entry.id}"))
    # The page comes back at the form: the first field in error has autofocus, which the
    # browser scrolls into view (a fragment in the action would keep autofocus from working).
    focus_first_error(form)
    return _render_page(page, follow_up_form=form, status=400)


def _changeable_follow_up(slug: str, follow_up_id: int):
    page = get_visible_page(current_user, slug)
    entry = get_follow_up(db.session, page, follow_up_id)
    if not can_change_follow_up(current_user, entry):
        raise Forbidden(_("Seuls l'auteur de cette observation et la modération peuvent la "
                          "corriger ou la supprimer."))
    return page, entry


@bp.route("/pages/<slug>/follow-ups/<int:follow_up_id>/edit", methods=["GET", "POST"])
def edit_follow_up(slug: str, follow_up_id: int):
    if not can_write(current_user):
        return _to_login(url_for("pages.edit_follow_up", slug=slug, follow_up_id=follow_up_id))
    page, entry = _changeable_follow_up(slug, follow_up_id)
    form = FollowUpForm(obj=entry) if request.method == "GET" else FollowUpForm()
    if request.method == "POST" and form.validate():
        try:
            prepared = prepare_follow_up(page, observed_on=form.observed_on.data,
                                         area=form.area.data, text=form.text.data)
            begin_write()
            page, entry = _changeable_follow_up(slug, follow_up_id)
            correct_follow_up(db.session, entry, prepared, current_user)
            db.session.commit()
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.text)
        else:
            flash(_("L'observation est corrigée."), "success")
            return redirect(url_for("pages.view", slug=slug, _anchor=f"suivi-{follow_up_id}"))
    focus_first_error(form)
    status = 400 if request.method == "POST" else 200
    return render_template("pages/follow_up_edit.html", page=page, entry=entry, form=form,
                           delete_form=DeleteForm(formdata=None),
                           area_label=FOLLOW_UP_AREAS.get(entry.area, entry.area)), status


@bp.post("/pages/<slug>/follow-ups/<int:follow_up_id>/delete")
def delete_follow_up_route(slug: str, follow_up_id: int):
    if not can_write(current_user):
        return _to_login(url_for("pages.view", slug=slug))
    if not DeleteForm().validate():
        abort(400)
    begin_write()
    _page, entry = _changeable_follow_up(slug, follow_up_id)
    delete_follow_up(db.session, entry, current_user)
    db.session.commit()
    flash(_("L'observation est supprimée du suivi des effets."), "success")
    return redirect(url_for("pages.view", slug=slug, _anchor="suivi"))


@bp.post("/pages/<slug>/revert/<int:number>")
def revert(slug: str, number: int):
    page = get_visible_page(current_user, slug)
    if not can_write(current_user):
        return _to_login(url_for("pages.revision", slug=slug, number=number))
    form = RevertForm()
    if not form.validate():
        abort(400)
    base = form.base_revision.data
    prepared = prepare_revision(db.session, page, revert_draft(db.session, page,
                                                               checked_number(number)))
    begin_write()
    page = get_visible_page(current_user, slug)
    revert_page(db.session, page, number, current_user,
                int(base) if base and base.isdigit() else None, prepared=prepared)
    db.session.commit()
    flash(_("La version %(number)s est rétablie.", number=number), "success")
    return redirect(url_for("pages.view", slug=slug))


# --- history ----------------------------------------------------------------------------

@bp.get("/pages/<slug>/history")
def history(slug: str):
    page = get_visible_page(current_user, slug)
    changes = listing.history_changes(page)
    numbers = [c.revision.number for c in changes if c.revision is not None]
    return render_template("pages/history.html", page=page, changes=changes,
                           compare_to=numbers[0] if numbers else None,
                           compare_from=numbers[1] if len(numbers) > 1 else None,
                           area_labels=FOLLOW_UP_AREAS)


@bp.get("/pages/<slug>/diff")
def diff(slug: str):
    page = get_visible_page(current_user, slug)
    from_number, to_number = revision_numbers(request.args.get("from"),
                                              request.args.get("to"), page)
    old, new, parts = compare_revisions(db.session, page, from_number, to_number)
    return render_template("pages/diff.html", page=page, old=old, new=new, parts=parts)


@bp.get("/pages/<slug>/revisions/<int:number>")
def revision(slug: str, number: int):
    page = get_visible_page(current_user, slug)
    old = get_revision(db.session, page, checked_number(number))
    return render_template("pages/revision.html", view=page_view(current_user, page, old),
                           revert_form=RevertForm(formdata=None,
                                                  base_revision=str(page.version)))


# --- tags -------------------------------------------------------------------------------

@bp.get("/tags")
def tags():
    return render_template("tags/index.html", tags=listing.tag_index(current_user))


@bp.get("/tags/<slug>")
def tag(slug: str):
    found = listing.get_tag(current_user, slug)
    if found.merged_into_id is not None:  # the old name of a merged tag leads to the new
        return redirect(url_for("pages.tag", slug=resolve_merged(db.session, found).slug),
                        code=301)
    pagination = listing.list_pages(current_user, tag=found.slug, page=_page_number(),
                                    per_page=_per_page())
    return render_template("tags/tag.html", tag=found, pagination=pagination,
                           following=is_following(db.session, current_user, FollowKind.TAG,
                                                  found.id),
                           who_knows=members_who_know(current_user, [found]),
                           who_knows_tag=found)


@bp.route("/tags/new", methods=["GET", "POST"])
def new_tag():
    if not can_write(current_user):
        return _to_login(url_for("pages.new_tag"))
    if request.method == "POST":
        begin_write()
    require_moderator(current_user)
    form = TagForm()
    if form.validate_on_submit():
        try:
            created = create_controlled_tag(
                db.session, slug=form.slug.data, label_fr=form.label_fr.data,
                label_en=form.label_en.data, description=form.description.data,
                actor=current_user)
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.label_fr)
        else:
            db.session.commit()
            flash(_("L'étiquette est ajoutée au vocabulaire."), "success")
            return redirect(url_for("pages.tag", slug=created.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("tags/edit.html", form=form, tag=None), status


@bp.route("/tags/<slug>/edit", methods=["GET", "POST"])
def edit_tag(slug: str):
    if not can_write(current_user):
        return _to_login(url_for("pages.edit_tag", slug=slug))
    if request.method == "POST":
        begin_write()
    require_moderator(current_user)
    found = listing.get_tag(current_user, slug)
    form = TagForm(obj=found)
    if form.validate_on_submit():
        try:
            update_tag(db.session, found.slug, label_fr=form.label_fr.data,
                       label_en=form.label_en.data, description=form.description.data,
                       controlled=form.controlled.data, actor=current_user,
                       reason=form.reason.data)
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.label_fr)
        else:
            db.session.commit()
            flash(_("L'étiquette est modifiée."), "success")
            return redirect(url_for("pages.tag", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("tags/edit.html", form=form, tag=found), status


@bp.route("/tags/<slug>/merge", methods=["GET", "POST"])
def merge_tag(slug: str):
    if not can_write(current_user):
        return _to_login(url_for("pages.merge_tag", slug=slug))
    if request.method == "POST":
        begin_write()
    require_moderator(current_user)
    found = listing.get_tag(current_user, slug)
    form = MergeTagForm()
    form.target.choices = listing.merge_choices(found)
    if form.validate_on_submit():
        try:
            moved = merge_tags(db.session, found.slug, form.target.data, actor=current_user,
                               reason=form.reason.data)
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.target)
        else:
            db.session.commit()
            flash(_("Étiquette fusionnée : %(count)s pages portent désormais la nouvelle.",
                    count=moved), "success")
            return redirect(url_for("pages.tag", slug=form.target.data))
    status = 400 if request.method == "POST" else 200
    return render_template("tags/merge.html", form=form, tag=found), status


# --- recent changes and the feed --------------------------------------------------------

@bp.get("/recent")
def recent():
    pagination = listing.recent_changes(current_user, page=_page_number(),
                                        per_page=_per_page() * 2)
    return render_template("pages/recent.html", pagination=pagination,
                           area_labels=FOLLOW_UP_AREAS)


def describe_follow_up_change(change) -> str:
    """« Effet ajouté au suivi (sur les personnes concernées, observé le 3 mars 2025) »."""
    actions = {"added": _("Effet ajouté au suivi"), "corrected": _("Effet corrigé"),
               "deleted": _("Effet supprimé du suivi")}
    area = FOLLOW_UP_AREAS.get(change.area, change.area)
    return _("%(action)s (%(area)s, observé le %(date)s)",
             action=actions.get(change.action, change.action), area=str(area).lower(),
             date=format_date(change.observed_on, "long"))


@bp.app_template_global("describe_follow_up_change")
def _describe_follow_up_change(change) -> str:
    return describe_follow_up_change(change)


@bp.get("/feeds/recent.atom")
def recent_feed():
    def who(change) -> str:
        return change.author.display_name if change.author else _("compte supprimé")

    def describe(change) -> str:
        if change.follow_up is not None:
            return _("%(what)s par %(who)s", what=describe_follow_up_change(change.follow_up),
                     who=who(change))
        revision = change.revision
        text = _("Version %(number)s par %(who)s", number=revision.number, who=who(change))
        return f"{text} : {revision.summary}" if revision.summary else text

    def change_url(change) -> str:
        if change.follow_up is not None:
            return external_url(url_for("pages.view", slug=change.page.slug,
                                        _anchor=f"suivi-changement-{change.follow_up.id}"))
        return external_url(url_for("pages.revision", slug=change.page.slug,
                                    number=change.revision.number))

    def entry_title(change) -> str:
        if change.follow_up is not None:
            return _("%(title)s : suivi des effets", title=change.page.title)
        return change.revision.title

    body = recent_changes_feed(
        listing.latest_changes(current_user, FEED_SIZE),
        title=_("Wiki des pratiques sociales : modifications récentes"),
        feed_url=external_url(url_for("pages.recent_feed")),
        site_url=external_url(url_for("pages.recent")),
        change_url=change_url, entry_title=entry_title, describe=describe,
    )
    return Response(body, content_type=ATOM_TYPE)
