"""What messaging lets members report: a message written to them, by its participants only."""

from __future__ import annotations

from wiki.access import can
from wiki.models import Message
from wiki.moderation.reports import reportable


@reportable("message")
def _message(session, reporter, reference: str):
    if not reference.isdigit() or not 0 < int(reference) <= 2**31 - 1:
        return None
    message = session.get(Message, int(reference))
    return message if message is not None and can(reporter, "message.report", message) else None
