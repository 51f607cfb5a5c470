"""The Atom feed of recent changes, built with an XML library so that every value is escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from xml.etree import ElementTree as ET

from wiki.models.base import utcnow
from wiki.pages.listing import Change

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _rfc3339(moment: datetime) -> str:
    """Stored times are naive UTC."""
    return moment.replace(microsecond=0).isoformat() + "Z"


def recent_changes_feed(changes: Iterable[Change], *, title: str, feed_url: str,
                        site_url: str, change_url: Callable[[Change], str],
                        entry_title: Callable[[Change], str],
                        describe: Callable[[Change], str]) -> bytes:
    """An Atom document (RFC 4287) with one entry per change (revision or follow-up)."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    changes = list(changes)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    updated = changes[0].at if changes else utcnow()
    sub(feed, "updated", _rfc3339(updated))
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", title)
    for change in changes:
        url = change_url(change)
        entry = sub(feed, "entry")
        sub(entry, "id", url)
        sub(entry, "title", entry_title(change))
        sub(entry, "updated", _rfc3339(change.at))
        sub(entry, "link", rel="alternate", href=url, type="text/html")
        entry_author = sub(entry, "author")
        sub(entry_author, "name", change.author.display_name if change.author else "—")
        sub(entry, "summary", describe(change), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
