"""Reports: a member points something out to the moderators, with a reason.

What can be reported is registered by each area (`@reportable("message")`) with a function
finding the target as the reporter may see it: a target the reporter may not see answers
exactly like one that does not exist, so reporting reveals nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from wiki.errors import InvalidInput, NotFound
from wiki.models import Report, User
from wiki.notifications.events import report_filed

MAX_REASON = 2000

# kind -> finder(session, reporter, reference) -> the object, or None if not visible
_FINDERS: dict[str, Callable] = {}


def reportable(kind: str):
    def register(finder: Callable) -> Callable:
        _FINDERS[kind] = finder
        return finder

    return register


def reportable_kinds() -> list[str]:
    return sorted(_FINDERS)


def parse_target(target: object) -> tuple[str, str]:
    if not isinstance(target, str) or ":" not in target:
        raise InvalidInput(
            "La cible s'écrit « genre:référence », par exemple page:mon-recit.", field="target"
        )
    kind, _, reference = target.partition(":")
    if kind not in _FINDERS or not reference.strip():
        kinds = ", ".join(reportable_kinds())
        raise InvalidInput(f"On peut signaler : {kinds}.", field="target")
    return kind, reference.strip()


def find_reportable(session, reporter: User | None, target: object):
    """What `target` names, if `reporter` may see (and so report) it; else 404 as missing."""
    kind, reference = parse_target(target)
    item = _FINDERS[kind](session, reporter, reference) if reporter is not None else None
    if item is None:
        raise NotFound("Ce que vous signalez n'existe pas.")
    return item


def file_report(session, reporter: User, target: str, reason: object) -> Report:
    """A new open report on `target` ("page:slug", "message:12"...) seen by `reporter`."""
    kind, reference = parse_target(target)
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput("Dites en quelques mots ce qui pose problème.", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"Le motif est trop long ({MAX_REASON} caractères au plus).", field="reason"
        )
    find_reportable(session, reporter, target)
    report = Report(reporter_id=reporter.id, target=f"{kind}:{reference}", reason=reason.strip())
    session.add(report)
    session.flush()
    report_filed(session, report.id, reporter)
    return report
