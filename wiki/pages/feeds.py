"""Atom feeds (RFC 4287), built with an XML library so that every value is escaped: the
recent changes (as /recent, with its filters) and any list of entries (notifications)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree as ET

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from wiki.models.base import utcnow
from wiki.pages.listing import Change
from wiki.urls import external_url, page_url

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


@dataclass
class Entry:
    id: str
    title: str
    updated: datetime
    url: str
    author: str
    summary: str


def _rfc3339(moment: datetime) -> str:
    """Stored times are naive UTC."""
    return moment.replace(microsecond=0).isoformat() + "Z"


def atom_document(entries: Iterable[Entry], *, title: str, feed_url: str, site_url: str) -> bytes:
    """An Atom document with these entries, newest first."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    entries = list(entries)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    sub(feed, "updated", _rfc3339(entries[0].updated if entries else utcnow()))
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", title)
    for item in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", item.id)
        sub(entry, "title", item.title)
        sub(entry, "updated", _rfc3339(item.updated))
        sub(entry, "link", rel="alternate", href=item.url, type="text/html")
        entry_author = sub(entry, "author")
        sub(entry_author, "name", item.author)
        sub(entry, "summary", item.summary, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def recent_changes_feed(
    changes: Iterable[Change],
    *,
    title: str,
    feed_url: str,
    site_url: str,
    change_url: Callable[[Change], str],
    entry_title: Callable[[Change], str],
    describe: Callable[[Change], str],
) -> bytes:
    """An Atom document with one entry per change (revision or follow-up)."""
    entries = []
    for change in changes:
        url = change_url(change)
        entries.append(
            Entry(
                id=url,
                title=entry_title(change),
                updated=change.at,
                url=url,
                author=change.author.display_name if change.author else "—",
                summary=describe(change),
            )
        )
    return atom_document(entries, title=title, feed_url=feed_url, site_url=site_url)


def describe_follow_up_change(change) -> str:
    """« Effet ajouté au suivi (sur les personnes concernées, observé le 3 mars 2025) »."""
    from wiki.pages.kinds import FOLLOW_UP_AREAS

    actions = {
        "added": _("Effet ajouté au suivi"),
        "corrected": _("Effet corrigé"),
        "deleted": _("Effet supprimé du suivi"),
    }
    area = FOLLOW_UP_AREAS.get(change.area, change.area)
    return _(
        "%(action)s (%(area)s, observé le %(date)s)",
        action=actions.get(change.action, change.action),
        area=str(area).lower(),
        date=format_date(change.observed_on, "long"),
    )


def changes_feed(
    changes: Iterable[Change], *, title: str, feed_url: str, site_url: str, viewer=None
) -> bytes:
    """The Atom document of these changes, each linking to its revision or follow-up; a
    masked revision says so and nothing more, unless `viewer` is a moderator."""
    from wiki.access import sees_masked
    from wiki.pages.masking import masked_line

    show_masked = sees_masked(viewer)

    def who(change) -> str:
        return change.author.display_name if change.author else _("compte supprimé")

    def describe(change) -> str:
        if change.follow_up is not None:
            return _(
                "%(what)s par %(who)s",
                what=describe_follow_up_change(change.follow_up),
                who=who(change),
            )
        if change.comment is not None:
            return _("Commentaire de %(who)s : %(text)s", who=who(change), text=change.comment.body)
        revision = change.revision
        if revision.masked and not show_masked:
            return masked_line(revision)
        text = _("Version %(number)s par %(who)s", number=revision.number, who=who(change))
        if revision.minor:
            text = _("%(text)s (modification mineure)", text=text)
        return f"{text} : {revision.summary}" if revision.summary else text

    def change_url(change) -> str:
        if change.follow_up is not None:
            return page_url(
                change.page.slug, absolute=True, anchor=f"suivi-changement-{change.follow_up.id}"
            )
        if change.comment is not None:
            return page_url(change.page.slug, absolute=True, anchor=f"comment-{change.comment.id}")
        return external_url(
            url_for("pages.revision", slug=change.page.slug, number=change.revision.number)
        )

    def entry_title(change) -> str:
        if change.follow_up is not None:
            return _("%(title)s : suivi des effets", title=change.page.title)
        if change.comment is not None:
            return _("%(title)s : un commentaire", title=change.page.title)
        if change.revision.masked and not show_masked:
            return _("%(title)s : version masquée", title=change.page.title)
        return change.revision.title

    return recent_changes_feed(
        changes,
        title=title,
        feed_url=feed_url,
        site_url=site_url,
        change_url=change_url,
        entry_title=entry_title,
        describe=describe,
    )
