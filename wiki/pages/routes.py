"""Pages blueprint: home, reading, writing, history, diff, tags, recent changes, the feed.

Views are thin: they parse input, call wiki.access and the domain, then render or redirect.
A page the caller may not see answers 404 (access.get_visible_page) on every route.
"""

from __future__ import annotations

from typing import Any
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
from flask_babel import get_locale, pgettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wiki import caching
from wiki.access import (
    DRAFT,
    GROUP_PREFIX,
    MEMBERS,
    PUBLIC,
    PUBLISHED,
    can,
    can_change_follow_up,
    can_write,
    get_visible_page,
    masked_page,
    require,
    require_moderator,
    sees_masked,
)
from wiki.content.charter_names import TextTooLongToCheck
from wiki.content.slugs import slugify
from wiki.database import begin_write
from wiki.departements import DEPARTEMENTS
from wiki.errors import Forbidden, InvalidInput, NotFound, StaleRevision
from wiki.extensions import db
from wiki.lifecycle.forms import entry_of as stage_entry_of
from wiki.lifecycle.stages import record_stage, stage_counts, stage_filter
from wiki.models import FollowKind, Tag
from wiki.network.directory import members_who_know
from wiki.notifications.following import is_following
from wiki.pages import listing, validators
from wiki.pages.charter_review import (
    CharterFindings,
    CharterReview,
    Justification,
    carried_justifications,
    explanation,
    initials_of,
    justifications_by_revision,
    page_parts,
    replace_everywhere,
    review_parts,
    segments,
)
from wiki.pages.charter_review import (
    kind_label as charter_kind_label,
)
from wiki.pages.editing import (
    create_page,
    prepare_new_page,
    prepare_revision,
    revert_draft,
    revert_page,
    save_revision,
)
from wiki.pages.feeds import ATOM_TYPE, changes_feed, describe_follow_up_change
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
    ReviewAnswers,
    TagForm,
    focus_first_error,
    hidden_values,
    page_form,
    show_error,
)
from wiki.pages.history import (
    VersionText,
    checked_number,
    compare_versions,
    revision_numbers,
)
from wiki.pages.kinds import FIELDS_BY_KIND, FOLLOW_UP_AREAS, KIND_LABELS, KIND_PLURALS
from wiki.pages.links import same_title_pages
from wiki.pages.listing import drafts_of
from wiki.pages.masking import (
    compare_readable,
    masked_revisions_of,
    previous_readable_number,
    readable_revision,
)
from wiki.pages.reading import page_view, preview_view
from wiki.pages.recent import filtered_changes, parse_filters, visible_groups
from wiki.pages.sectors import sector_filter, sector_label
from wiki.pages.tagging import resolve_merged
from wiki.pages.vocabulary import create_controlled_tag, merge_tags, update_tag
from wiki.paging import page_number
from wiki.search.backend import backend as search_backend
from wiki.territories.locate import departement_filter
from wiki.urls import external_url

bp = Blueprint("pages", __name__)

FEED_SIZE = 50


# --- template helpers -------------------------------------------------------------------


@bp.app_template_filter("sector_label")
def _sector_label(slug: str | None) -> str:
    return sector_label(slug)


@bp.app_template_global("sector_link")
def _sector_link(sector: str | None) -> str:
    """This list's address with its sector filter set to `sector` (None: removed), the
    other filters kept and the paging reset."""
    args: dict[str, Any] = {
        k: v for k, v in request.args.items() if k not in ("sector", "page") and v
    }
    if sector:
        args["sector"] = sector
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


@bp.app_template_filter("kind_label")
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.app_template_filter("tag_label")
def tag_label(tag) -> str:
    return tag.label(str(get_locale() or "fr"))


@bp.app_template_filter("charter_kind_label")
def _charter_kind_label(kind: str) -> str:
    return charter_kind_label(kind)


@bp.app_template_filter("visibility_label")
def visibility_label(page) -> str:
    if page.visibility == PUBLIC:
        return pgettext("visibility", "Public")
    if page.visibility == MEMBERS:
        return _("Adhérents validés")
    name = page.group.name if page.group else page.visibility.removeprefix(GROUP_PREFIX)
    return _("Groupe %(name)s", name=name)


