"""The directory: finding members by words and filters, as the searcher may see them.

Words are analysed like page search's (wiki.search.analysis) and looked up in the profile
terms; the field-visibility filter (access.visible_terms_clause) is inside the query, so a
field the searcher may not see can neither match a word nor a filter, nor count in the
total. Every word must match (in any field); when no profile has them all, the profiles
with the most of them are shown, as page search does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import contains_eager

from wiki.access import directory_clause, visible_terms_clause
from wiki.departements import normalise_departement
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.models import Profile, ProfileTerm, Tag, User
from wiki.network.fields import SECTORS, STATUS_LABELS
from wiki.network.terms import EXACT_FIELDS, TEXT_WEIGHTS, exact, query_terms

MAX_QUERY_LENGTH = 500
MAX_QUERY_TERMS = 20
MAX_PER_PAGE = 100
MAX_PAGE = 1000
WHO_KNOWS_LIMIT = 6


@dataclass
class PeopleQuery:
    q: str = ""
    tag: str | None = None  # an expertise tag slug
    sector: str | None = None
    departement: str | None = None
    status: str | None = None
    territory: str | None = None  # words that must be in the territory field
    page: int = 1
    per_page: int = 20

    def filters(self) -> dict[str, str]:
        """The exact filters asked, by profile field."""
        chosen = {
            "expertise": self.tag,
            "sectors": self.sector,
            "departement": self.departement,
            "status": self.status,
        }
        return {name: value for name, value in chosen.items() if value}

    @property
    def is_empty(self) -> bool:
        return not (self.q.strip() or self.filters() or self.territory)


@dataclass
class PeopleResults:
    query: PeopleQuery
    total: int = 0
    members: list[User] = field(default_factory=list)  # profile loaded, expertise too
    relaxed: bool = False  # nobody had every word: those with the most of them

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


def _number(value: object, name: str, default: int, limit: int) -> int:
    if value is None:
        return default
    if not (
        isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 13
    ):  # int() would take " 5", "+5", "1_0", "": as documented
        raise InvalidInput(_("« %(name)s » doit être un nombre entier.", name=name), field=name)
    number = int(value)
    if not 1 <= number <= limit:
        raise InvalidInput(
            _("« %(name)s » va de 1 à %(limit)d.", name=name, limit=limit), field=name
        )
    return number


def parse_query(args, *, per_page: int = 20) -> PeopleQuery:
    """A PeopleQuery from request arguments (web or API); unknown values are a clear 400."""
    # Lengths and choices are checked on the values as sent, as the OpenAPI document says.
    q = args.get("q") or ""
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            _(
                "La recherche est trop longue (%(count)d caractères au plus).",
                count=MAX_QUERY_LENGTH,
            ),
            field="q",
        )
    q = q.strip()
    tag = (args.get("tag") or "").strip() or None
    if (
        tag
        and db.session.scalar(select(Tag.id).where(Tag.slug == tag, Tag.controlled.is_(True)))
        is None
    ):
        raise InvalidInput(_("Étiquette inconnue « %(tag)s ».", tag=tag), field="tag")
    sector = args.get("sector") or None
    if sector and sector not in SECTORS:
        raise InvalidInput(_("Secteur inconnu « %(sector)s ».", sector=sector), field="sector")
    status = args.get("status") or None
    if status and status not in STATUS_LABELS:
        raise InvalidInput(_("Statut inconnu « %(status)s ».", status=status), field="status")
    try:
        departement = normalise_departement(args.get("departement"))
    except ValueError as error:
        raise InvalidInput(str(error), field="departement") from None
    territory = (args.get("territory") or "").strip() or None
    if territory:
        # CONTRACT's `territory`: a département (code or name) or words of the town.
        try:
            departement = normalise_departement(territory) or departement
        except ValueError:
            if len(territory) > MAX_QUERY_LENGTH:
                raise InvalidInput(_("Le territoire est trop long."), field="territory") from None
        else:
            territory = None
    return PeopleQuery(
        q=q,
        tag=tag,
        sector=sector,
        departement=departement,
        status=status,
        territory=territory,
        page=_number(args.get("page"), "page", 1, MAX_PAGE),
        per_page=_number(args.get("per_page"), "per_page", per_page, MAX_PER_PAGE),
    )


def _has_term(viewer, fields: tuple[str, ...], term: str):
    """EXISTS: the profile has `term` in one of `fields`, in a field the viewer may see."""
    return (
        select(ProfileTerm.user_id)
        .where(
            ProfileTerm.user_id == Profile.user_id,
            ProfileTerm.field.in_(fields),
            ProfileTerm.term == term,
            visible_terms_clause(viewer),
        )
        .exists()
    )


def _word_matches(viewer, terms: list[str], *, every: bool):
    """(user_id, score, hits) of the profiles whose visible fields hold the words."""
    weight = case(TEXT_WEIGHTS, value=ProfileTerm.field, else_=1.0)
    hits = func.count(distinct(ProfileTerm.term))
    query = (
        select(ProfileTerm.user_id, func.sum(weight).label("score"), hits.label("hits"))
        .where(
            ProfileTerm.term.in_(terms),
            ProfileTerm.field.in_(tuple(TEXT_WEIGHTS)),
            visible_terms_clause(viewer),
        )
        .group_by(ProfileTerm.user_id)
    )
    if every:
        query = query.having(hits == len(terms))
    return query.subquery()


def _directory_query(viewer, query: PeopleQuery, terms: list[str], *, every: bool):
    # Users with their profile in the same row (User.profile filled: no query per card).
    base = select(User).join(Profile, Profile.user_id == User.id).where(directory_clause())
    for name, value in query.filters().items():
        assert name in EXACT_FIELDS
        base = base.where(_has_term(viewer, (name,), exact(value)))
    for term in query_terms(query.territory or "")[:MAX_QUERY_TERMS]:
        base = base.where(_has_term(viewer, ("territory",), term))
    if not terms:
        return base, (User.handle, User.id)
    matched = _word_matches(viewer, terms, every=every)
    base = base.join(matched, matched.c.user_id == Profile.user_id)
    return base, (matched.c.hits.desc(), matched.c.score.desc(), User.handle, User.id)


def _count(base) -> int:
    """The number of members `base` finds, without loading their columns."""
    return (
        db.session.scalar(
            select(func.count()).select_from(base.with_only_columns(User.id).subquery())
        )
        or 0
    )


def search_people(viewer, query: PeopleQuery) -> PeopleResults:
    """One page of the directory members `viewer` finds with `query`, best first."""
    terms = query_terms(query.q)[:MAX_QUERY_TERMS]
    results = PeopleResults(query=query)
    base, order = _directory_query(viewer, query, terms, every=True)
    results.total = _count(base)
    if not results.total and len(terms) > 1:
        base, order = _directory_query(viewer, query, terms, every=False)
        results.total = _count(base)
        results.relaxed = bool(results.total)
    if results.total:
        results.members = list(
            db.session.scalars(
                base.options(contains_eager(User.profile).selectinload(Profile.expertise))
                .order_by(*order)
                .limit(query.per_page)
                .offset((query.page - 1) * query.per_page)
            )
        )
    return results


def members_who_know(viewer, tags, *, limit: int = WHO_KNOWS_LIMIT) -> list[User]:
    """« Membres qui connaissent ce sujet »: directory members whose expertise, as `viewer`
    may see it, shares a tag with `tags`; those sharing the most first."""
    wanted = [exact(tag.slug) for tag in tags if tag.controlled]
    if not wanted:
        return []
    shared = func.count(ProfileTerm.term)
    matched = (
        select(ProfileTerm.user_id, shared.label("shared"))
        .where(
            ProfileTerm.field == "expertise",
            ProfileTerm.term.in_(wanted),
            visible_terms_clause(viewer),
        )
        .group_by(ProfileTerm.user_id)
        .subquery()
    )
    query = (
        select(User)
        .join(Profile, Profile.user_id == User.id)
        .join(matched, matched.c.user_id == Profile.user_id)
        .where(directory_clause())
        .options(contains_eager(User.profile))
        .order_by(matched.c.shared.desc(), User.handle)
        .limit(limit)
    )
    viewer_id = getattr(viewer, "id", None) if getattr(viewer, "is_authenticated", False) else None
    if viewer_id is not None:
        query = query.where(Profile.user_id != viewer_id)
    return list(db.session.scalars(query))
