"""Who may see and do what: can(actor, action, resource), and the SQL filters for lists.

The rules of each area live in a module of this package and register themselves with
`policy.rule`; importing the package registers them all. Views, the API and the domain ask
`can()` / `require()` (or the named helpers below); templates get the same `can` through
`register(app)`. Lists never filter in Python: they use the SQL clauses beside the rules.
"""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from wiki.access import calls, comments, messaging, notifications  # noqa: F401 - their rules
from wiki.access.actors import (
    account,
    approved_member,
    group_ids_of,
    is_admin,
    is_moderator,
    require_admin,
    require_moderator,
    require_writer,
)
from wiki.access.network import (
    ProfileField,
    directory_clause,
    field_visibility,
    levels_seen_by,
    visible_terms_clause,
)
from wiki.access.pages import (
    GROUP_PREFIX,
    MEMBERS,
    PUBLIC,
    can_change_follow_up,
    can_edit,
    can_moderate,
    can_view,
    can_write,
    get_editable_page,
    get_visible_page,
    hidden_slugs,
    may_set_visibility,
    require_visibility_change,
    resolve_visibility,
    visibility_scopes,
    visible_pages,
    visible_pages_clause,
    widens_audience,
)
from wiki.access.policy import actions, can, require, rule

__all__ = [
    "GROUP_PREFIX", "MEMBERS", "PUBLIC", "ProfileField", "account", "actions",
    "approved_member", "can", "can_change_follow_up", "can_edit", "can_moderate", "can_view",
    "can_write", "directory_clause", "field_visibility", "get_editable_page",
    "get_visible_page", "group_ids_of", "hidden_slugs", "is_admin", "is_moderator",
    "levels_seen_by", "may_set_visibility", "register", "require", "require_admin",
    "require_moderator", "require_visibility_change", "require_writer", "resolve_visibility",
    "rule", "visibility_scopes", "visible_pages", "visible_pages_clause",
    "visible_terms_clause", "widens_audience",
]


def register(app: Flask) -> None:
    """Templates ask `can("page.edit", page)` for the person viewing: the same rules."""

    def can_current_user(action: str, resource=None) -> bool:
        return can(current_user, action, resource)

    app.jinja_env.globals["can"] = can_current_user