def _page_number() -> int:
    return page_number(request.args.get("page"))


def _per_page() -> int:
    return current_app.config.get("PER_PAGE", 20)


def _to_login(next_url: str):
    """Anonymous people are sent to sign in, then back where they were going; a pending
    account is told why it may not write yet (403)."""
    if current_user.is_authenticated:
        raise Forbidden(
            _(
                "Votre compte attend la validation d'un modérateur : vous pourrez "
                "écrire et modifier des pages une fois validé."
            )
        )
    return redirect("/login?" + urlencode({"next": next_url}))


# --- reading ----------------------------------------------------------------------------


@bp.get("/")
@caching.validated(validators.site_parts)
def home():
    return render_template(
        "pages/home.html",
        practices=listing.latest_pages(current_user, "practice"),
        innovations=listing.latest_pages(current_user, "innovation"),
        tags=listing.controlled_tags(),
    )


def _kind_list(kind: str | None):
    tag_slug = request.args.get("tag") or None
    tag = listing.get_tag(current_user, tag_slug) if tag_slug else None
    stage = stage_filter(request.args) if kind == "innovation" else None
    departement = departement_filter(request.args.get("departement"))
    sector = sector_filter(request.args.get("sector"))
    filters = {
        "kind": kind,
        "tag": tag_slug,
        "departement": departement,
        "sector": sector,
        "stage": stage,
    }
    pagination = listing.list_pages(
        current_user, **filters, page=_page_number(), per_page=_per_page()
    )
    return render_template(
        "pages/list.html",
        kind=kind,
        heading=KIND_PLURALS[kind] if kind else _("Toutes les pages"),
        tag=tag,
        pagination=pagination,
        endpoint=request.endpoint,
        args={name: value for name, value in filters.items() if value and name != "kind"},
        departement=departement,
        sector=sector,
        departements=DEPARTEMENTS,
        departement_counts=listing.departement_counts(
            current_user, **{**filters, "departement": None}
        ),
        sector_facet=listing.sector_counts(current_user, **{**filters, "sector": None}),
        stage=stage,
        stage_facet=stage_counts(current_user, tag=tag_slug) if kind == "innovation" else {},
    )


@bp.get("/pages")
@caching.validated(validators.site_parts)
def all_pages():
    return _kind_list(None)


@bp.get("/practices")
@caching.validated(validators.site_parts)
def practices():
    return _kind_list("practice")


@bp.get("/innovations")
@caching.validated(validators.site_parts)
def innovations():
    return _kind_list("innovation")


def render_page(page, *, follow_up_form: FollowUpForm | None = None, status: int = 200, **forms):
    """The page for the current reader; `forms` are forms of other packages shown with
    their errors (the lifecycle's « Changer d'étape »)."""
    view = page_view(current_user, page)
    changeable = {
        entry.id
        for area in view.follow_ups
        for entry in area.entries
        if can_change_follow_up(current_user, entry)
    }
    return render_template(
        "pages/view.html",
        view=view,
        related=search_backend().related(current_user, page),
        who_knows=members_who_know(current_user, page.tags),
        follow_up_form=follow_up_form or FollowUpForm(formdata=None),
        following=is_following(db.session, current_user, FollowKind.PAGE, page.id),
        changeable_follow_ups=changeable,
        **forms,
    ), status


@bp.get("/pages/<slug>")
def view(slug: str):
    try:
        page = get_visible_page(current_user, slug)
    except NotFound:
        masked = masked_page(current_user, slug)  # hidden by the moderation from this reader
        if masked is None:
            raise
        return render_template("pages/masked.html", page=masked)
    if not (validators.cacheable(page) and caching.anonymous_reader()):
        return render_page(page)
    # An anonymous reader of a public page gets 304 while nothing the view shows changed.
    parts, changed = validators.page_parts(page)
    return caching.conditional(parts, changed, lambda: render_page(page))


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
        return render_template(
            "pages/choose_kind.html",
            slug=slug,
            title=title,
            kinds=list(FIELDS_BY_KIND),
            group=request.args.get("group"),
        )
    form = page_form(kind, current_user)
    if request.method == "GET":
        form.slug.data = slugify(slug) if slug else ""
        form.title.data = title or (slug.replace("-", " ").capitalize() if slug else "")
        form.visibility.data = _default_visibility(form, kind, request.args.get("group"))
        return render_template("pages/edit.html", form=form, kind=kind, page=None)
    return _write(form, kind, None)


