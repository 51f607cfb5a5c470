"""Group domain: creating groups, and membership: asking to join, inviting, answering,
leaving, and what facilitators manage (each step in the audit log)."""

from __future__ import annotations

from typing import Literal, overload

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from wiki.access import approved_member, require
from wiki.access.actors import approved_members_clause
from wiki.access.groups import (
    GROUP_NOT_FOUND,
    invitation_for,
    membership_of,
    request_of,
    visible_groups_clause,
)
from wiki.auth.accounts import find_user
from wiki.content.slugs import is_valid_slug
from wiki.errors import Conflict, InvalidInput, NotFound
from wiki.models import Group, GroupRequest, GroupRequestKind, GroupRole, Membership, User
from wiki.moderation.audit import record_audit
from wiki.notifications.events import group_invited, group_joined, group_requested

ROLES = {r.value for r in GroupRole}


def create_group(
    session, slug: str, name: str, description: str = "", *, closed: bool = True
) -> Group:
    if not is_valid_slug(slug):
        raise InvalidInput("Identifiant de groupe invalide : minuscules, chiffres et tirets.")
    if not name.strip():
        raise InvalidInput("Le nom du groupe est obligatoire.")
    if get_group(session, slug, required=False) is not None:
        raise InvalidInput(f"Le groupe « {slug} » existe déjà.")
    group = Group(slug=slug, name=name.strip(), description=description.strip(), closed=closed)
    session.add(group)
    session.flush()
    return group


@overload
def get_group(session, slug: str, *, required: Literal[True] = True) -> Group: ...
@overload
def get_group(session, slug: str, *, required: bool) -> Group | None: ...
def get_group(session, slug: str, *, required: bool = True) -> Group | None:
    """A group by slug, for trusted callers (the command line, the demo)."""
    group = session.scalar(select(Group).where(Group.slug == slug))
    if group is None and required:
        raise NotFound(f"Le groupe « {slug} » n'existe pas.")
    return group


def get_visible_group(session, user, slug: str) -> Group:
    """The group as `user` may see it; a closed one of others answers like a missing one."""
    group = session.scalar(select(Group).where(Group.slug == slug))
    require(user, "group.view", group, not_found=GROUP_NOT_FOUND)
    return group


def visible_groups(session, user) -> list[Group]:
    return list(
        session.scalars(select(Group).where(visible_groups_clause(user)).order_by(Group.name))
    )


def members(session, group: Group) -> list[Membership]:
    """Facilitators first, then by name."""
    return list(
        session.scalars(
            select(Membership)
            .join(User, Membership.user_id == User.id)
            .where(Membership.group_id == group.id, approved_members_clause())
            .options(selectinload(Membership.user))
            .order_by(Membership.role != GroupRole.FACILITATOR.value, User.display_name)
        )
    )


def facilitators(session, group: Group) -> list[User]:
    return [m.user for m in members(session, group) if m.role == GroupRole.FACILITATOR]


def requests(session, group: Group, kind: str) -> list[GroupRequest]:
    return list(
        session.scalars(
            select(GroupRequest)
            .where(GroupRequest.group_id == group.id, GroupRequest.kind == kind)
            .options(selectinload(GroupRequest.user))
            .order_by(GroupRequest.created_at)
        )
    )


def invitations_of(session, user) -> list[GroupRequest]:
    user = approved_member(user)
    if user is None:
        return []
    return list(
        session.scalars(
            select(GroupRequest)
            .where(
                GroupRequest.user_id == user.id, GroupRequest.kind == GroupRequestKind.INVITATION
            )
            .options(selectinload(GroupRequest.group))
            .order_by(GroupRequest.created_at)
        )
    )


def join_group(session, group: Group, user: User, role: str = GroupRole.MEMBER.value) -> Membership:
    for pending in session.scalars(
        select(GroupRequest).where(
            GroupRequest.group_id == group.id, GroupRequest.user_id == user.id
        )
    ):
        session.delete(pending)
    membership = Membership(group=group, user=user, role=role)
    session.add(membership)
    group_joined(session, group.id, user)
    session.flush()
    return membership


def add_member(session, slug: str, email: str, role: str = GroupRole.MEMBER.value) -> Membership:
    """The command line adds a member (or changes their role)."""
    group = get_group(session, slug)
    user = find_user(session, email)
    if user is None:
        raise NotFound(f"Aucun compte pour {email}.")
    if role not in ROLES:
        raise InvalidInput(f"Rôle de groupe inconnu « {role} ».")
    membership = session.get(Membership, (group.id, user.id))
    if membership is None:
        membership = join_group(session, group, user, role)
    else:
        membership.role = role
    session.flush()
    return membership


# --- a member's side ----------------------------------------------------------------------


def ask_to_join(session, user: User, group: Group) -> Membership | GroupRequest:
    """A request to an open group, waiting for a facilitator; answering an invitation
    joins at once (both sides asked)."""
    require(user, "group.join", group)
    invitation = invitation_for(user, group)
    if invitation is not None:
        membership = join_group(session, group, user)
        record_audit(session, user, "group.invitation_accepted", f"group:{group.slug}")
        return membership
    existing = request_of(user, group)
    if existing is not None:
        return existing
    request = GroupRequest(group_id=group.id, user_id=user.id, kind=GroupRequestKind.REQUEST)
    session.add(request)
    session.flush()
    group_requested(session, request.id, user)
    return request


