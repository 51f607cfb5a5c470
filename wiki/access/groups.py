"""Groups: who sees a group, its members and pages, who asks to join, invites, manages.

An open group is seen by anyone and any approved member may ask to join it. A closed group
exists only for its members (and for the member it invited, who must know what they are
asked to join): to anyone else it answers exactly like a group that does not exist, in
every place (its page, lists, the API, visibility choices, error messages).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select

from wiki.access.actors import approved_member, group_ids_of, is_moderator
from wiki.access.policy import rule
from wiki.extensions import db
from wiki.models import Group, GroupRequest, GroupRequestKind, GroupRole, Membership, User

GROUP_NOT_FOUND = "Ce groupe n'existe pas."


def membership_of(user, group: Group) -> Membership | None:
    """The approved `user`'s membership of `group`, or None."""
    user = approved_member(user)
    if user is None or group is None or group.id is None:
        return None
    return db.session.get(Membership, (group.id, user.id))


def is_facilitator(user, group: Group) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.role == GroupRole.FACILITATOR


def _pending_of(user, group: Group, kind: GroupRequestKind) -> GroupRequest | None:
    """`user`'s waiting request or invitation (by `kind`) for `group`, if any."""
    user = approved_member(user)
    if user is None or group is None or group.id is None:
        return None
    return db.session.scalar(
        select(GroupRequest).where(
            GroupRequest.group_id == group.id,
            GroupRequest.user_id == user.id,
            GroupRequest.kind == kind,
        )
    )


def invitation_for(user, group: Group) -> GroupRequest | None:
    return _pending_of(user, group, GroupRequestKind.INVITATION)


def request_of(user, group: Group) -> GroupRequest | None:
    return _pending_of(user, group, GroupRequestKind.REQUEST)


# --- lists, in SQL ------------------------------------------------------------------------


def visible_groups_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Group keeping what `user` may see: open groups, their own, and
    those that invited them."""
    user = approved_member(user)
    if user is None:
        return Group.closed.is_(False)
    return or_(
        Group.closed.is_(False),
        Group.id.in_(select(Membership.group_id).where(Membership.user_id == user.id)),
        Group.id.in_(
            select(GroupRequest.group_id).where(
                GroupRequest.user_id == user.id, GroupRequest.kind == GroupRequestKind.INVITATION
            )
        ),
    )


# --- the rules ----------------------------------------------------------------------------


@rule("group.view", hides=True)
def _may_view_group(user: User | None, group: Group) -> bool:
    if group is None:
        return False
    if not group.closed:
        return True
    return membership_of(user, group) is not None or invitation_for(user, group) is not None


@rule("group.members.view", hides=True)
def _may_view_members(user: User | None, group: Group) -> bool:
    """Who belongs to a group is for its members (facilitators are named to all who see it)."""
    return membership_of(user, group) is not None


@rule("group.pages.view", hides=True)
def _may_view_group_pages(user: User | None, group: Group) -> bool:
    return group is not None and group.id in group_ids_of(user)


@rule(
    "group.join",
    message="Seuls les adhérents validés peuvent demander à rejoindre un groupe ouvert.",
)
def _may_ask_to_join(user: User | None, group: Group) -> bool:
    """An approved member asks an open group, or answers the invitation of a closed one."""
    if approved_member(user) is None or membership_of(user, group) is not None:
        return False
    return not group.closed or invitation_for(user, group) is not None


@rule("group.create", message="Seuls les modérateurs créent des groupes.")
def _may_create_group(user: User | None, resource=None) -> bool:
    """The association founds its workshops and Balint groups: its moderators do."""
    return approved_member(user) is not None and is_moderator(user)


@rule("group.manage", message="Seuls les animateurs du groupe gèrent ses membres.")
def _may_manage_group(user: User | None, group: Group) -> bool:
    return is_facilitator(user, group)


@rule("group.leave", message="Vous n'êtes pas membre de ce groupe.")
def _may_leave_group(user: User | None, group: Group) -> bool:
    return membership_of(user, group) is not None