def _default_visibility(form: PageForm, kind: str, group: str | None) -> str:
    """Written from a group's page, a page is for that group; a practice account elsewhere
    is for the approved adherents: public only when the writer chooses it."""
    offered = {str(next(iter(c))) for c in form.visibility.choices}
    if group and GROUP_PREFIX + group in offered:
        return GROUP_PREFIX + group
    return MEMBERS if kind == "practice" else PUBLIC


@bp.route("/pages/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    page = get_visible_page(current_user, slug)
    if not can_write(current_user):
        return _to_login(url_for("pages.edit", slug=slug))
    form = page_form(page.kind, current_user, page=page)
    if request.method == "GET":
        form.fill_from_page(page)
        return render_template("pages/edit.html", form=form, kind=page.kind, page=page)
    return _write(form, page.kind, page)


def _form_url(kind: str, page) -> str:
    return url_for("pages.edit", slug=page.slug) if page else url_for("pages.new", kind=kind)


def _part_label(kind: str, part: str) -> str:
    labels = {
        "title": _("Titre"),
        "body": _("Texte"),
        "summary": _("Résumé de la modification"),
        "text": _("Ce qui a été observé"),
    }
    labels.update({spec.name: str(spec.label) for spec in FIELDS_BY_KIND.get(kind, ())})
    return labels.get(part, part)


def _review_page(
    review: CharterReview,
    texts: dict[str, str],
    *,
    kind: str,
    action: str,
    hidden: list[tuple[str, str]],
    answers: ReviewAnswers,
    allow_draft: bool,
):
    """The review: each part with its findings marked in place, one answer per passage."""
    unjustified = review.unjustified
    parts = [
        {
            "label": _part_label(kind, name),
            "segments": segments(text, [f for f in unjustified if f.part == name]),
        }
        for name, text in texts.items()
        if any(f.part == name for f in unjustified)
    ]
    passages = [
        {
            "index": index,
            "text": finding.text,
            "kind": finding.kind,
            "explanation": explanation(finding.kind),
            "suggestion": initials_of(finding.text) if finding.kind == "person_name" else None,
            "error": answers.errors.get(finding.text),
        }
        for index, finding in enumerate(review.passages())
    ]
    submitted = request.form.get("action") == "review"
    return render_template(
        "pages/review.html",
        parts=parts,
        passages=passages,
        action=action,
        hidden=hidden,
        justified=answers.justifications,
        allow_draft=allow_draft,
        unanswered=len(passages) if submitted else 0,
    ), 200


def _draft_texts(draft) -> dict[str, str]:
    return dict(page_parts(draft.title, draft.body, draft.fields, draft.summary))


def _write(form: PageForm, kind: str, page):
    """« Publier », « Enregistrer le brouillon », « Prévisualiser », and the answers of the
    charter review, for a new page (`page` None) or a new revision of `page`."""
    action = request.form.get("action", "publish")
    answers = ReviewAnswers(request.form)
    context = {"form": form, "kind": kind, "page": page, "justified": answers.justifications}
    if not form.validate():
        focus_first_error(form)
        return render_template("pages/edit.html", **context), 400
    draft = answers.apply(form.to_draft(kind))
    form.fill_from_draft(draft)
    if action == "fix":  # back to the form, the text kept
        return render_template("pages/edit.html", **context), 200
    if action == "preview":
        preview_status = 200
        try:
            review = review_parts(
                page_parts(draft.title, draft.body, draft.fields, draft.summary),
                answers.justifications,
            )
        except TextTooLongToCheck as error:  # the preview still shows the text
            form.place_error(error.field, error.message)
            review, preview_status = CharterReview(), error.status
        texts = _draft_texts(draft)
        findings = [
            {
                "label": _part_label(kind, name),
                "segments": segments(
                    texts[name], [f for f in review.unjustified if f.part == name]
                ),
            }
            for name in texts
            if any(f.part == name for f in review.unjustified)
        ]
        return render_template(
            "pages/edit.html",
            **context,
            findings=findings,
            findings_count=len(review.unjustified),
            preview=preview_view(
                current_user, kind, draft.title, draft.body, draft.fields, draft.typed_fields
            ),
        ), preview_status
    draft.status = DRAFT if action == "draft" else PUBLISHED
    if draft.status == PUBLISHED:
        require(current_user, "page.publish")  # a pending account keeps drafts
    status = 400
    slug = page.slug if page else None
    try:
        stage_entry = stage_entry_of(form) if kind == "innovation" else None
        if page is None:
            # Checked and rendered while the database is only read (see editing.py).
            prepared = prepare_new_page(
                db.session,
                draft,
                check_visibility_for=current_user,
                require_content=True,
                justifications=answers.justifications,
            )
            namesakes = same_title_pages(db.session, draft.title, visible_to=current_user)
            if namesakes and not request.form.get("confirm_same_title"):
                return render_template("pages/edit.html", **context, namesakes=namesakes), 200
            begin_write()
            page = create_page(
                db.session,
                draft,
                current_user,
                check_visibility_for=current_user,
                prepared=prepared,
            )
            if stage_entry is not None:
                record_stage(db.session, page, stage_entry, current_user)
        else:
            prepared = prepare_revision(
                db.session,
                page,
                draft,  # before the write lock
                require_content=True,
                justifications=answers.justifications,
            )
            begin_write()
            page = get_visible_page(current_user, page.slug)  # read again inside the transaction
            save_revision(
                db.session,
                page,
                draft,
                current_user,
                form.base_revision_number(),
                check_visibility_for=current_user,
                prepared=prepared,
            )
            if stage_entry is not None:  # an unchanged stage records nothing
                record_stage(db.session, page, stage_entry, current_user)
        db.session.commit()
    except CharterFindings as error:
        db.session.rollback()
        hidden = hidden_values(form)
        if request.form.get("confirm_same_title"):
            hidden.append(("confirm_same_title", "1"))
        return _review_page(
            error.review,
            _draft_texts(draft),
            kind=kind,
            action=_form_url(kind, page),
            hidden=hidden,
            answers=answers,
            allow_draft=page is None or page.status == DRAFT,
        )
    except StaleRevision:
        db.session.rollback()
        assert slug is not None  # only an existing page's save can be stale
        return _conflict(slug, form, draft)
    except (InvalidInput, Forbidden) as error:  # Forbidden: a visibility not theirs
        db.session.rollback()
        form.place_error(error.field, error.message)
        status = error.status if slug is not None else 400
    except IntegrityError:  # PostgreSQL: the same slug taken by a concurrent save
        db.session.rollback()
        form.place_error(
            None,
            _("Une page du même nom vient d'être créée : changez le titre et publiez à nouveau."),
        )
    else:
        if draft.status == DRAFT:
            flash(
                _(
                    "Le brouillon est enregistré : vous seul (et le groupe de la page, s'il y "
                    "en a un) le voyez."
                ),
                "success",
            )
        elif slug is None:
            flash(_("La page est publiée."), "success")
        else:
            flash(_("Modification enregistrée."), "success")
        return redirect(url_for("pages.view", slug=page.slug))
    if slug is not None:
        page = get_visible_page(current_user, slug)
    focus_first_error(form)
    return render_template("pages/edit.html", **{**context, "page": page}), status


@bp.get("/drafts")
def drafts():
    if not can_write(current_user):
        return _to_login(url_for("pages.drafts"))
    return render_template("pages/drafts.html", pages=drafts_of(current_user))


def _conflict(slug: str, form: PageForm, draft):
    """409: the current version, the writer's text kept in the form, and how they differ.

    The form's base becomes the current version: saving again is a deliberate merge.
    """
    page = get_visible_page(current_user, slug)
    current = VersionText.of_revision(page.current_revision)
    theirs = VersionText.of_draft(draft)
    theirs.tags = [slugify(t) for t in theirs.tags]
    form.base_revision.data = str(page.version)
    return render_template(
        "pages/conflict.html",
        page=page,
        form=form,
        kind=page.kind,
        current=page_view(current_user, page),
        current_text=current,
        parts=compare_versions(page.kind, current, theirs),
    ), 409


@bp.post("/pages/<slug>/follow-ups")
def follow_up(slug: str):
    page = get_visible_page(current_user, slug)
    if not can_write(current_user):
        return _to_login(url_for("pages.view", slug=slug))
    form = FollowUpForm()
    answers = ReviewAnswers(request.form)
    if form.validate():
        text = _answered_text(form, answers)
        if request.form.get("action") == "fix":
            return render_page(page, follow_up_form=form, status=200)
        try:
            prepared = prepare_follow_up(
                page,
                observed_on=form.observed_on.data,
                area=form.area.data,
                text=text,
                justifications=answers.justifications,
            )
            begin_write()
            page = get_visible_page(current_user, slug)
            entry = add_follow_up(db.session, page, prepared=prepared, author=current_user)
            db.session.commit()
        except CharterFindings as error:
            db.session.rollback()
            return _follow_up_review(
                error.review, form, answers, page, url_for("pages.follow_up", slug=slug)
            )
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.text)
        else:
            flash(_("Le suivi des effets est enregistré."), "success")
            return redirect(url_for("pages.view", slug=slug, _anchor=f"suivi-{entry.id}"))
    # The page comes back at the form: the first field in error has autofocus, which the
    # browser scrolls into view (a fragment in the action would keep autofocus from working).
    focus_first_error(form)
    return render_page(page, follow_up_form=form, status=400)


