"""Comments in the web: post, reply, edit, delete, report; moderators hide and restore.

Views are thin: they parse the form, call wiki.comments.commenting, then redirect to the
comment in its page or call, or render the form again with what to fix (the charter's
findings with a field for the reason of each, when the writer keeps a passage).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wiki.access import get_visible_page, require
from wiki.calls import posting as calls
from wiki.comments import notify as _notify  # noqa: F401 - subjects and recipients
from wiki.comments import privacy as _privacy  # noqa: F401 - export and erasure sections
from wiki.comments import reports as _reports  # noqa: F401 - comments are reportable
from wiki.comments.charter import KIND_LABELS, CharterFindings, checked_justifications
from wiki.comments.commenting import (
    comment_path,
    delete_comment,
    edit_comment,
    get_comment,
    hide_comment,
    post_comment,
    restore_comment,
    subject_of,
)
from wiki.comments.forms import (
    CommentForm,
    ConfirmForm,
    EditCommentForm,
    ModerateCommentForm,
    ReportCommentForm,
    justifications_from,
)
from wiki.comments.reading import comment_counts, thread
from wiki.content.member_text import render_member_text
from wiki.database import begin_write
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.models import Page
from wiki.moderation.reports import file_report
from wiki.urls import page_url

bp = Blueprint("comments", __name__)
EXPIRED = "Le formulaire a expiré : rechargez la page et recommencez."


def _me():
    return current_user._get_current_object()


@bp.app_template_global()
def comment_thread(subject):
    """The thread of a page or call for the person reading it (wiki.comments.reading)."""
    return thread(db.session, current_user, subject)


@bp.app_template_global()
def page_comment_counts(pages) -> dict[int, int]:
    """{page id: comments the reader may read}, one query for a list of page cards."""
    return comment_counts(db.session, current_user, [page.id for page in pages])


@bp.app_template_global()
def charter_kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def _subject_url(subject) -> str:
    return (
        page_url(subject.slug, absolute=False)
        if isinstance(subject, Page)
        else f"/calls/{subject.id}"
    )


def _compose(subject, form, *, findings=(), justified=(), comment=None, status=400):
    return render_template(
        "comments/compose.html",
        subject=subject,
        form=form,
        findings=findings,
        justified={j["text"]: j["reason"] for j in justified},
        comment=comment,
        subject_url=_subject_url(subject),
        is_page=isinstance(subject, Page),
    ), status


def _post(subject):
    form = CommentForm()
    if not form.validate_on_submit():
        return _compose(subject, form)
    try:
        justifications = checked_justifications(justifications_from(request.form))
    except InvalidInput as error:
        form.body.errors = [error.message]
        return _compose(subject, form)
    html = render_member_text(db.session, form.body.data.strip())
    begin_write()
    subject = (
        get_visible_page(_me(), subject.slug)
        if isinstance(subject, Page)
        else calls.get_call(db.session, _me(), subject.id)
    )
    try:
        comment = post_comment(
            db.session,
            _me(),
            subject,
            form.body.data.strip(),
            html,
            reply_to=form.reply_to_id(),
            justifications=justifications,
        )
    except CharterFindings as error:
        db.session.rollback()
        return _compose(
            subject, form, findings=error.findings, justified=justifications, status=422
        )
    except InvalidInput as error:
        db.session.rollback()
        form.body.errors = [error.message]
        return _compose(subject, form)
    path = comment_path(comment)
    db.session.commit()
    flash(_("Votre commentaire est publié."), "success")
    return redirect(path, code=303)


@bp.route("/pages/<slug>/comments", methods=["POST"])
@login_required
def post_on_page(slug: str):
    return _post(get_visible_page(_me(), slug))


@bp.route("/calls/<int:call_id>/comments", methods=["POST"])
@login_required
def post_on_call(call_id: int):
    return _post(calls.get_call(db.session, _me(), call_id))


@bp.get("/pages/<slug>/comments")
def page_comments(slug: str):
    """A GET where the form posts (a reload) lands on the page's comments."""
    return redirect(
        page_url(get_visible_page(current_user, slug).slug, absolute=False, anchor="comments")
    )


