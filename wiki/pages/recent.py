"""Recent changes with filters (kind, tag, group, member, new pages only, no minor edits),
for /recent and the Atom feeds: one query over the pages the viewer may see.

A filter naming a tag or a group the viewer may not see answers 404, like one that does not
exist; a member's handle only narrows the list (an unknown one gives no change, and so
tells nothing of who has an account).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, false, func, literal, select, union_all

from wiki.access import group_ids_of, visible_pages_clause
from wiki.errors import InvalidInput, NotFound
from wiki.extensions import db
from wiki.models import Comment, FollowUpChange, Group, Page, PageStatus, Revision, Tag, User
from wiki.pages.kinds import FIELDS_BY_KIND
from wiki.pages.listing import ChangesPage, _load_changes, get_tag
from wiki.pages.tagging import resolve_merged

_REVISION, _FOLLOW_UP, _COMMENT = "revision", "follow_up", "comment"
MAX_HANDLE = 100
GROUP_NOT_FOUND = "Ce groupe n'existe pas."


@dataclass
class RecentFilters:
    kind: str | None = None
    tag: Tag | None = None
    group: Group | None = None
    member: str | None = None  # a handle
    new_only: bool = False
    hide_minor: bool = False

    @property
    def active(self) -> bool:
        return any((self.kind, self.tag, self.group, self.member, self.new_only, self.hide_minor))

    def query_args(self) -> dict[str, str]:
        """The filters as query parameters, for the pagination links and the feed's."""
        args = {
            "kind": self.kind,
            "tag": self.tag.slug if self.tag else None,
            "group": self.group.slug if self.group else None,
            "member": self.member,
            "new": "1" if self.new_only else None,
            "hide_minor": "1" if self.hide_minor else None,
        }
        return {key: value for key, value in args.items() if value}


def visible_groups(user) -> list[Group]:
    """The groups whose pages `user` may see (those they belong to), by name."""
    ids = group_ids_of(user)
    if not ids:
        return []
    return list(db.session.scalars(select(Group).where(Group.id.in_(ids)).order_by(Group.name)))


def visible_group(user, slug: str) -> Group:
    """A group of `user`'s; NotFound alike for a missing group and for another's."""
    group = db.session.scalar(select(Group).where(Group.slug == slug))
    if group is None or group.id not in group_ids_of(user):
        raise NotFound(GROUP_NOT_FOUND)
    return group


def _flag(value: str | None, name: str) -> bool:
    if value in (None, "", "0"):
        return False
    if value in ("1", "on", "true"):
        return True
    raise InvalidInput(f"« {name} » vaut 1 ou 0.", field=name)


def parse_filters(user, args) -> RecentFilters:
    """The filters of a query string (request.args), checked: 400 for a bad value, 404 for
    a tag or a group the viewer may not see."""
    kind = (args.get("kind") or "").strip() or None
    if kind is not None and kind not in FIELDS_BY_KIND:
        raise InvalidInput("Type inconnu : practice ou innovation.", field="kind")
    tag_slug = (args.get("tag") or "").strip()
    group_slug = (args.get("group") or "").strip()
    member = (args.get("member") or "").strip().lstrip("@") or None
    if member is not None and len(member) > MAX_HANDLE:
        raise InvalidInput("Pseudonyme trop long.", field="member")
    tag = get_tag(user, tag_slug) if tag_slug else None
    if tag is not None and tag.merged_into_id is not None:  # an old name: its successor
        tag = resolve_merged(db.session, tag)
    return RecentFilters(
        kind=kind,
        tag=tag,
        group=visible_group(user, group_slug) if group_slug else None,
        member=member,
        new_only=_flag(args.get("new"), "new"),
        hide_minor=_flag(args.get("hide_minor"), "hide_minor"),
    )


def _page_conditions(user, filters: RecentFilters, *, drafts: bool) -> list:
    conditions = [visible_pages_clause(user)]
    if not drafts:
        conditions.append(Page.status == PageStatus.PUBLISHED)
    if filters.kind:
        conditions.append(Page.kind == filters.kind)
    if filters.tag is not None:
        conditions.append(Page.tags.any(Tag.id == filters.tag.id))
    if filters.group is not None:
        conditions.append(Page.group_id == filters.group.id)
    return conditions


def _author_is(column, handle: str | None):
    if handle is None:
        return None
    return column.in_(select(User.id).where(User.handle == handle))


def _changes_union(user, filters: RecentFilters, *, drafts: bool = True):
    """(kind, id, at) of the revisions and follow-up changes the filters keep."""
    pages = _page_conditions(user, filters, drafts=drafts)
    revision_where = list(pages)
    if filters.new_only:
        revision_where.append(Revision.number == 1)
    if filters.hide_minor:
        revision_where.append(Revision.minor.is_(False))
    by_author = _author_is(Revision.author_id, filters.member)
    if by_author is not None:
        revision_where.append(by_author)
    revisions = (
        select(
            literal(_REVISION).label("kind"),
            Revision.id.label("id"),
            Revision.created_at.label("at"),
        )
        .join(Page, Page.id == Revision.page_id)
        .where(and_(*revision_where))
    )
    follow_up_where = list(pages)
    if filters.new_only:  # a follow-up is never a new page
        follow_up_where.append(false())
    by_author = _author_is(FollowUpChange.author_id, filters.member)
    if by_author is not None:
        follow_up_where.append(by_author)
    follow_ups = (
        select(
            literal(_FOLLOW_UP).label("kind"),
            FollowUpChange.id.label("id"),
            FollowUpChange.created_at.label("at"),
        )
        .join(Page, Page.id == FollowUpChange.page_id)
        .where(and_(*follow_up_where))
    )
    # Comments of the pages kept, as their page's readers see them: not the deleted ones nor
    # those the moderation hid (their authors read those on the page itself).
    comment_where = [*pages, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)]
    if filters.new_only:  # a comment is never a new page
        comment_where.append(false())
    by_author = _author_is(Comment.author_id, filters.member)
    if by_author is not None:
        comment_where.append(by_author)
    comments = (
        select(
            literal(_COMMENT).label("kind"), Comment.id.label("id"), Comment.created_at.label("at")
        )
        .join(Page, Page.id == Comment.page_id)
        .where(and_(*comment_where))
    )
    return union_all(revisions, follow_ups, comments).subquery()


def filtered_changes(
    user,
    filters: RecentFilters,
    *,
    page: int = 1,
    per_page: int = 50,
    count: bool = True,
    drafts: bool = True,
) -> ChangesPage:
    """One page of the changes the filters keep, newest first (three queries, two without
    the count). `drafts=False` for the feeds: /recent shows its author a draft marked as one,
    but a feed's entry carries no such mark and stays in the reader (a feed is what the wiki
    publishes)."""
    changes = _changes_union(user, filters, drafts=drafts)
    rows = db.session.execute(
        select(changes.c.kind, changes.c.id)
        .order_by(changes.c.at.desc(), changes.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    total = (db.session.scalar(select(func.count()).select_from(changes)) or 0) if count else 0
    return ChangesPage(_load_changes([(kind, i) for kind, i in rows]), page, per_page, total)