def _answered_text(form: FollowUpForm, answers: ReviewAnswers) -> str:
    """The observation's text with the review's replacements made, back in the form."""
    form.text.data = replace_everywhere({"text": form.text.data or ""}, answers.replacements)[
        "text"
    ]
    return form.text.data


def _follow_up_review(
    review: CharterReview, form: FollowUpForm, answers: ReviewAnswers, page, action: str
):
    return _review_page(
        review,
        {"text": form.text.data},
        kind=page.kind,
        action=action,
        hidden=hidden_values(form),
        answers=answers,
        allow_draft=False,
    )


def _changeable_follow_up(slug: str, follow_up_id: int):
    page = get_visible_page(current_user, slug)
    entry = get_follow_up(db.session, page, follow_up_id)
    if not can_change_follow_up(current_user, entry):
        raise Forbidden(
            _(
                "Seuls l'auteur de cette observation et la modération peuvent la "
                "corriger ou la supprimer."
            )
        )
    return page, entry


@bp.route("/pages/<slug>/follow-ups/<int:follow_up_id>/edit", methods=["GET", "POST"])
def edit_follow_up(slug: str, follow_up_id: int):
    if not can_write(current_user):
        return _to_login(url_for("pages.edit_follow_up", slug=slug, follow_up_id=follow_up_id))
    page, entry = _changeable_follow_up(slug, follow_up_id)
    form = FollowUpForm(obj=entry) if request.method == "GET" else FollowUpForm()
    answers = ReviewAnswers(request.form)
    fixing = request.form.get("action") == "fix"
    if request.method == "POST" and form.validate():
        text = _answered_text(form, answers)
        try:
            if fixing:
                raise _BackToTheForm
            prepared = prepare_follow_up(
                page,
                observed_on=form.observed_on.data,
                area=form.area.data,
                text=text,
                justifications=answers.justifications,
            )
            begin_write()
            page, entry = _changeable_follow_up(slug, follow_up_id)
            correct_follow_up(db.session, entry, prepared, current_user)
            db.session.commit()
        except _BackToTheForm:
            pass
        except CharterFindings as error:
            db.session.rollback()
            return _follow_up_review(
                error.review,
                form,
                answers,
                page,
                url_for("pages.edit_follow_up", slug=slug, follow_up_id=follow_up_id),
            )
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.text)
        else:
            flash(_("L'observation est corrigée."), "success")
            return redirect(url_for("pages.view", slug=slug, _anchor=f"suivi-{follow_up_id}"))
    focus_first_error(form)
    status = 400 if request.method == "POST" and not fixing else 200
    return render_template(
        "pages/follow_up_edit.html",
        page=page,
        entry=entry,
        form=form,
        delete_form=DeleteForm(formdata=None),
        area_label=FOLLOW_UP_AREAS.get(entry.area, entry.area),
    ), status


