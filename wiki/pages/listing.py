"""Lists of pages as a person may see them: by kind, by tag, backlinks, recent changes.

Every query here filters through wiki.access and loads what the lists show in a bounded
number of queries (no N+1: tags, group and current fields come with the pages).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import defer, joinedload, selectinload

from wiki.access import drafts_clause, visible_pages, visible_pages_clause
from wiki.errors import NotFound
from wiki.extensions import db
from wiki.models import Comment, FollowUpChange, Page, PageLink, Revision, Tag, User
from wiki.pages.sectors import decode as decode_sectors
from wiki.pages.sectors import in_order as sectors_in_order
from wiki.pages.tagging import resolve_merged, tag_counts


def card_options() -> tuple:
    """What a page card shows: tags, group, the current revision's fields (not its body)."""
    return (
        selectinload(Page.tags),
        joinedload(Page.group),
        # Loaded apart, for the rows kept: joined, SQLite would read the revision (past its
        # long body) of every row it sorts before the LIMIT.
        selectinload(Page.current).load_only(Revision.id, Revision.number, Revision.fields),
    )


def pages_query(
    user,
    *,
    kind: str | None = None,
    tag: str | None = None,
    departement: str | None = None,
    sector: str | None = None,
    stage: str | None = None,
):
    """Visible pages, newest change first, optionally of one kind, carrying one tag, of one
    département (a code), of one sector (a slug of wiki.pages.sectors), or (an innovation
    sheet) at one stage."""
    query = visible_pages(user).options(*card_options())
    for clause in filter_clauses(
        kind=kind, tag=tag, departement=departement, sector=sector, stage=stage
    ):
        query = query.where(clause)
    return query.order_by(Page.updated_at.desc(), Page.id.desc())


def filter_clauses(
    *,
    kind: str | None = None,
    tag: str | None = None,
    departement: str | None = None,
    sector: str | None = None,
    stage: str | None = None,
) -> list:
    """WHERE clauses over Page for the lists' filters (visibility is the caller's)."""
    clauses = []
    if kind:
        clauses.append(Page.kind == kind)
    if stage:
        clauses.append(Page.stage == stage)
    if tag:
        clauses.append(Page.tags.any(Tag.slug == tag))
    if departement:
        clauses.append(Page.departement == departement)
    if sector:  # a slug of wiki.pages.sectors, among those its fields name
        clauses.append(Page.sectors.contains(f",{sector},", autoescape=True))
    return clauses


def sector_counts(user, **filters) -> dict[str, int]:
    """How many pages `user` may see name each sector (with the lists' filters), the
    busiest first: one small column read, counted here (a page names a few sectors)."""
    counts: Counter[str] = Counter()
    for value in db.session.scalars(
        select(Page.sectors).where(
            visible_pages_clause(user), Page.sectors.is_not(None), *filter_clauses(**filters)
        )
    ):
        counts.update(decode_sectors(value))
    return sectors_in_order(counts)


def departement_counts(user, **filters) -> dict[str, int]:
    """How many pages `user` may see in each département (with the lists' filters)."""
    query = (
        select(Page.departement, func.count(Page.id))
        .where(
            visible_pages_clause(user), Page.departement.is_not(None), *filter_clauses(**filters)
        )
        .group_by(Page.departement)
    )
    return {code: count for code, count in db.session.execute(query) if code is not None}


