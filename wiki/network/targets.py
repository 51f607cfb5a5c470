"""What the network lets members report to the moderators: a profile they may see."""

from __future__ import annotations

from sqlalchemy import select

from wiki.access import can
from wiki.models import User
from wiki.moderation.reports import reportable


@reportable("profile")
def _profile(session, reporter, handle: str):
    member = session.scalar(select(User).where(User.handle == handle))
    return member if member is not None and can(reporter, "profile.view", member) else None
