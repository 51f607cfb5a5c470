"""Accounts: who may approve or refuse a pending registration (moderators and admins)."""

from __future__ import annotations

from wiki.access.actors import is_moderator
from wiki.access.policy import rule


@rule("account.approve", message="Cette action est réservée à la modération.")
def _may_approve(user, _account=None) -> bool:
    return is_moderator(user)
