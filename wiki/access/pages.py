"""Pages: who may see, write and edit them, and the SQL filters every list of pages uses.

Every listing of pages (views, search, feeds, API, backlinks, profiles) filters through
visible_pages_clause() or visibility_scopes(); a page someone may not see answers 404.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, false, not_, or_, select, true
from sqlalchemy.orm import aliased

from wiki.access.actors import (
    account,
    approved_member,
    group_ids_of,
    is_moderator,
    require_writer,
)
from wiki.access.policy import can, require, rule
from wiki.errors import Forbidden, ForbiddenValue, InvalidInput, NotFound
from wiki.extensions import db
from wiki.models import Group, GroupRole, Membership, Page, Revision, User

PUBLIC = "public"
MEMBERS = "members"
GROUP_PREFIX = "group:"
PAGE_NOT_FOUND = "Cette page n'existe pas."
PENDING_WRITER = (
    "Votre compte attend la validation d'un modérateur : vous pourrez écrire "
    "et modifier des pages une fois validé."
)
PUBLISHED = "published"
DRAFT = "draft"


# --- lists, in SQL ------------------------------------------------------------------------


def _published_clause(user) -> ColumnElement[bool]:
    """The published pages `user` may see (a page hidden by the moderation: its authors and
    the moderators alone, as `page.view`)."""
    user = approved_member(user)
    if user is None:
        return and_(Page.visibility == PUBLIC, Page.hidden_at.is_(None))
    groups = group_ids_of(user)
    audience = or_(
        Page.visibility.in_((PUBLIC, MEMBERS)),
        Page.group_id.in_(groups) if groups else false(),
    )
    return and_(audience, _unhidden_for(user))


def _unhidden_for(user: User) -> ColumnElement[bool]:
    if is_moderator(user):
        return true()
    written = aliased(Revision)  # the query may join Revision already (recent changes)
    return or_(
        Page.hidden_at.is_(None),
        exists().where(written.page_id == Page.id, written.author_id == user.id),
    )


HIDDEN_SCOPE = "moderation:hidden"


def index_visibility(visibility: str, hidden_at) -> str:
    """The `visibility` the search index stores for a page: a page hidden by the moderation
    goes under a scope nobody searches (`visibility_scopes` never gives it)."""
    return HIDDEN_SCOPE if hidden_at is not None else visibility


def drafts_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Page keeping the drafts `user` may see: those they wrote a
    revision of, and a group's drafts for its members (_may_view_page's rule for drafts)."""
    user = account(user)
    if user is None:
        return false()
    groups = group_ids_of(user)
    written = Page.id.in_(select(Revision.page_id).where(Revision.author_id == user.id))
    return and_(
        Page.status == DRAFT, or_(written, Page.group_id.in_(groups)) if groups else written
    )


def visible_pages_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Page keeping only what `user` may see: the published pages of
    their audience, and the drafts they write (or their group writes)."""
    published = and_(Page.status == PUBLISHED, _published_clause(user))
    if account(user) is None:
        return published
    return or_(published, drafts_clause(user))


def visible_pages(user):
    """select(Page) restricted to what `user` may see."""
    return select(Page).where(visible_pages_clause(user))


def hidden_slugs(user, slugs) -> set[str]:
    """Those of `slugs` that name a page `user` may not see."""
    slugs = set(slugs)
    if not slugs:
        return set()
    return set(
        db.session.scalars(
            select(Page.slug).where(Page.slug.in_(slugs), not_(visible_pages_clause(user)))
        )
    )


def visibility_scopes(user) -> list[str]:
    """The visibility values `user` may see, for stores that filter on the value (the index)."""
    user = approved_member(user)
    if user is None:
        return [PUBLIC]
    slugs = db.session.scalars(
        select(Group.slug).join(Membership).where(Membership.user_id == user.id)
    )
    return [PUBLIC, MEMBERS, *(GROUP_PREFIX + slug for slug in slugs)]


# --- one page: the rules --------------------------------------------------------------------


def is_author(user, page: Page) -> bool:
    """Whether `user` wrote a revision of `page`."""
    user = account(user)
    return (
        user is not None
        and page.id is not None
        and db.session.scalar(
            select(Revision.id)
            .where(Revision.page_id == page.id, Revision.author_id == user.id)
            .limit(1)
        )
        is not None
    )


def is_creator(user, page: Page) -> bool:
    """Whether `user` wrote the first revision of `page`: the one who created it (an edit
    makes someone an author, never the creator)."""
    user = account(user)
    return (
        user is not None
        and page.id is not None
        and db.session.scalar(
            select(Revision.author_id).where(Revision.page_id == page.id, Revision.number == 1)
        )
        == user.id
    )


def in_audience(user: User | None, page: Page) -> bool:
    """Is `user` among those the page's visibility speaks to (public, members, its group)?"""
    if page.visibility == PUBLIC:
        return True
    if approved_member(user) is None:
        return False
    if page.visibility == MEMBERS:
        return True
    return page.group_id is not None and page.group_id in group_ids_of(user)


