"""A group founded from the web by a moderator, with its first facilitator, and its name,
description and openness changed by its facilitators (each in the audit log)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from wiki.access import require
from wiki.content.slugs import MAX_SLUG_LENGTH, slugify
from wiki.errors import InvalidInput
from wiki.groups.membership import approved_member_named, join_group
from wiki.models import Group, GroupRole, User
from wiki.moderation.audit import record_audit

MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000
SLUG_ROOM = 70  # Group.slug is 80 characters: room for "-<number>"
RESERVED_SLUGS = {"new"}  # /groups/new is the form


def _free_slug(session, name: str) -> str:
    """A slug from the name, numbered when taken. Taken by a closed group the founder may
    not see, it is numbered just the same: the answer never says that such a group exists."""
    base = slugify(name)[: min(SLUG_ROOM, MAX_SLUG_LENGTH)].rstrip("-") or "groupe"
    taken = set(
        session.scalars(
            select(Group.slug).where((Group.slug == base) | Group.slug.like(f"{base}-%"))
        )
    )
    taken |= RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _checked_text(name: str, description: str) -> tuple[str, str]:
    name, description = (name or "").strip(), (description or "").strip()
    if not name:
        raise InvalidInput(_("Le nom du groupe est obligatoire."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            _(
                "Le nom du groupe est trop long (%(count)d caractères au plus).",
                count=MAX_NAME_LENGTH,
            ),
            field="name",
        )
    if not slugify(name):
        raise InvalidInput(
            _("Le nom du groupe doit contenir au moins une lettre ou un chiffre."), field="name"
        )
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise InvalidInput(
            _(
                "La présentation est trop longue (%(count)d caractères au plus).",
                count=MAX_DESCRIPTION_LENGTH,
            ),
            field="description",
        )
    return name, description


def found_group(
    session, founder: User, *, name: str, description: str, closed: bool, facilitator: str = ""
) -> Group:
    """A new group with its first facilitator: the member named (handle or address), else
    the founder."""
    require(founder, "group.create")
    name, description = _checked_text(name, description)
    first = founder
    if (facilitator or "").strip():
        named = approved_member_named(session, facilitator)
        if named is None:
            raise InvalidInput(
                _(
                    "Aucun adhérent validé ne répond à « %(who)s » : donnez son "
                    "pseudonyme (@…) ou son adresse électronique.",
                    who=facilitator.strip(),
                ),
                field="facilitator",
            )
        first = named
    group = Group(slug=_free_slug(session, name), name=name, description=description, closed=closed)
    session.add(group)
    session.flush()
    join_group(session, group, first, GroupRole.FACILITATOR.value)
    record_audit(
        session,
        founder,
        "group.created",
        f"group:{group.slug}",
        name=name,
        closed=closed,
        facilitator=first.handle,
    )
    return group


def update_group(
    session, facilitator: User, group: Group, *, name: str, description: str, closed: bool
) -> list[str]:
    """The names of what changed (nothing recorded when nothing did)."""
    require(facilitator, "group.manage", group)
    name, description = _checked_text(name, description)
    changed = [
        label
        for label, before, after in (
            ("name", group.name, name),
            ("description", group.description, description),
            ("closed", group.closed, closed),
        )
        if before != after
    ]
    if changed:
        record_audit(
            session,
            facilitator,
            "group.updated",
            f"group:{group.slug}",
            changed=changed,
            closed=closed,
        )
        group.name, group.description, group.closed = name, description, closed
        session.flush()
    return changed
