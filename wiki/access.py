"""Who may see and do what. The ONE place that decides which pages a person may see.

Every listing of pages (views, search, feeds, API, backlinks, profiles) filters through
visible_pages_clause() or visibility_scopes(); a page someone may not see answers 404.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, not_, or_, select

from wiki.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from wiki.extensions import db
from wiki.models import Group, Membership, Page, User

PUBLIC = "public"
MEMBERS = "members"
GROUP_PREFIX = "group:"


def account(user) -> User | None:
    """The signed-in User, or None for an anonymous visitor (Flask-Login's or None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user if user.is_active else None


def group_ids_of(user) -> list[int]:
    user = account(user)
    if user is None:
        return []
    query = select(Membership.group_id).where(Membership.user_id == user.id)
    return list(db.session.scalars(query))


def visible_pages_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Page keeping only what `user` may see."""
    user = account(user)
    if user is None:
        return Page.visibility == PUBLIC
    groups = group_ids_of(user)
    return or_(
        Page.visibility.in_((PUBLIC, MEMBERS)),
        Page.group_id.in_(groups) if groups else false(),
    )


def visible_pages(user):
    """select(Page) restricted to what `user` may see."""
    return select(Page).where(visible_pages_clause(user))


def hidden_slugs(user, slugs) -> set[str]:
    """Those of `slugs` that name a page `user` may not see."""
    slugs = set(slugs)
    if not slugs:
        return set()
    return set(db.session.scalars(
        select(Page.slug).where(Page.slug.in_(slugs), not_(visible_pages_clause(user)))))


def visibility_scopes(user) -> list[str]:
    """The visibility values `user` may see, for stores that filter on the value (the index)."""
    user = account(user)
    if user is None:
        return [PUBLIC]
    slugs = db.session.scalars(
        select(Group.slug).join(Membership).where(Membership.user_id == user.id)
    )
    return [PUBLIC, MEMBERS, *(GROUP_PREFIX + slug for slug in slugs)]


def can_view(user, page: Page) -> bool:
    if page.visibility == PUBLIC:
        return True
    user = account(user)
    if user is None:
        return False
    if page.visibility == MEMBERS:
        return True
    return page.group_id is not None and page.group_id in group_ids_of(user)


def get_visible_page(user, slug: str) -> Page:
    page = db.session.scalar(select(Page).where(Page.slug == slug))
    if page is None or not can_view(user, page):
        raise NotFound("Cette page n'existe pas.")
    return page


def can_write(user) -> bool:
    return account(user) is not None


def can_edit(user, page: Page) -> bool:
    """Members improve every page they can see: the wiki is written by peers."""
    return can_write(user) and can_view(user, page)


def can_change_follow_up(user, follow_up) -> bool:
    """An observation of the follow-up of effects is corrected or deleted by its author, or by
    a moderator: it is someone's testimony, not a shared text like the page."""
    person = account(user)
    if person is None or not can_view(person, follow_up.page):
        return False
    return person.is_moderator or (follow_up.author_id is not None
                                   and follow_up.author_id == person.id)


def require_writer(user) -> User:
    user = account(user)
    if user is None:
        raise NotAuthenticated("Connectez-vous pour écrire dans le wiki.")
    return user


def get_editable_page(user, slug: str) -> Page:
    require_writer(user)
    return get_visible_page(user, slug)


def can_moderate(user) -> bool:
    user = account(user)
    return user is not None and user.is_moderator


def require_moderator(user) -> User:
    user = require_writer(user)
    if not user.is_moderator:
        raise Forbidden("Cette action est réservée à la modération.")
    return user


def require_admin(user) -> User:
    user = require_writer(user)
    if not user.is_admin:
        raise Forbidden("Cette action est réservée aux administrateurs.")
    return user


def resolve_visibility(user, value: str | None) -> tuple[str, Group | None]:
    """Check a requested visibility; a writer may restrict a page only to a group of theirs.

    `user` None means a trusted caller (the command line), allowed any existing group.
    """
    value = (value or PUBLIC).strip()
    if value in (PUBLIC, MEMBERS):
        return value, None
    if not value.startswith(GROUP_PREFIX):
        raise InvalidInput(
            f"Visibilité inconnue « {value} » : public, members ou group:<groupe>.",
            field="visibility",
        )
    slug = value.removeprefix(GROUP_PREFIX)
    group = db.session.scalar(select(Group).where(Group.slug == slug))
    if group is None:
        raise InvalidInput(f"Le groupe « {slug} » n'existe pas.", field="visibility")
    if user is not None and not (account(user) and group.id in group_ids_of(user)):
        raise InvalidInput(f"Vous n'êtes pas membre du groupe « {slug} ».", field="visibility")
    return value, group

