"""Queueing a mail: rendered now, in the recipient's language, stored with the action."""

from __future__ import annotations

import enum
import re

from flask import render_template
from flask_babel import force_locale
from markupsafe import escape
from sqlalchemy import select

from wiki.mail.links import unsubscribe_url
from wiki.models import MailOptOut, OutgoingMail, User
from wiki.urls import base_url

DEFAULT_LOCALE = "fr"


class Category(enum.StrEnum):
    """What a mail is about; a person may opt out of every category but ACCOUNT."""

    ACCOUNT = "account"  # security and account life: never opted out of
    MESSAGES = "messages"  # a member wrote to you
    CALLS = "calls"  # a call to the network matches your expertise
    NOTIFICATIONS = "notifications"  # what you follow changed
    DIGEST = "digest"  # the daily or weekly summary
    MODERATION = "moderation"  # reports and pending accounts, for moderators


def opted_out(session, user: User, category: str) -> bool:
    if category == Category.ACCOUNT:
        return False
    return (
        session.scalar(
            select(MailOptOut.id).where(
                MailOptOut.user_id == user.id, MailOptOut.category == category
            )
        )
        is not None
    )


def opted_out_categories(session, user: User) -> list[Category]:
    """The categories `user` stopped (from a mail's unsubscribe link), in Category's order."""
    stopped = set(session.scalars(select(MailOptOut.category).where(MailOptOut.user_id == user.id)))
    return [category for category in Category if category in stopped]


def opt_out(session, user: User, category: str, *, out: bool = True) -> None:
    """Stop (or, with out=False, resume) mails of `category` to `user`."""
    category = Category(category)
    if category == Category.ACCOUNT:
        return
    existing = session.scalar(
        select(MailOptOut).where(MailOptOut.user_id == user.id, MailOptOut.category == category)
    )
    if out and existing is None:
        session.add(MailOptOut(user_id=user.id, category=category))
    elif not out and existing is not None:
        session.delete(existing)


def send_mail(
    session, user: User, template: str, *, category: str = Category.ACCOUNT, **context
) -> OutgoingMail | None:
    """Queue the mail `template` for `user` in the session's transaction (the caller commits).

    None if the person opted out of `category`, or has no address any more. The templates
    see `user`, `unsubscribe_url`, `base_url` and `context`; links in them must be absolute
    (wiki.urls.external_url), since a mail is read outside the wiki.
    """
    category = Category(category)
    if not user.email or opted_out(session, user, category):
        return None
    unsubscribe = None if category == Category.ACCOUNT else unsubscribe_url(user, category)
    values = {"user": user, "unsubscribe_url": unsubscribe, "base_url": base_url(), **context}
    with force_locale(user.locale or DEFAULT_LOCALE):
        subject = render_template(f"mail/{template}/subject.txt", **values)
        text = render_template(f"mail/{template}/body.txt", **values)
        html = render_template(f"mail/{template}/body.html", **values)
    headers = {}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail = OutgoingMail(
        recipient_id=user.id,
        to_address=user.email,
        template=template,
        category=category,
        subject=" ".join(subject.split()),
        text=text,
        html=html,
        headers=headers,
    )
    session.add(mail)
    return mail


def rewrite_waiting(session, about: str, replacements: dict[str, str]) -> int:
    """Mails still waiting to leave (SMTP down, a retry later) that link to `about` (an
    address of the wiki, such as /pages/<slug>): each key of `replacements` replaced by its
    value, in the subject, the text and the HTML, so that what was masked or anonymised
    after they were queued does not leave with them. Returns how many mails changed."""
    replacements = {old: new for old, new in replacements.items() if old and old != new}
    if not replacements:
        return 0
    link = re.compile(re.escape(about) + r"(?![\w-])")
    changed = 0
    waiting = session.scalars(
        select(OutgoingMail).where(OutgoingMail.sent_at.is_(None), OutgoingMail.failed_at.is_(None))
    )
    for mail in waiting:
        if not link.search(mail.text) and not link.search(mail.html):
            continue
        subject, text, html = mail.subject, mail.text, mail.html
        for old, new in replacements.items():
            subject, text = subject.replace(old, new), text.replace(old, new)
            html = html.replace(str(escape(old)), str(escape(new))).replace(old, new)
        if (subject, text, html) != (mail.subject, mail.text, mail.html):
            mail.subject, mail.text, mail.html = subject, text, html
            changed += 1
    return changed
