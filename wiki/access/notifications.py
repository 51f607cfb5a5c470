"""Following and notifications: members follow what they may see; a group, its members only."""

from __future__ import annotations

from wiki.access.actors import approved_member, group_ids_of
from wiki.access.policy import rule
from wiki.models import Group, User


@rule(
    "follow.create", message="Connectez-vous pour suivre des pages, des étiquettes ou des membres."
)
def _may_follow(user: User | None, _resource=None) -> bool:
    return approved_member(user) is not None


@rule("group.follow", hides=True)
def _may_follow_group(user: User | None, group: Group) -> bool:
    """Only a group's members hear of its life (its pages may be its alone)."""
    return approved_member(user) is not None and group.id in group_ids_of(user)


@rule("notifications.read", message="Connectez-vous pour lire vos notifications.")
def _may_read_notifications(user: User | None, _resource=None) -> bool:
    return user is not None