@bp.get("/comments/<int:comment_id>")
def show(comment_id: int):
    return redirect(comment_path(get_comment(db.session, current_user, comment_id)))


def _edit_page(comment, form, *, findings=(), justified=(), status=200):
    return render_template(
        "comments/edit.html",
        comment=comment,
        form=form,
        findings=findings,
        justified={j["text"]: j["reason"] for j in justified},
        subject=subject_of(comment),
        confirm_form=ConfirmForm(),
        back=comment_path(comment),
    ), status


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    comment = get_comment(db.session, _me(), comment_id)
    require(_me(), "comment.edit", comment)
    if request.method == "GET":
        form = EditCommentForm(formdata=None, body=comment.body)
        return _edit_page(comment, form)
    form = EditCommentForm()
    if not form.validate_on_submit():
        return _edit_page(comment, form, status=400)
    try:
        justifications = checked_justifications(justifications_from(request.form))
    except InvalidInput as error:
        form.body.errors = [error.message]
        return _edit_page(comment, form, status=400)
    body = form.body.data.strip()
    html = render_member_text(db.session, body)
    begin_write()
    comment = get_comment(db.session, _me(), comment_id)
    try:
        edit_comment(db.session, _me(), comment, body, html, justifications=justifications)
    except CharterFindings as error:
        db.session.rollback()
        return _edit_page(
            get_comment(db.session, _me(), comment_id),
            form,
            findings=error.findings,
            justified=justifications,
            status=422,
        )
    path = comment_path(comment)
    db.session.commit()
    flash(_("Votre commentaire est modifié."), "success")
    return redirect(path, code=303)


@bp.route("/comments/<int:comment_id>/delete", methods=["POST"])
@login_required
def delete(comment_id: int):
    if not ConfirmForm().validate_on_submit():
        raise InvalidInput(_(EXPIRED))
    begin_write()
    comment = get_comment(db.session, _me(), comment_id)
    back = _subject_url(subject_of(comment)) + "#comments"
    delete_comment(db.session, _me(), comment)
    db.session.commit()
    flash(_("Votre commentaire est supprimé."), "success")
    return redirect(back, code=303)


def _report_page(comment, form, status=200):
    return render_template(
        "comments/report.html",
        comment=comment,
        form=form,
        subject=subject_of(comment),
        back=comment_path(comment),
    ), status


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@login_required
def report(comment_id: int):
    comment = get_comment(db.session, _me(), comment_id)
    require(_me(), "comment.report", comment, not_found="Ce commentaire n'existe pas.")
    if request.method == "GET":
        return _report_page(comment, ReportCommentForm(formdata=None))
    form = ReportCommentForm()
    if not form.validate_on_submit():
        return _report_page(comment, form, 400)
    begin_write()
    comment = get_comment(db.session, _me(), comment_id)
    file_report(db.session, _me(), f"comment:{comment.id}", form.reason.data)
    path = comment_path(comment)
    db.session.commit()
    flash(_("Merci : le commentaire est signalé à l'équipe de modération."), "success")
    return redirect(path, code=303)


def _moderate(comment_id: int, action):
    form = ModerateCommentForm()
    if not form.validate_on_submit():
        raise InvalidInput(_(EXPIRED))
    begin_write()
    comment = get_comment(db.session, _me(), comment_id)
    action(db.session, _me(), comment, form.reason.data or "")
    path = comment_path(comment)
    db.session.commit()
    return path


@bp.route("/comments/<int:comment_id>/hide", methods=["POST"])
@login_required
def hide(comment_id: int):
    path = _moderate(comment_id, hide_comment)
    flash(_("Le commentaire est masqué."), "success")
    return redirect(path, code=303)


@bp.route("/comments/<int:comment_id>/restore", methods=["POST"])
@login_required
def restore(comment_id: int):
    path = _moderate(comment_id, restore_comment)
    flash(_("Le commentaire est rétabli."), "success")
    return redirect(path, code=303)
