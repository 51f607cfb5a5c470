"""Profiles and their fields: who may see a profile, each of its fields, and edit it; and the
SQL filters the directory and the people search use (the same levels as the rules).

A profile is seen by its member and by moderators always, by everyone else only once the
member has put it in the directory (opt-in). Each field then shows at its own level:
public (anyone), members (approved members, access.approved_member) or hidden (the member
alone, and moderators). A search never matches a field its searcher may not see: the
filter on the profile terms' `visibility` is part of the query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, true

from wiki.access.actors import account, approved_member, approved_members_clause, is_moderator
from wiki.access.policy import rule
from wiki.models import FieldVisibility, Profile, ProfileTerm, User

PUBLIC = FieldVisibility.PUBLIC.value
MEMBERS = FieldVisibility.MEMBERS.value
HIDDEN = FieldVisibility.HIDDEN.value
EVERY_LEVEL = (PUBLIC, MEMBERS, HIDDEN)


@dataclass(frozen=True)
class ProfileField:
    """One field of one member's profile, as the resource of `profile.field.view`."""

    member: User
    name: str


def field_visibility(profile: Profile | None, name: str) -> str:
    """The visibility the member chose for a field, or the field's default."""
    from wiki.network.fields import DEFAULT_VISIBILITY

    chosen = ((profile.field_visibility if profile is not None else None) or {}).get(name)
    return chosen if chosen in EVERY_LEVEL else DEFAULT_VISIBILITY.get(name, HIDDEN)


def _sees_everything_of(viewer: User | None, owner_id: int) -> bool:
    return viewer is not None and (viewer.id == owner_id or viewer.is_moderator)


def levels_seen_by(viewer) -> tuple[str, ...]:
    """The field levels `viewer` sees on someone else's profile."""
    viewer = account(viewer)
    if viewer is not None and viewer.is_moderator:
        return EVERY_LEVEL
    if approved_member(viewer) is not None:
        return (PUBLIC, MEMBERS)
    return (PUBLIC,)


def _member_of(resource) -> User | None:
    if isinstance(resource, Profile):
        return resource.user
    return resource if isinstance(resource, User) else None


# --- one profile: the rules ---------------------------------------------------------------


@rule("profile.view", hides=True)
def _may_view_profile(viewer: User | None, resource) -> bool:
    """`resource`: the member (a User) or their Profile."""
    member = _member_of(resource)
    if member is None:
        return False
    if _sees_everything_of(viewer, member.id):
        return True
    profile = member.profile
    return bool(
        approved_member(member) is not None
        and profile is not None
        and profile.in_directory
        and profile.hidden_at is None
    )


def masked_profile(viewer, member: User | None) -> bool:
    """Is `member`'s profile hidden by the moderation from `viewer`, who would see it
    otherwise? Its address then says « masqué par la modération » (to anyone else, 404)."""
    viewer = account(viewer)
    if member is None or _sees_everything_of(viewer, member.id):
        return False
    profile = member.profile
    return bool(
        approved_member(member) is not None
        and profile is not None
        and profile.in_directory
        and profile.hidden_at is not None
    )


@rule("profile.field.view", hides=True)
def _may_view_field(viewer: User | None, item: ProfileField) -> bool:
    if not _may_view_profile(viewer, item.member):
        return False
    if _sees_everything_of(viewer, item.member.id):
        return True
    return field_visibility(item.member.profile, item.name) in levels_seen_by(viewer)


@rule("profile.edit", message="Seul·e le membre peut modifier son profil.")
def _may_edit_profile(viewer: User | None, resource) -> bool:
    member = _member_of(resource)
    return viewer is not None and member is not None and viewer.id == member.id


# --- lists, in SQL ------------------------------------------------------------------------


def directory_clause() -> ColumnElement[bool]:
    """The profiles listed in the directory (a query joining Profile and User)."""
    return and_(
        Profile.in_directory.is_(True), approved_members_clause(), Profile.hidden_at.is_(None)
    )


def visible_terms_clause(viewer, terms=ProfileTerm) -> ColumnElement[bool]:
    """A WHERE clause over profile terms keeping those of fields `viewer` may see: the
    same levels as `profile.field.view` (a viewer's own terms, all of them)."""
    viewer = account(viewer)
    if is_moderator(viewer):
        return true()
    shown = terms.visibility.in_(levels_seen_by(viewer))
    return or_(shown, terms.user_id == viewer.id) if viewer is not None else shown
