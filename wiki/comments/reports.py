"""What the comments let members report: a comment they may read, not their own."""

from __future__ import annotations

from wiki.access import can
from wiki.models import Comment
from wiki.moderation.reports import reportable


@reportable("comment")
def _comment(session, reporter, reference: str):
    if not reference.isdigit() or not 0 < int(reference) <= 2**31 - 1:
        return None
    comment = session.get(Comment, int(reference))
    return comment if comment is not None and can(reporter, "comment.report", comment) else None