def list_pages(
    user,
    *,
    kind: str | None = None,
    tag: str | None = None,
    page: int = 1,
    per_page: int = 20,
    departement: str | None = None,
    sector: str | None = None,
    stage: str | None = None,
):
    """One page of pages_query(): a Flask-SQLAlchemy Pagination (items, page, pages, total)."""
    return db.paginate(
        pages_query(user, kind=kind, tag=tag, departement=departement, sector=sector, stage=stage),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def latest_pages(user, kind: str, limit: int = 5) -> list[Page]:
    return list(db.session.scalars(pages_query(user, kind=kind).limit(limit)).unique())


def visible_slug_exists(user, slug: str) -> bool:
    return (
        db.session.scalar(select(Page.id).where(Page.slug == slug, visible_pages_clause(user)))
        is not None
    )


def backlinks(user, slug: str) -> list[Page]:
    """Visible pages whose text links to `slug` (« pages qui pointent ici »)."""
    query = (
        select(Page)
        .join(PageLink, PageLink.source_id == Page.id)
        .where(PageLink.target_slug == slug, visible_pages_clause(user))
        .order_by(Page.title)
    )
    return list(db.session.scalars(query))


def page_authors(page: Page) -> list[User]:
    """The distinct authors of a page's revisions, in order of their first contribution."""
    first = (
        select(Revision.author_id, func.min(Revision.number).label("first"))
        .where(Revision.page_id == page.id, Revision.author_id.is_not(None))
        .group_by(Revision.author_id)
        .subquery()
    )
    query = select(User).join(first, first.c.author_id == User.id).order_by(first.c.first)
    return list(db.session.scalars(query))


def page_history(page: Page) -> list[Revision]:
    """A page's revisions, newest first, with their authors, without their bodies."""
    query = (
        select(Revision)
        .where(Revision.page_id == page.id)
        .options(joinedload(Revision.author), defer(Revision.body), defer(Revision.html))
        .order_by(Revision.number.desc())
    )
    return list(db.session.scalars(query))


@dataclass
class Change:
    """One change of a page: a revision, or a change of its follow-up of effects."""

    at: datetime
    page: Page
    author: User | None
    revision: Revision | None = None
    follow_up: FollowUpChange | None = None
    comment: Comment | None = None

    @classmethod
    def of(cls, item: Revision | FollowUpChange | Comment) -> Change:
        if isinstance(item, Revision):
            return cls(item.created_at, item.page, item.author, revision=item)
        if isinstance(item, Comment):
            assert item.page is not None  # the comments of pages only are page changes
            return cls(item.created_at, item.page, item.author, comment=item)
        return cls(item.created_at, item.page, item.author, follow_up=item)


@dataclass
class ChangesPage:
    """One page of recent changes, shaped like a Pagination for the pagination macro."""

    items: list[Change]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


_REVISION, _FOLLOW_UP, _COMMENT = "revision", "follow_up", "comment"


def _changes_union(user):
    """(kind, id, at) of every revision and follow-up change of the pages `user` may see."""
    revisions = (
        select(
            literal(_REVISION).label("kind"),
            Revision.id.label("id"),
            Revision.created_at.label("at"),
        )
        .join(Page, Page.id == Revision.page_id)
        .where(visible_pages_clause(user))
    )
    follow_ups = (
        select(
            literal(_FOLLOW_UP).label("kind"),
            FollowUpChange.id.label("id"),
            FollowUpChange.created_at.label("at"),
        )
        .join(Page, Page.id == FollowUpChange.page_id)
        .where(visible_pages_clause(user))
    )
    return union_all(revisions, follow_ups).subquery()


def _load_changes(rows: list[tuple[str, int]]) -> list[Change]:
    """The changes named by (kind, id) rows, in their order: two queries in all."""
    revision_ids = [i for kind, i in rows if kind == _REVISION]
    change_ids = [i for kind, i in rows if kind == _FOLLOW_UP]
    comment_ids = [i for kind, i in rows if kind == _COMMENT]
    loaded: dict[tuple[str, int], Revision | FollowUpChange | Comment] = {}
    if revision_ids:
        for revision in db.session.scalars(
            select(Revision)
            .where(Revision.id.in_(revision_ids))
            .options(
                joinedload(Revision.page),
                joinedload(Revision.author),
                defer(Revision.body),
                defer(Revision.html),
                defer(Revision.fields),
            )
        ):
            loaded[_REVISION, revision.id] = revision
    if change_ids:
        for change in db.session.scalars(
            select(FollowUpChange)
            .where(FollowUpChange.id.in_(change_ids))
            .options(joinedload(FollowUpChange.page), joinedload(FollowUpChange.author))
        ):
            loaded[_FOLLOW_UP, change.id] = change
    if comment_ids:
        for comment in db.session.scalars(
            select(Comment)
            .where(Comment.id.in_(comment_ids))
            .options(joinedload(Comment.page), joinedload(Comment.author))
        ):
            loaded[_COMMENT, comment.id] = comment
    return [Change.of(loaded[key]) for key in rows if key in loaded]


def recent_changes(user, *, page: int = 1, per_page: int = 50) -> ChangesPage:
    """Revisions and follow-up changes of the pages `user` may see, newest first."""
    changes = _changes_union(user)
    rows = db.session.execute(
        select(changes.c.kind, changes.c.id)
        .order_by(changes.c.at.desc(), changes.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    total = db.session.scalar(select(func.count()).select_from(changes)) or 0
    return ChangesPage(_load_changes([(kind, i) for kind, i in rows]), page, per_page, total)


def latest_changes(user, limit: int = 50) -> list[Change]:
    return recent_changes(user, page=1, per_page=limit).items


def follow_up_history(page: Page) -> list[FollowUpChange]:
    """The changes of a page's follow-up of effects, newest first, with their authors."""
    return list(
        db.session.scalars(
            select(FollowUpChange)
            .where(FollowUpChange.page_id == page.id)
            .options(joinedload(FollowUpChange.author))
            .order_by(FollowUpChange.created_at.desc(), FollowUpChange.id.desc())
        )
    )


def history_changes(page: Page) -> list[Change]:
    """A page's revisions and follow-up changes together, newest first."""
    changes = [Change.of(r) for r in page_history(page)]
    changes += [Change.of(c) for c in follow_up_history(page)]
    return sorted(changes, key=lambda c: (c.at, c.revision is not None), reverse=True)


def tag_index(user) -> list[tuple[Tag, int]]:
    """Controlled tags (always) then free tags carried by at least one visible page.

    A free tag used only on pages someone may not see is not shown to them: its name alone
    could tell what a restricted page is about.
    """
    return [(tag, count) for tag, count in tag_counts(user) if tag.controlled or count]


def controlled_tags() -> list[Tag]:
    return list(
        db.session.scalars(select(Tag).where(Tag.controlled.is_(True)).order_by(Tag.label_fr))
    )


def get_tag(user, slug: str) -> Tag:
    """A tag to show: controlled, or free and carried by a page `user` may see, or merged
    into a tag to show (the caller redirects)."""
    tag = db.session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is not None and tag.merged_into_id is not None:
        # The old name of a merged tag: shown (as a redirect) if its successor would be.
        get_tag(user, resolve_merged(db.session, tag).slug)
        return tag
    if tag is not None and not tag.controlled:
        carried = db.session.scalar(
            select(func.count(Page.id)).where(
                visible_pages_clause(user), Page.tags.any(Tag.id == tag.id)
            )
        )
        if not carried:
            tag = None
    if tag is None:
        raise NotFound("Cette étiquette n'existe pas.")
    return tag


def merge_choices(source: Tag) -> list:
    """The tags another may be merged into: controlled first, then free, by label."""
    from wiki.pages.forms import choice

    tags = db.session.scalars(
        select(Tag)
        .where(Tag.id != source.id, Tag.merged_into_id.is_(None))
        .order_by(Tag.controlled.desc(), Tag.label_fr)
    )
    return [choice(tag.slug, tag.label_fr) for tag in tags]


def drafts_of(user, limit: int = 200) -> list[Page]:
    """The drafts `user` may see (theirs, their groups'), last changed first: « Mes
    brouillons »."""
    return list(
        db.session.scalars(
            select(Page)
            .where(drafts_clause(user))
            .options(*card_options())
            .order_by(Page.updated_at.desc(), Page.id.desc())
            .limit(limit)
        ).unique()
    )