class _BackToTheForm(Exception):
    """« Revenir au texte » on the review page: the form again, the text kept."""


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


@bp.route("/pages/<slug>/revert/<int:number>", methods=["GET", "POST"])
def revert(slug: str, number: int):
    """A revert asks first (what comes back, as a diff from now), then publishes the old
    version as a new one, through the charter check like any publication."""
    page = get_visible_page(current_user, slug)
    if not can_write(current_user):
        return _to_login(url_for("pages.revision", slug=slug, number=number))
    number = checked_number(number)
    old = readable_revision(db.session, current_user, page, number)  # masked: 404 to most
    if request.method == "GET":
        parts = compare_readable(db.session, current_user, page, page.version, number)[2]
        return render_template(
            "pages/revert.html",
            page=page,
            old=old,
            parts=parts,
            view=page_view(current_user, page, old),
            revert_form=RevertForm(formdata=None, base_revision=str(page.version)),
        )
    form = RevertForm()
    if not form.validate():
        abort(400)
    base = form.base_revision.data
    base = int(base) if base and base.isdigit() else None
    draft = revert_draft(db.session, page, number)
    kept = carried_justifications(db.session, old.id)  # what the old version justified
    try:
        prepared = prepare_revision(db.session, page, draft, justifications=kept)
    except CharterFindings as error:
        return _revert_review(page, draft, base, error.review, kept)
    begin_write()
    page = get_visible_page(current_user, slug)
    revert_page(db.session, page, number, current_user, base, prepared=prepared)
    db.session.commit()
    flash(_("La version %(number)s est rétablie.", number=number), "success")
    return redirect(url_for("pages.view", slug=slug))


