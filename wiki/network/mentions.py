"""Members named in a text as @handle (an innovation sheet's contact), shown as links to
their profiles when the reader may see them, as their display name alone otherwise."""

from __future__ import annotations

import re

from flask import url_for
from markupsafe import Markup, escape
from sqlalchemy import select

from wiki.access import can
from wiki.extensions import db
from wiki.models import User

# "@camille-lefevre", not the "@" of an email address (a word character just before it).
MENTION = re.compile(r"(?<![\w@.])@([a-z0-9]+(?:-[a-z0-9]+)*)(?![\w-])")


def mentioned_handles(text: str) -> list[str]:
    return list(dict.fromkeys(MENTION.findall(text or "")))


def mentioned_members(text: str) -> list[User]:
    """The members the text names with @handle, in order (unknown handles left out)."""
    handles = mentioned_handles(text)
    if not handles:
        return []
    found = {
        user.handle: user
        for user in db.session.scalars(
            select(User).where(User.handle.in_(handles), User.active.is_(True))
        )
    }
    return [found[handle] for handle in handles if handle in found]


def link_members(viewer, text: str) -> Markup:
    """`text`, escaped, each @handle of an active member replaced by a link to their
    profile if `viewer` may see it, by their display name otherwise."""
    members = {user.handle: user for user in mentioned_members(text)}
    if not members:
        return escape(text)

    pieces: list[Markup] = []
    position = 0
    for match in MENTION.finditer(text):
        member = members.get(match.group(1))
        if member is None:
            continue
        pieces.append(escape(text[position : match.start()]))
        if can(viewer, "profile.view", member):
            pieces.append(
                Markup('<a class="person-link" href="{}">{}</a>').format(
                    url_for("network.profile", handle=member.handle), member.display_name
                )
            )
        else:
            pieces.append(escape(member.display_name))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)