def sees_hidden_page(user: User | None, page: Page) -> bool:
    """A page hidden by the moderation stays readable by the moderators and its authors."""
    if user is None:
        return False
    return is_moderator(user) or is_author(user, page)


@rule("page.view", hides=True)
def _may_view_page(user: User | None, page: Page) -> bool:
    if page.status == DRAFT:
        # A draft is its authors' (and its group's, for a group page), nobody else's.
        if account(user) is None:
            return False
        if page.group_id is not None and page.group_id in group_ids_of(user):
            return True
        return is_author(user, page)
    if not in_audience(user, page):
        return False
    return page.hidden_at is None or sees_hidden_page(user, page)


def masked_page(user, slug: str) -> Page | None:
    """The page at `slug` if it is hidden by the moderation from `user`, who would see it
    otherwise: its address then says « masqué par la modération » (to anyone else, 404)."""
    page = db.session.scalar(select(Page).where(Page.slug == slug))
    if page is None or page.hidden_at is None or not in_audience(account(user), page):
        return None
    return None if sees_hidden_page(account(user), page) else page


@rule("page.create", message="Connectez-vous pour écrire dans le wiki.")
def _may_create_page(user: User | None, _resource=None) -> bool:
    """Every account writes: a pending one keeps drafts until it is approved."""
    return account(user) is not None


@rule("page.publish", message=PENDING_WRITER)
def _may_publish(user: User | None, _resource=None) -> bool:
    """Approved members publish (a page, an edit, a revert); a pending account waits."""
    return approved_member(user) is not None


@rule("page.edit", message=PENDING_WRITER)
def _may_edit_page(user: User | None, page: Page) -> bool:
    """Members improve every page they can see: the wiki is written by peers. A pending
    account edits its own drafts only."""
    if approved_member(user) is not None:
        return _may_view_page(user, page)
    return page.status == DRAFT and is_author(user, page)


WIDENING_RESERVED = (
    "Seuls l'auteur de la page (qui l'a créée), les animateurs de son groupe et les "
    "modérateurs peuvent élargir sa visibilité."
)


@rule("page.widen_visibility", message=WIDENING_RESERVED)
def _may_widen_visibility(user: User | None, page: Page) -> bool:
    """Peers edit every page, but who reads it is for those who answer for it: the member
    who created it (not anyone who wrote a revision: every member may edit, so one trivial
    edit would do), the facilitators of its group, the moderators."""
    if user is None or not _may_view_page(user, page):
        return False
    if is_moderator(user):
        return True
    if (
        page.group_id is not None
        and db.session.scalar(
            select(Membership.user_id).where(
                Membership.group_id == page.group_id,
                Membership.user_id == user.id,
                Membership.role == GroupRole.FACILITATOR.value,
            )
        )
        is not None
    ):
        return True
    return is_creator(user, page)


@rule("page.see_justifications", hides=True)
def _may_see_justifications(user: User | None, page: Page) -> bool:
    """The reasons a writer gave for keeping a passage the charter check found are for the
    page's authors and the moderators."""
    return _may_view_page(user, page) and (is_moderator(user) or is_author(user, page))


