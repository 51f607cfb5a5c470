"""The SQLAlchemy models, one module per area; imported here so Alembic sees them all."""

from wiki.models.accounts import ApiToken, Role, User
from wiki.models.groups import Group, GroupRole, Membership
from wiki.models.mail import MailOptOut, OutgoingMail
from wiki.models.moderation import AuditEntry, Report, ReportStatus
from wiki.models.network import (
    ContactPolicy,
    FieldVisibility,
    MemberStatus,
    Profile,
    ProfileTerm,
    profile_expertise,
)
from wiki.models.pages import FollowUp, Page, PageKind, PageLink, Revision, page_tags
from wiki.models.search import IndexTask
from wiki.models.tags import Tag

__all__ = [
    "ApiToken", "AuditEntry", "ContactPolicy", "FieldVisibility", "FollowUp", "Group",
    "GroupRole", "IndexTask", "MailOptOut", "MemberStatus", "Membership", "OutgoingMail",
    "Page", "PageKind", "PageLink", "Profile", "ProfileTerm", "Report", "ReportStatus",
    "Revision", "Role", "Tag", "User", "page_tags", "profile_expertise",
]