def _revert_review(page, draft, base: int | None, review: CharterReview, kept: list[Justification]):
    """The old version holds findings: the review, whose answers go to the edit form (the
    old text in hidden inputs, from the version the person was looking at, with what that
    version justified)."""
    form = page_form(page.kind, current_user, page=page, formdata=None)
    form.fill_from_draft(draft)
    form.fill_tags(list(db.session.scalars(select(Tag).where(Tag.slug.in_(draft.tags)))))
    form.visibility.data = page.visibility
    form.base_revision.data = str(base if base is not None else page.version)
    return _review_page(
        review,
        _draft_texts(draft),
        kind=page.kind,
        action=url_for("pages.edit", slug=page.slug),
        hidden=hidden_values(form),
        answers=ReviewAnswers(request.form, kept=kept),
        allow_draft=page.status == DRAFT,
    )


# --- history ----------------------------------------------------------------------------


@bp.get("/pages/<slug>/history")
def history(slug: str):
    page = get_visible_page(current_user, slug)
    changes = listing.history_changes(page)
    show_masked = sees_masked(current_user)  # a masked version's content: moderators only
    numbers = [
        c.revision.number
        for c in changes
        if c.revision is not None and (show_masked or not c.revision.masked)
    ]
    justified = (
        justifications_by_revision(db.session, page)
        if can(current_user, "page.see_justifications", page)
        else {}
    )
    return render_template(
        "pages/history.html",
        page=page,
        changes=changes,
        justified=justified,
        compare_to=numbers[0] if numbers else None,
        compare_from=numbers[1] if len(numbers) > 1 else None,
        area_labels=FOLLOW_UP_AREAS,
        show_masked=show_masked,
    )


@bp.get("/pages/<slug>/diff")
def diff(slug: str):
    page = get_visible_page(current_user, slug)
    from_number, to_number = revision_numbers(
        request.args.get("from"),
        request.args.get("to"),
        page,
        previous=lambda to: previous_readable_number(db.session, current_user, page, to),
    )
    old, new, parts = compare_readable(db.session, current_user, page, from_number, to_number)
    return render_template("pages/diff.html", page=page, old=old, new=new, parts=parts)


