"""The moderators' extra diagnostic labels: added, removed, listed, read by each check."""

from __future__ import annotations

import re

from sqlalchemy import select

from wiki.content.charter import base_terms, term_pattern
from wiki.content.folding import fold
from wiki.errors import InvalidInput, NotFound, TakenValue
from wiki.extensions import db
from wiki.models import CharterTerm, User
from wiki.moderation.audit import record_audit

MAX_TERM_LENGTH = 120
_TERM = re.compile(r"^[^\W\d_]+(?:[ '’-]+[^\W\d_]+){0,7}$")


def term_key(term: str) -> str:
    """One term once, whatever its accents, case and spacing."""
    return " ".join(re.split(r"[\s'-]+", fold(term)))


def clean_term(term: str) -> str:
    """`term` as stored, or InvalidInput: letters in up to eight words (with spaces, hyphens
    and apostrophes between them), 2 to 120 characters."""
    cleaned = " ".join((term or "").split())
    if len(cleaned) < 2 or len(cleaned) > MAX_TERM_LENGTH or not _TERM.match(cleaned):
        raise InvalidInput(
            "Un terme est fait de lettres (un à huit mots, 120 caractères au "
            "plus), sans chiffres ni ponctuation.",
            field="term",
        )
    term_pattern(cleaned)  # raises nothing for such a term: checked once here all the same
    return cleaned


def list_terms(session) -> list[CharterTerm]:
    return list(session.scalars(select(CharterTerm).order_by(CharterTerm.key)))


def add_term(session, actor: User | None, term: str) -> CharterTerm:
    """Add a label to the charter check (and its audit entry, in the same transaction)."""
    cleaned = clean_term(term)
    key = term_key(cleaned)
    if key in {term_key(t) for t in base_terms()}:
        raise TakenValue(f"« {cleaned} » est déjà dans la liste du wiki.", field="term")
    if session.scalar(select(CharterTerm.id).where(CharterTerm.key == key)) is not None:
        raise TakenValue(f"« {cleaned} » est déjà dans la liste.", field="term")
    created = CharterTerm(
        term=cleaned, key=key, created_by_id=actor.id if actor is not None else None
    )
    session.add(created)
    record_audit(session, actor, "charter.term.add", f"charter-term:{key}", term=cleaned)
    session.flush()
    return created


def remove_term(session, actor: User | None, term: str) -> None:
    """Remove a moderators' label (the project's own list is changed in the code)."""
    key = term_key(term or "")
    found = session.scalar(select(CharterTerm).where(CharterTerm.key == key))
    if found is None:
        raise NotFound(f"« {term} » n'est pas un terme ajouté par la modération.")
    session.delete(found)
    record_audit(session, actor, "charter.term.remove", f"charter-term:{key}", term=found.term)
    session.flush()


def extra_terms() -> tuple[str, ...]:
    """The moderators' labels, read at each check (one small query; the check compiles a
    set of terms once and keeps it while the set stays the same)."""
    return tuple(db.session.scalars(select(CharterTerm.term).order_by(CharterTerm.key)))
