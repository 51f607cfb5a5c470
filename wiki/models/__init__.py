"""The SQLAlchemy models, one module per area; imported here so Alembic sees them all."""

from wiki.models.accounts import ApiToken, Role, SignInThrottle, ThrottleScope, User
from wiki.models.calls import Call, CallAnswer, CallState, call_tags
from wiki.models.charter import CharterTerm
from wiki.models.comments import Comment
from wiki.models.groups import Group, GroupRequest, GroupRequestKind, GroupRole, Membership
from wiki.models.lifecycle import InnovationStage, Stage
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
    FeedToken,
    Follow,
    FollowKind,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationSetting,
)
from wiki.models.pages import (
    CharterJustification,
    FollowUp,
    FollowUpChange,
    Page,
    PageKind,
    PageLink,
    PageStatus,
    PageTitle,
    PageTitleLink,
    Revision,
    page_tags,
)
from wiki.models.search import IndexTask, PageSearch, SearchWord
from wiki.models.tags import Tag
from wiki.models.thesaurus import ThesaurusEntry, ThesaurusState

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Block",
    "Call",
    "CallAnswer",
    "CallState",
    "Channel",
    "CharterJustification",
    "CharterTerm",
    "Comment",
    "ContactPolicy",
    "Conversation",
    "DigestPeriod",
    "FeedToken",
    "FieldVisibility",
    "Follow",
    "FollowKind",
    "FollowUp",
    "FollowUpChange",
    "Group",
    "GroupRequest",
    "GroupRequestKind",
    "GroupRole",
    "IndexTask",
    "InnovationStage",
    "MailOptOut",
    "PageSearch",
    "SearchWord",
    "MemberStatus",
    "Membership",
    "Message",
    "Notification",
    "NotificationEvent",
    "NotificationPreference",
    "NotificationSetting",
    "OutgoingMail",
    "Page",
    "PageKind",
    "PageLink",
    "PageStatus",
    "PageTitle",
    "PageTitleLink",
    "Participant",
    "Profile",
    "ProfileTerm",
    "Report",
    "ReportStatus",
    "Revision",
    "Role",
    "SignInThrottle",
    "Stage",
    "Tag",
    "ThesaurusEntry",
    "ThesaurusState",
    "ThrottleScope",
    "User",
    "call_tags",
    "page_tags",
    "profile_expertise",
]
