"""The moderation area: who keeps the queue and the audit log, and who changes roles."""

from __future__ import annotations

from wiki.access.actors import is_admin, is_moderator
from wiki.access.policy import rule
from wiki.models import User

RESERVED = "Cette page est réservée à la modération."


@rule("moderation.view", message=RESERVED)
def _may_moderate(user: User | None, _resource=None) -> bool:
    """The queue of reports, hiding and restoring, the audit log."""
    return is_moderator(user)


@rule("role.change", message="Seuls les administrateurs changent les rôles.")
def _may_change_roles(user: User | None, _resource=None) -> bool:
    return is_admin(user)