@bp.get("/pages/<slug>/revisions/<int:number>")
def revision(slug: str, number: int):
    page = get_visible_page(current_user, slug)
    old = readable_revision(db.session, current_user, page, number)  # masked: 404 to most
    justified = (
        justifications_by_revision(db.session, page).get(old.id, [])
        if can(current_user, "page.see_justifications", page)
        else []
    )
    return render_template(
        "pages/revision.html",
        view=page_view(current_user, page, old),
        justified=justified,
        revert_form=RevertForm(formdata=None, base_revision=str(page.version)),
    )


# --- tags -------------------------------------------------------------------------------


@bp.get("/tags")
@caching.validated(validators.site_parts)
def tags():
    return render_template("tags/index.html", tags=listing.tag_index(current_user))


@bp.get("/tags/<slug>")
@caching.validated(validators.site_parts)
def tag(slug: str):
    found = listing.get_tag(current_user, slug)
    if found.merged_into_id is not None:  # the old name of a merged tag leads to the new
        return redirect(url_for("pages.tag", slug=resolve_merged(db.session, found).slug), code=301)
    stage = stage_filter(request.args)
    sector = sector_filter(request.args.get("sector"))
    pagination = listing.list_pages(
        current_user,
        tag=found.slug,
        stage=stage,
        sector=sector,
        page=_page_number(),
        per_page=_per_page(),
    )
    return render_template(
        "tags/tag.html",
        tag=found,
        pagination=pagination,
        stage=stage,
        stage_facet=stage_counts(current_user, tag=found.slug),
        sector=sector,
        sector_facet=listing.sector_counts(current_user, tag=found.slug, stage=stage),
        following=is_following(db.session, current_user, FollowKind.TAG, found.id),
        who_knows=members_who_know(current_user, [found]),
        who_knows_tag=found,
    )


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
                db.session,
                slug=form.slug.data,
                label_fr=form.label_fr.data,
                label_en=form.label_en.data,
                description=form.description.data,
                actor=current_user,
            )
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
            update_tag(
                db.session,
                found.slug,
                label_fr=form.label_fr.data,
                label_en=form.label_en.data,
                description=form.description.data,
                controlled=form.controlled.data,
                actor=current_user,
                reason=form.reason.data,
            )
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
            moved = merge_tags(
                db.session,
                found.slug,
                form.target.data,
                actor=current_user,
                reason=form.reason.data,
            )
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error, fallback=form.target)
        else:
            db.session.commit()
            flash(
                _(
                    "Étiquette fusionnée : %(count)s pages portent désormais la nouvelle.",
                    count=moved,
                ),
                "success",
            )
            return redirect(url_for("pages.tag", slug=form.target.data))
    status = 400 if request.method == "POST" else 200
    return render_template("tags/merge.html", form=form, tag=found), status


# --- recent changes and the feed --------------------------------------------------------


@bp.get("/recent")
@caching.validated(validators.site_parts)
def recent():
    filters = parse_filters(current_user, request.args)
    pagination = filtered_changes(
        current_user, filters, page=_page_number(), per_page=_per_page() * 2
    )
    return render_template(
        "pages/recent.html",
        pagination=pagination,
        filters=filters,
        groups=visible_groups(current_user),
        area_labels=FOLLOW_UP_AREAS,
        kinds=KIND_PLURALS,
        tags=listing.controlled_tags(),
        show_masked=sees_masked(current_user),
        masked=masked_revisions_of(db.session, pagination.items),
    )


@bp.app_template_global("describe_follow_up_change")
def _describe_follow_up_change(change) -> str:
    return describe_follow_up_change(change)


@bp.get("/feeds/recent.atom")
@caching.validated(validators.site_parts)
def recent_feed():
    """The recent changes as /recent shows them, with the same filters."""
    filters = parse_filters(current_user, request.args)
    changes = filtered_changes(
        current_user, filters, per_page=FEED_SIZE, count=False, drafts=False
    ).items
    body = changes_feed(
        changes,
        title=_("Wiki des pratiques sociales : modifications récentes"),
        feed_url=external_url(url_for("pages.recent_feed", **filters.query_args())),
        site_url=external_url(url_for("pages.recent", **filters.query_args())),
        viewer=current_user,
    )
    return Response(body, content_type=ATOM_TYPE)
