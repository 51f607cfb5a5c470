"""Moderation: the audit log, reports to the moderators, and (later) their queue."""
