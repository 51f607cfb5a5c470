"""Who keeps the search thesaurus: the moderators."""

from __future__ import annotations

from wiki.access.actors import is_moderator
from wiki.access.policy import rule


@rule("thesaurus.manage", message="Cette page est réservée à la modération.")
def _may_manage_thesaurus(user, _resource=None) -> bool:
    return is_moderator(user)