def widens_audience(current: str, requested: str) -> bool:
    """Whether `requested` lets someone read the page who could not under `current`:
    members → public, a group → members or public, one group → another group."""
    if requested == current or current == PUBLIC:
        return False
    if requested == PUBLIC:
        return True
    if current == MEMBERS:
        return False  # members → a group narrows
    return current.startswith(GROUP_PREFIX)  # a group → members, or another group


def may_set_visibility(user, page: Page, requested: str) -> bool:
    """May `user` give the existing `page` the visibility `requested`? Narrowing and keeping
    are open to every editor; widening is page.widen_visibility's. The one rule the form's
    choices, the web save, the API's PUT and every other save (editing.save_revision) ask."""
    return not widens_audience(page.visibility, requested) or can(
        user, "page.widen_visibility", page
    )


@rule("tags.moderate", message="Cette action est réservée à la modération.")
def _may_moderate_tags(user: User | None, _resource=None) -> bool:
    return is_moderator(user)


# --- the names the views and the domain call ----------------------------------------------


def can_view(user, page: Page) -> bool:
    return can(user, "page.view", page)


def can_write(user) -> bool:
    return can(user, "page.create")


def can_publish(user) -> bool:
    return can(user, "page.publish")


def can_edit(user, page: Page) -> bool:
    return can(user, "page.edit", page)


def can_moderate(user) -> bool:
    return is_moderator(user)


def require_visibility_change(user, page: Page, requested: str) -> None:
    """Forbidden (403) with who may widen, if `user` may not give `page` that visibility."""
    if not may_set_visibility(user, page, requested):
        raise Forbidden(WIDENING_RESERVED, field="visibility")


def get_visible_page(user, slug: str) -> Page:
    page = db.session.scalar(select(Page).where(Page.slug == slug))
    if page is None:
        raise NotFound(PAGE_NOT_FOUND)
    require(user, "page.view", page, not_found=PAGE_NOT_FOUND)
    return page


@rule(
    "follow_up.change",
    message="Seuls l'auteur de l'observation et la modération peuvent la corriger ou la supprimer.",
)
def _may_change_follow_up(user: User | None, follow_up) -> bool:
    """An observation of the follow-up of effects is corrected or deleted by its author, or by
    a moderator: it is someone's testimony, not a shared text like the page."""
    if user is None or not _may_view_page(user, follow_up.page):
        return False
    return user.is_moderator or (follow_up.author_id is not None and follow_up.author_id == user.id)


def can_change_follow_up(user, follow_up) -> bool:
    return can(user, "follow_up.change", follow_up)


def get_editable_page(user, slug: str) -> Page:
    require_writer(user)
    page = get_visible_page(user, slug)
    require(user, "page.edit", page)
    return page


def resolve_visibility(user, value: str | None) -> tuple[str, Group | None]:
    """Check a requested visibility; a writer may restrict a page only to a group of theirs.

    `user` None means a trusted caller (the command line), allowed any existing group.
    """
    value = PUBLIC if value is None else value
    if value in (PUBLIC, MEMBERS):
        return value, None
    if not value.startswith(GROUP_PREFIX):
        raise InvalidInput(
            f"Visibilité inconnue « {value} » : public, members ou group:<groupe>.",
            field="visibility",
        )
    slug = value.removeprefix(GROUP_PREFIX)
    group = db.session.scalar(select(Group).where(Group.slug == slug))
    if user is None and group is None:
        raise InvalidInput(f"Le groupe « {slug} » n'existe pas.", field="visibility")
    if user is not None and (group is None or group.id not in group_ids_of(user)):
        # One answer, word for word, whether the group exists or not: a closed group's
        # existence is not told to those outside it (wiki.access.groups).
        raise ForbiddenValue(
            f"« {slug} » n'est pas l'un de vos groupes : une page ne peut "
            "être réservée qu'à l'un de vos groupes.",
            field="visibility",
        )
    return value, group
