"""The pages a member wrote or improved, as a viewer may see them (a profile's page list)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, select

from wiki.access import visible_pages_clause
from wiki.extensions import db
from wiki.models import Page, Revision, User
from wiki.pages.listing import card_options

PROFILE_PAGES_LIMIT = 50

WROTE = "author"  # the member wrote the page's first version
IMPROVED = "contributor"  # they wrote a later one


@dataclass
class Contribution:
    page: Page
    role: str


def _contributed(member: User):
    return exists().where(Revision.page_id == Page.id, Revision.author_id == member.id)


def _wrote(member: User):
    return exists().where(
        Revision.page_id == Page.id, Revision.author_id == member.id, Revision.number == 1
    )


def member_pages(
    viewer, member: User, *, limit: int = PROFILE_PAGES_LIMIT
) -> tuple[int, list[Contribution]]:
    """(how many, the latest `limit`) pages `member` wrote or improved that `viewer` may
    see, most recently changed first."""
    where = and_(visible_pages_clause(viewer), _contributed(member))
    total = db.session.scalar(select(func.count(Page.id)).where(where))
    if not total:
        return 0, []
    rows = db.session.execute(
        select(Page, _wrote(member).label("wrote"))
        .where(where)
        .options(*card_options())
        .order_by(Page.updated_at.desc(), Page.id.desc())
        .limit(limit)
    ).unique()
    return total, [Contribution(page, WROTE if wrote else IMPROVED) for page, wrote in rows]
