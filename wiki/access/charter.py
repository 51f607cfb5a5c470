"""Who keeps the charter's vocabulary: the moderators."""

from __future__ import annotations

from wiki.access.actors import is_moderator
from wiki.access.policy import rule


@rule("charter.terms.manage", message="Cette page est réservée à la modération.")
def _may_manage_charter_terms(user, _resource=None) -> bool:
    return is_moderator(user)
