"""/messages: a member's conversations, a new one, one conversation, reply, report, block.

Views are thin: they parse the form, call wiki.messaging.conversations, then render or
redirect. A conversation the member does not take part in answers 404.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wiki.access import can, get_visible_page
from wiki.content.member_text import render_member_text
from wiki.database import begin_write
from wiki.errors import Forbidden, InvalidInput, NotFound, TooManyRequests
from wiki.extensions import db
from wiki.messaging import conversations as domain
from wiki.messaging import reports as _reports  # noqa: F401 - registers message reports
from wiki.messaging.forms import ConfirmForm, NewConversationForm, ReplyForm, ReportForm
from wiki.moderation.reports import file_report
from wiki.notifications.header import header_counts
from wiki.paging import page_number

bp = Blueprint("messaging", __name__)
PER_PAGE = 30


@bp.app_context_processor
def _unread_messages():
    """Templates call unread_messages() (the header does, once): counted with the
    notifications, in one query a request (wiki.notifications.header)."""

    def unread_messages() -> int:
        return header_counts(db.session, current_user).messages

    return {"unread_messages": unread_messages}


def _me():
    return current_user._get_current_object()


def _page_number() -> int:
    return page_number(request.args.get("page"))


@bp.route("/messages")
@login_required
def inbox():
    page = _page_number()
    total, summaries = domain.conversations_of(
        db.session, _me(), offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    return render_template(
        "messaging/inbox.html",
        summaries=summaries,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        blocked=domain.blocked_members(db.session, _me()),
        confirm_form=ConfirmForm(),
        page_link=lambda n: url_for("messaging.inbox", page=n),
    )


def _new_page(form: NewConversationForm, recipient, status: int = 200, *, error=None):
    return render_template(
        "messaging/new.html", form=form, recipient=recipient, error=error
    ), status


@bp.route("/messages/new")
@login_required
def new():
    recipient = domain.find_member(db.session, _me(), request.args.get("to", ""))
    form = NewConversationForm(formdata=None, to=recipient.handle)
    slug = request.args.get("page")
    if slug:
        try:
            about = get_visible_page(_me(), slug)
        except NotFound:
            about = None
        if about is not None:
            form.subject.data = _("À propos de « %(title)s »", title=about.title)
    status = 200 if can(_me(), "conversation.start", recipient) else 403
    return _new_page(form, recipient, status)


@bp.route("/messages/new", methods=["POST"])
@login_required
def create():
    form = NewConversationForm()
    recipient = domain.find_member(db.session, _me(), form.to.data or "")
    if not form.validate_on_submit():
        return _new_page(form, recipient, 400)
    html = render_member_text(db.session, form.body.data)
    begin_write()
    try:
        conversation = domain.start_conversation(
            db.session,
            _me(),
            recipient,
            domain.checked_subject(form.subject.data),
            domain.checked_body(form.body.data),
            html,
            daily_limit=current_app.config["MESSAGES_NEW_PER_DAY"],
        )
    except (Forbidden, TooManyRequests, InvalidInput) as error:
        db.session.rollback()
        return _new_page(form, recipient, error.status, error=error.message)
    db.session.commit()
    flash(_("Votre message est envoyé à %(name)s.", name=recipient.display_name), "success")
    return redirect(url_for("messaging.conversation", conversation_id=conversation.id), code=303)


def _report_forms(view) -> dict[int, ReportForm]:
    return {
        shown.message.id: ReportForm(formdata=None, prefix=f"m{shown.message.id}")
        for shown in view.messages
        if not shown.mine
    }


def _conversation_page(conversation, *, reply_form=None, status: int = 200):
    view = domain.conversation_view(db.session, _me(), conversation)
    return render_template(
        "messaging/conversation.html",
        view=view,
        reply_form=reply_form or ReplyForm(formdata=None),
        report_forms=_report_forms(view),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/messages/<int:conversation_id>")
@login_required
def conversation(conversation_id: int):
    conversation = domain.get_conversation(db.session, _me(), conversation_id)
    if domain.unread_in(db.session, _me(), conversation):
        db.session.commit()  # end the read: marking it read is a write of its own
        begin_write()
        conversation = domain.get_conversation(db.session, _me(), conversation_id)
        domain.mark_read(db.session, _me(), conversation)
        db.session.commit()
    return _conversation_page(conversation)


@bp.route("/messages/<int:conversation_id>", methods=["POST"])
@login_required
def post_reply(conversation_id: int):
    conversation = domain.get_conversation(db.session, _me(), conversation_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _conversation_page(conversation, reply_form=form, status=400)
    html = render_member_text(db.session, form.body.data)
    begin_write()
    conversation = domain.get_conversation(db.session, _me(), conversation_id)
    try:
        message = domain.reply(
            db.session, _me(), conversation, domain.checked_body(form.body.data), html
        )
    except (Forbidden, InvalidInput) as error:
        db.session.rollback()
        form.body.errors = [error.message]
        return _conversation_page(conversation, reply_form=form, status=error.status)
    db.session.commit()
    flash(_("Votre réponse est envoyée."), "success")
    return redirect(
        url_for(
            "messaging.conversation",
            conversation_id=conversation_id,
            _anchor=f"message-{message.id}",
        ),
        code=303,
    )


@bp.route("/messages/<int:conversation_id>/messages/<int:message_id>/report", methods=["POST"])
@login_required
def report(conversation_id: int, message_id: int):
    conversation = domain.get_conversation(db.session, _me(), conversation_id)
    message = domain.visible_message(db.session, _me(), message_id)
    if message is None or message.conversation_id != conversation.id:
        raise NotFound(_("Ce message n'existe pas."))
    form = ReportForm(prefix=f"m{message_id}")
    if not form.validate_on_submit():
        view = domain.conversation_view(db.session, _me(), conversation)
        forms = _report_forms(view)
        forms[message_id] = form
        return render_template(
            "messaging/conversation.html",
            view=view,
            reply_form=ReplyForm(formdata=None),
            report_forms=forms,
            confirm_form=ConfirmForm(),
            open_report=message_id,
        ), 400
    begin_write()
    file_report(db.session, _me(), f"message:{message_id}", form.reason.data)
    db.session.commit()
    flash(_("Merci : le message est signalé à l'équipe de modération."), "success")
    return redirect(url_for("messaging.conversation", conversation_id=conversation_id), code=303)


def _back(default: str) -> str:
    from wiki.security import safe_next

    return safe_next(request.form.get("next"), default)


@bp.route("/messages/block/<handle>", methods=["POST"])
@login_required
def block(handle: str):
    if not ConfirmForm().validate_on_submit():
        raise InvalidInput(_("Le formulaire a expiré : rechargez la page et recommencez."))
    begin_write()
    blocked = domain.find_correspondent(db.session, _me(), handle)
    domain.block(db.session, _me(), blocked)
    db.session.commit()
    flash(
        _("%(name)s est bloqué·e : ce membre ne peut plus vous écrire.", name=blocked.display_name),
        "success",
    )
    return redirect(_back(url_for("messaging.inbox")), code=303)


@bp.route("/messages/unblock/<handle>", methods=["POST"])
@login_required
def unblock(handle: str):
    if not ConfirmForm().validate_on_submit():
        raise InvalidInput(_("Le formulaire a expiré : rechargez la page et recommencez."))
    begin_write()
    blocked = domain.find_blocked(db.session, _me(), handle)
    domain.unblock(db.session, _me(), blocked)
    db.session.commit()
    flash(_("%(name)s est débloqué·e.", name=blocked.display_name), "success")
    return redirect(_back(url_for("messaging.inbox")), code=303)
