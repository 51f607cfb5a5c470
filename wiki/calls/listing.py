"""The list of calls: filters (tag, département, state), a simple French search, pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, func, select
from sqlalchemy.orm import selectinload

from wiki.access.calls import visible_calls_clause
from wiki.calls.posting import checked_departement
from wiki.calls.terms import query_terms
from wiki.content.slugs import slugify
from wiki.errors import InvalidInput
from wiki.models import Call, CallAnswer, CallState, Tag, call_tags
from wiki.pages.tagging import resolve_merged

STATES = ("open", "resolved", "all")
MAX_QUERY = 500


@dataclass(frozen=True)
class CallFilters:
    q: str = ""
    tag: str | None = None  # a tag slug
    departement: str | None = None  # a code; None: every département and the whole network
    state: str = CallState.OPEN  # open, resolved, or all

    @classmethod
    def parse(cls, args) -> CallFilters:
        """From query parameters (?q=&tag=&departement=&state=); 400 for a bad value."""
        # Values are taken as sent (no stripping), as the OpenAPI document describes them.
        state = args.get("state") or CallState.OPEN
        if state not in STATES:
            raise InvalidInput("« state » vaut open, resolved ou all.", field="state")
        q = args.get("q") or ""
        if len(q) > MAX_QUERY:
            raise InvalidInput(
                f"La recherche est trop longue ({MAX_QUERY} caractères au plus).", field="q"
            )
        tag = slugify(args.get("tag") or "") or None
        return cls(
            q=q.strip(),
            tag=tag,
            departement=checked_departement(args.get("departement")),
            state=state,
        )


@dataclass
class CallRow:
    call: Call
    answers: int


def _escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_calls(
    session, viewer, filters: CallFilters, *, offset: int = 0, limit: int = 20
) -> tuple[int, list[CallRow]]:
    """(total, one page of calls, newest first) that `viewer` may read and that match."""
    where = [visible_calls_clause(viewer)]
    if filters.state != "all":
        where.append(Call.state == filters.state)
    if filters.departement is not None:
        where.append(Call.departement == filters.departement)
    if filters.tag is not None:
        tag = session.scalar(select(Tag).where(Tag.slug == filters.tag))
        if tag is None:
            where.append(false())
        else:  # the old name of a merged tag filters by its successor
            tag = resolve_merged(session, tag)
            where.append(
                Call.id.in_(select(call_tags.c.call_id).where(call_tags.c.tag_id == tag.id))
            )
    for term in query_terms(filters.q):
        where.append(Call.search_terms.like(f"% {_escaped(term)} %", escape="\\"))
    total = session.scalar(select(func.count(Call.id)).where(*where)) or 0
    answers = (
        select(func.count(CallAnswer.id))
        .where(CallAnswer.call_id == Call.id)
        .correlate(Call)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Call, answers)
        .where(*where)
        .options(selectinload(Call.tags), selectinload(Call.author))
        .order_by(Call.created_at.desc(), Call.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return total, [CallRow(call, count) for call, count in rows]


def answers_of(session, call: Call) -> list[CallAnswer]:
    return list(
        session.scalars(
            select(CallAnswer)
            .where(CallAnswer.call_id == call.id)
            .options(selectinload(CallAnswer.author))
            .order_by(CallAnswer.id)
        )
    )
