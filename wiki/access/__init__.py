"""Who may see and do what: can(actor, action, resource), and the SQL filters for lists.

The rules of each area live in a module of this package and register themselves with
`policy.rule`; importing the package registers them all. Views, the API and the domain ask
`can()` / `require()` (or the named helpers below); templates get the same `can` through
`register(app)`. Lists never filter in Python: they use the SQL clauses beside the rules.
"""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from wiki.access import (  # noqa: F401 - register their rules
    accounts,
    calls,
    charter,
    comments,
    groups,
    messaging,
    moderation,
    notifications,
    revisions,
    thesaurus,
)
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
    masked_profile,
    visible_terms_clause,
)
from wiki.access.pages import (
    DRAFT,
    GROUP_PREFIX,
    MEMBERS,
    PUBLIC,
    PUBLISHED,
    can_change_follow_up,
    can_edit,
    can_moderate,
    can_publish,
    can_view,
    can_write,
    drafts_clause,
    get_editable_page,
    get_visible_page,
    hidden_slugs,
    index_visibility,
    is_author,
    masked_page,
    may_set_visibility,
    require_visibility_change,
    resolve_visibility,
    visibility_scopes,
    visible_pages,
    visible_pages_clause,
    widens_audience,
)
from wiki.access.policy import actions, can, require, rule
from wiki.access.revisions import can_view_revision, readable_revisions_clause, sees_masked

__all__ = [
    "DRAFT",
    "GROUP_PREFIX",
    "MEMBERS",
    "PUBLIC",
    "PUBLISHED",
    "ProfileField",
    "account",
    "actions",
    "approved_member",
    "can",
    "can_change_follow_up",
    "can_edit",
    "can_moderate",
    "can_view",
    "can_publish",
    "can_view_revision",
    "can_write",
    "directory_clause",
    "drafts_clause",
    "field_visibility",
    "get_editable_page",
    "get_visible_page",
    "group_ids_of",
    "hidden_slugs",
    "index_visibility",
    "is_admin",
    "is_author",
    "is_moderator",
    "masked_page",
    "masked_profile",
    "readable_revisions_clause",
    "levels_seen_by",
    "may_set_visibility",
    "register",
    "require",
    "require_admin",
    "require_moderator",
    "require_visibility_change",
    "require_writer",
    "resolve_visibility",
    "rule",
    "sees_masked",
    "visibility_scopes",
    "visible_pages",
    "visible_pages_clause",
    "visible_terms_clause",
    "widens_audience",
]


def register(app: Flask) -> None:
    """Templates ask `can("page.edit", page)` for the person viewing: the same rules."""

    def can_current_user(action: str, resource=None) -> bool:
        return can(current_user, action, resource)

    app.jinja_env.globals["can"] = can_current_user
