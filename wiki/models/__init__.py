"""The SQLAlchemy models, one module per area; imported here so Alembic sees them all."""

from wiki.models.accounts import ApiToken, Role, User
from wiki.models.calls import Call, CallAnswer, CallState, call_tags
from wiki.models.groups import Group, GroupRole, Membership
from wiki.models.mail import MailOptOut, OutgoingMail
from wiki.models.messaging import Block, Conversation, Message, Participant
from wiki.models.moderation import AuditEntry, Report, ReportStatus
from wiki.models.network import (
    ContactPolicy,
    FieldVisibility,
    MemberStatus,
    Profile,
    ProfileTerm,
    profile_expertise,
)
from wiki.models.notifications import (
    Channel,
    DigestPeriod,
    Follow,
    FollowKind,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationSetting,
)
from wiki.models.pages import FollowUp, Page, PageKind, PageLink, Revision, page_tags
from wiki.models.search import IndexTask
from wiki.models.tags import Tag

__all__ = [
    "ApiToken", "AuditEntry", "Channel", "ContactPolicy", "DigestPeriod", "FieldVisibility",
    "Follow", "FollowKind", "FollowUp", "Group", "Notification", "NotificationEvent",
    "NotificationPreference", "NotificationSetting",
    "ApiToken", "AuditEntry", "ContactPolicy", "FieldVisibility", "FollowUp", "Group",
    "Block", "Call", "CallAnswer", "CallState", "Conversation", "Message", "Participant",
    "call_tags",
    "GroupRole", "IndexTask", "MailOptOut", "MemberStatus", "Membership", "OutgoingMail",
    "Page", "PageKind", "PageLink", "Profile", "ProfileTerm", "Report", "ReportStatus",
    "Revision", "Role", "Tag", "User", "page_tags", "profile_expertise",
]
