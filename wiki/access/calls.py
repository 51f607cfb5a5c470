"""Calls to the network: who reads them, posts, answers and resolves them; the SQL filter.

Calls are the network's own business: approved members read and answer them; an anonymous
visitor sees none (the list is empty, one call answers 404).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from wiki.access.actors import approved_member
from wiki.access.policy import rule
from wiki.models import Call, CallState


def visible_calls_clause(user) -> ColumnElement[bool]:
    """A WHERE clause over Call keeping what `user` may read."""
    return true() if approved_member(user) is not None else false()


@rule("call.view", hides=True)
def _may_view_call(user, _call: Call) -> bool:
    return approved_member(user) is not None


@rule("call.create", message="Les appels au réseau sont réservés aux membres.")
def _may_create_call(user, _resource=None) -> bool:
    return approved_member(user) is not None


@rule("call.answer", message="Cet appel est résolu : il ne reçoit plus de réponse.")
def _may_answer_call(user, call: Call) -> bool:
    return approved_member(user) is not None and call.state == CallState.OPEN


@rule("call.resolve", message="Seul l'auteur de l'appel peut le dire résolu.")
def _may_resolve_call(user, call: Call) -> bool:
    user = approved_member(user)
    return user is not None and call.author_id == user.id
