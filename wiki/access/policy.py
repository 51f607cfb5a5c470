"""can(actor, action, resource): the one question every view, the API and templates ask.

Each area registers the rules for its actions (`@rule("page.view")`) in a module of this
package; `can` looks the action up and answers for the actor as `account()` sees them
(None for an anonymous visitor or a deactivated account). Like Datasette's
`permission_allowed`, a rule answers for one resource; lists are filtered in SQL by the
clauses that sit beside the rules (visible_pages_clause and friends), never in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from wiki.access.actors import account
from wiki.errors import Forbidden, NotAuthenticated, NotFound

# A rule takes the actor (User or None) and a resource of the type its action is about: Any,
# since a Callable's parameters cannot be narrowed per action.
Rule = Callable[[Any, Any], bool]
R = TypeVar("R", bound=Rule)


class Action:
    """A registered action: its rule and how a refusal reads."""

    def __init__(self, name: str, check: Rule, *, hides: bool, message: str) -> None:
        self.name = name
        self.check = check
        self.hides = hides  # refused means "does not exist" (404), not "forbidden" (403)
        self.message = message


_ACTIONS: dict[str, Action] = {}


def rule(
    name: str, *, hides: bool = False, message: str = "Vous n'avez pas accès à cette action."
) -> Callable[[R], R]:
    """Register `check(actor, resource) -> bool` as the rule of action `name`.

    `hides`: a refusal must not reveal that the resource exists (reading actions).
    """

    def register(check: R) -> R:
        if name in _ACTIONS:
            raise RuntimeError(f"two rules for the action {name!r}")
        _ACTIONS[name] = Action(name, check, hides=hides, message=message)
        return check

    return register


def actions() -> list[str]:
    return sorted(_ACTIONS)


def can(actor, action: str, resource=None) -> bool:
    """May `actor` (a User, Flask-Login's anonymous user or None) do `action` on `resource`?"""
    try:
        registered = _ACTIONS[action]
    except KeyError:
        raise LookupError(f"no rule for the action {action!r}") from None
    return bool(registered.check(account(actor), resource))


def require(actor, action: str, resource=None, *, not_found: str | None = None) -> None:
    """Raise the error a refusal of `action` deserves: 404 for an action that hides what it
    protects, else 401 for an anonymous visitor and 403 for a member."""
    if can(actor, action, resource):
        return
    registered = _ACTIONS[action]
    if registered.hides:
        raise NotFound(not_found or "Cette page n'existe pas.")
    if account(actor) is None:
        raise NotAuthenticated("Connectez-vous pour continuer.")
    raise Forbidden(registered.message)
