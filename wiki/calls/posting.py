"""Posting a call, telling the members it concerns, answering it, marking it resolved.

Who is told: the approved members in the directory whose expertise shares a tag with the
call and whose département is the call's (any, for a call to the whole network); never the
author, nor a member who blocks the author. They are chosen with the call; each hears of it
through wiki.notifications (a mail at once unless they chose otherwise), as does the author
of an answered call.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import exists, select

from wiki.access import require
from wiki.access.actors import approved_members_clause
from wiki.calls.terms import search_terms
from wiki.content.member_text import checked_text
from wiki.departements import departement_name, normalise_departement
from wiki.errors import InvalidInput, NotFound
from wiki.models import Block, Call, CallAnswer, CallState, Profile, User, profile_expertise
from wiki.models.base import utcnow
from wiki.notifications import events
from wiki.pages.tagging import resolve_tags

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_TAGS = 10
NOT_FOUND = "Cet appel n'existe pas."
MAX_ID = 2**31 - 1  # an INTEGER column on PostgreSQL: a larger id names nothing


def checked_title(value: object) -> str:
    return checked_text(value, field="title", label="Le titre", max_length=MAX_TITLE)


def checked_body(value: object, *, required: bool = False) -> str:
    return checked_text(
        value, field="body", label="Le texte", max_length=MAX_BODY, required=required
    )


def checked_departement(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidInput(
            '« departement » doit être un code comme "37", ou null pour tout le réseau.',
            field="departement",
        )
    try:
        return normalise_departement(value)
    except ValueError as error:
        raise InvalidInput(str(error), field="departement") from None


def call_url(call: Call) -> str:
    return f"/calls/{call.id}"


def get_call(session, viewer, call_id: int) -> Call:
    call = session.get(Call, call_id) if 0 < call_id <= MAX_ID else None
    if call is None:
        raise NotFound(NOT_FOUND)
    require(viewer, "call.view", call, not_found=NOT_FOUND)
    return call


def matching_members(session, call: Call) -> list[User]:
    """The members a call concerns (see the module's docstring), in one query."""
    tag_ids = [tag.id for tag in call.tags]
    if not tag_ids:
        return []
    query = (
        select(User)
        .join(Profile, Profile.user_id == User.id)
        .where(
            Profile.in_directory.is_(True),
            approved_members_clause(),
            User.id != call.author_id,
            exists().where(
                profile_expertise.c.user_id == Profile.user_id,
                profile_expertise.c.tag_id.in_(tag_ids),
            ),
            ~exists().where(Block.blocker_id == User.id, Block.blocked_id == call.author_id),
        )
        .order_by(User.id)
    )
    if call.departement is not None:
        query = query.where(Profile.departement == call.departement)
    return list(session.scalars(query))


def where_label(departement: str | None) -> str:
    if departement is None:
        return _("tout le réseau")
    return f"{departement_name(departement)} ({departement})"


def post_call(
    session,
    author: User,
    title: str,
    body: str,
    html: str,
    tag_names: object,
    departement: str | None,
) -> Call:
    """A new open call; each matching member gets a mail. Inside a write transaction."""
    require(author, "call.create")
    tags = resolve_tags(session, tag_names or [])
    if not tags:
        raise InvalidInput(
            _(
                "Choisissez au moins une étiquette : elle dit qui, dans "
                "l'annuaire, reçoit votre appel."
            ),
            field="tags",
        )
    if len(tags) > MAX_TAGS:
        raise InvalidInput(
            _("Au plus %(count)d étiquettes par appel.", count=MAX_TAGS), field="tags"
        )
    call = Call(
        author_id=author.id,
        title=title,
        body=body,
        html=html,
        departement=departement,
        state=CallState.OPEN,
        search_terms=search_terms(title, body),
        created_at=utcnow(),
    )
    call.tags = tags
    session.add(call)
    session.flush()
    members = [member.id for member in matching_members(session, call)]
    events.call_posted(session, call.id, author, members)
    call.notified = len(members)
    return call


def answer_call(session, author: User, call: Call, body: str, html: str) -> CallAnswer:
    """An answer in the call's thread; its author is told by mail (unless it is theirs)."""
    require(author, "call.answer", call)
    answer = CallAnswer(
        call_id=call.id, author_id=author.id, body=body, html=html, created_at=utcnow()
    )
    session.add(answer)
    session.flush()
    events.call_answered(session, call.id, answer.id, author)  # never to its own author
    return answer


def resolve_call(session, user: User, call: Call) -> Call:
    """The author says they found what they looked for; answers close. Twice is once."""
    require(user, "call.resolve", call)
    if call.state == CallState.OPEN:
        call.state, call.resolved_at = CallState.RESOLVED, utcnow()
    return call