def decline_invitation(session, user: User, group: Group) -> None:
    invitation = invitation_for(user, group)
    if invitation is None:
        raise NotFound(_("Vous n'avez pas d'invitation de ce groupe."))
    session.delete(invitation)
    record_audit(session, user, "group.invitation_declined", f"group:{group.slug}")


def withdraw_request(session, user: User, group: Group) -> None:
    pending = request_of(user, group)
    if pending is not None:
        session.delete(pending)


def leave(session, user: User, group: Group) -> None:
    require(user, "group.leave", group)
    membership = membership_of(user, group)
    assert membership is not None  # group.leave is for members
    if (
        membership.role == GroupRole.FACILITATOR
        and _other_members(session, group, user)
        and len(facilitators(session, group)) <= 1
    ):
        raise Conflict(
            _("Vous êtes le seul animateur du groupe : nommez-en un autre avant de le quitter.")
        )
    session.delete(membership)
    record_audit(session, user, "group.left", f"group:{group.slug}")
    session.flush()


def _other_members(session, group: Group, user: User) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.group_id == group.id, Membership.user_id != user.id)
        )
        or 0
    )


# --- what facilitators manage -------------------------------------------------------------


def approved_member_named(session, who: str) -> User | None:
    """An approved member named by handle (with or without @) or by address."""
    who = (who or "").strip()
    if not who:
        return None
    handle = who.removeprefix("@").lower()
    return session.scalar(
        select(User).where(
            approved_members_clause(),
            or_(User.handle == handle, func.lower(User.email) == who.lower()),
        )
    )


def invite(session, facilitator: User, group: Group, who: str) -> Membership | GroupRequest:
    """Invite a member by handle or address; one who had asked to join joins at once."""
    require(facilitator, "group.manage", group)
    user = approved_member_named(session, who)
    if user is None:
        raise InvalidInput(
            _(
                "Aucun adhérent validé ne répond à « %(who)s » : donnez son "
                "pseudonyme (@…) ou son adresse électronique.",
                who=who.strip(),
            ),
            field="who",
        )
    if session.get(Membership, (group.id, user.id)) is not None:
        raise InvalidInput(
            _("%(name)s est déjà membre du groupe.", name=user.display_name), field="who"
        )
    record_audit(session, facilitator, "group.invited", f"group:{group.slug}", member=user.handle)
    if request_of(user, group) is not None:
        return join_group(session, group, user)
    existing = invitation_for(user, group)
    if existing is not None:
        return existing
    invitation = GroupRequest(
        group_id=group.id,
        user_id=user.id,
        kind=GroupRequestKind.INVITATION,
        invited_by_id=facilitator.id,
    )
    session.add(invitation)
    session.flush()
    group_invited(session, invitation.id, facilitator)
    return invitation


def _request(session, group: Group, user_id: int) -> GroupRequest:
    pending = session.scalar(
        select(GroupRequest).where(
            GroupRequest.group_id == group.id,
            GroupRequest.user_id == user_id,
            GroupRequest.kind == GroupRequestKind.REQUEST,
        )
    )
    if pending is None:
        raise NotFound(_("Cette demande n'existe pas ou a déjà reçu une réponse."))
    return pending


def approve_request(session, facilitator: User, group: Group, user_id: int) -> Membership:
    require(facilitator, "group.manage", group)
    pending = _request(session, group, user_id)
    user = pending.user
    if approved_member(user) is None:
        raise NotFound(_("Cette demande n'existe pas ou a déjà reçu une réponse."))
    membership = join_group(session, group, user)
    record_audit(
        session, facilitator, "group.request_approved", f"group:{group.slug}", member=user.handle
    )
    return membership


def decline_request(session, facilitator: User, group: Group, user_id: int) -> None:
    require(facilitator, "group.manage", group)
    pending = _request(session, group, user_id)
    record_audit(
        session,
        facilitator,
        "group.request_declined",
        f"group:{group.slug}",
        member=pending.user.handle,
    )
    session.delete(pending)


def _membership(session, group: Group, user_id: int) -> Membership:
    membership = session.get(Membership, (group.id, user_id))
    if membership is None:
        raise NotFound(_("Ce membre n'est pas dans le groupe."))
    return membership


def remove_member(session, facilitator: User, group: Group, user_id: int) -> None:
    require(facilitator, "group.manage", group)
    if user_id == facilitator.id:
        raise InvalidInput(_("Pour vous retirer du groupe, quittez-le."))
    membership = _membership(session, group, user_id)
    record_audit(
        session,
        facilitator,
        "group.member_removed",
        f"group:{group.slug}",
        member=membership.user.handle,
    )
    session.delete(membership)
    session.flush()


def set_role(session, facilitator: User, group: Group, user_id: int, role: str) -> Membership:
    require(facilitator, "group.manage", group)
    if role not in ROLES:
        raise InvalidInput(_("Rôle de groupe inconnu « %(role)s ».", role=role), field="role")
    membership = _membership(session, group, user_id)
    if membership.role == role:
        return membership
    if role == GroupRole.MEMBER and len(facilitators(session, group)) <= 1:
        raise Conflict(_("Le groupe garde au moins un animateur."))
    membership.role = role
    record_audit(
        session,
        facilitator,
        "group.role_changed",
        f"group:{group.slug}",
        member=membership.user.handle,
        role=role,
    )
    return membership
