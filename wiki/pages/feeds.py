"""The Atom feed of recent changes, built with an XML library so that every value is escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from xml.etree import ElementTree as ET

from wiki.models import Revision
from wiki.models.base import utcnow

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _rfc3339(moment: datetime) -> str:
    """Stored times are naive UTC."""
    return moment.replace(microsecond=0).isoformat() + "Z"


def recent_changes_feed(revisions: Iterable[Revision], *, title: str, feed_url: str,
                        site_url: str, revision_url: Callable[[Revision], str],
                        describe: Callable[[Revision], str]) -> bytes:
    """An Atom document (RFC 4287) with one entry per revision."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    revisions = list(revisions)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    updated = revisions[0].created_at if revisions else utcnow()
    sub(feed, "updated", _rfc3339(updated))
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", title)
    for revision in revisions:
        url = revision_url(revision)
        entry = sub(feed, "entry")
        sub(entry, "id", url)
        sub(entry, "title", revision.title)
        sub(entry, "updated", _rfc3339(revision.created_at))
        sub(entry, "link", rel="alternate", href=url, type="text/html")
        entry_author = sub(entry, "author")
        sub(entry_author, "name", revision.author.display_name if revision.author else "—")
        sub(entry, "summary", describe(revision), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
