"""Group domain: creating groups and adding members."""

from __future__ import annotations

from sqlalchemy import select

from wiki.auth.accounts import find_user
from wiki.content.slugs import is_valid_slug
from wiki.errors import InvalidInput, NotFound
from wiki.models import Group, GroupRole, Membership
from wiki.notifications.events import group_joined


def create_group(session, slug: str, name: str, description: str = "") -> Group:
    if not is_valid_slug(slug):
        raise InvalidInput("Identifiant de groupe invalide : minuscules, chiffres et tirets.")
    if not name.strip():
        raise InvalidInput("Le nom du groupe est obligatoire.")
    if get_group(session, slug, required=False) is not None:
        raise InvalidInput(f"Le groupe « {slug} » existe déjà.")
    group = Group(slug=slug, name=name.strip(), description=description.strip())
    session.add(group)
    session.flush()
    return group


def get_group(session, slug: str, *, required: bool = True) -> Group | None:
    group = session.scalar(select(Group).where(Group.slug == slug))
    if group is None and required:
        raise NotFound(f"Le groupe « {slug} » n'existe pas.")
    return group


def add_member(session, slug: str, email: str, role: str = GroupRole.MEMBER.value
               ) -> Membership:
    group = get_group(session, slug)
    user = find_user(session, email)
    if user is None:
        raise NotFound(f"Aucun compte pour {email}.")
    if role not in {r.value for r in GroupRole}:
        raise InvalidInput(f"Rôle de groupe inconnu « {role} ».")
    membership = session.get(Membership, (group.id, user.id))
    if membership is None:
        membership = Membership(group=group, user=user, role=role)
        session.add(membership)
        group_joined(session, group.id, user)
    else:
        membership.role = role
    session.flush()
    return membership
