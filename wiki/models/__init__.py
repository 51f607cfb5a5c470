"""The SQLAlchemy models, one module per area; imported here so Alembic sees them all."""

from wiki.models.accounts import ApiToken, Role, User
from wiki.models.groups import Group, GroupRole, Membership
from wiki.models.pages import (
    FollowUp,
    FollowUpChange,
    Page,
    PageKind,
    PageLink,
    PageTitle,
    PageTitleLink,
    Revision,
    page_tags,
)
from wiki.models.search import IndexTask
from wiki.models.tags import Tag

__all__ = [
    "ApiToken", "FollowUp", "FollowUpChange", "Group", "GroupRole", "IndexTask", "Membership",
    "Page", "PageKind", "PageLink", "PageTitle", "PageTitleLink", "Revision", "Role", "Tag",
    "User", "page_tags",
]
