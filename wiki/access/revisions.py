"""Revisions: who may read a masked one, mask one, or anonymise a page's whole history.

A masked revision's content (title, text, fields, summary) is for moderators alone; for
everyone else its revision page and any diff with it answer 404, and the history shows a
line « version masquée (motif) » in its place.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, true

from wiki.access.actors import is_moderator
from wiki.access.pages import _may_view_page
from wiki.access.policy import can, rule
from wiki.models import Page, Revision, User

SUPPRESS_RESERVED = "Seuls l'auteur de cette version et la modération peuvent la masquer."
ANONYMISE_RESERVED = "Anonymiser tout l'historique d'une page est réservé à la modération."


def sees_masked(user) -> bool:
    """Whether `user` reads masked revisions' content: the moderators."""
    return is_moderator(user)


def readable_revisions_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Revision keeping those whose content `user` may read."""
    return true() if sees_masked(user) else Revision.masked_at.is_(None)


@rule("revision.view", hides=True)
def _may_view_revision(user: User | None, revision: Revision) -> bool:
    """Its content: anyone who sees the page, unless it is masked (then moderators)."""
    if not _may_view_page(user, revision.page):
        return False
    return revision.masked_at is None or sees_masked(user)


@rule("revision.suppress", message=SUPPRESS_RESERVED)
def _may_suppress_revision(user: User | None, revision: Revision) -> bool:
    """A moderator, or the revision's author (who may regret what it said of someone)."""
    if user is None or revision.masked_at is not None or not _may_view_page(user, revision.page):
        return False
    return sees_masked(user) or (revision.author_id is not None and revision.author_id == user.id)


@rule("page.anonymise", message=ANONYMISE_RESERVED)
def _may_anonymise_page(user: User | None, page: Page) -> bool:
    return user is not None and is_moderator(user) and _may_view_page(user, page)


def can_view_revision(user, revision: Revision) -> bool:
    return can(user, "revision.view", revision)
