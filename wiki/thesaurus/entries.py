"""The thesaurus' entries: seeded from the project's lists, added, edited, deleted.

Every change raises the version counter (wiki/search/thesaurus.py recompiles on it) and
writes its audit entry, in the transaction of the change.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import select, update

from wiki.errors import InvalidInput, NotFound, TakenValue
from wiki.models import ThesaurusEntry, ThesaurusState, User
from wiki.moderation.audit import record_audit
from wiki.search.thesaurus import acronym_key, base_entries, term_key

KINDS = ("synonyms", "acronym")
MAX_TERM_LENGTH = 120
MAX_TERMS = 20
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,19}$")
_SEPARATORS = re.compile(r"[|\n\r]+")


def seed_thesaurus(session) -> int:
    """Load the project's lists into an instance that has no thesaurus yet (`wiki init`);
    an instance that has one keeps the moderators' version. Returns the entries added."""
    if session.get(ThesaurusState, 1) is not None:
        return 0
    for entry in base_entries():
        key = (
            _acronym_entry_key(entry.acronym or "")
            if entry.kind == "acronym"
            else _group_key(list(entry.terms))
        )
        session.add(
            ThesaurusEntry(kind=entry.kind, acronym=entry.acronym, terms=list(entry.terms), key=key)
        )
    session.add(ThesaurusState(id=1, version=1))
    session.flush()
    return len(base_entries())


def list_entries(session, kind: str) -> list[ThesaurusEntry]:
    entries = session.scalars(select(ThesaurusEntry).where(ThesaurusEntry.kind == kind))
    return sorted(entries, key=lambda e: ((e.acronym or "").lower(), [t.lower() for t in e.terms]))


def get_entry(session, entry_id: int) -> ThesaurusEntry:
    entry = session.get(ThesaurusEntry, entry_id)
    if entry is None:
        raise NotFound("Cette entrée du thésaurus n'existe pas (ou plus).")
    return entry


def parse_terms(text: str) -> list[str]:
    """Terms typed one a line (or separated by « | »), spaces tidied."""
    return [" ".join(part.split()) for part in _SEPARATORS.split(text or "") if part.strip()]


def save_entry(
    session,
    actor: User | None,
    kind: str,
    terms: list[str],
    *,
    acronym: str | None = None,
    entry: ThesaurusEntry | None = None,
) -> ThesaurusEntry:
    """Add an entry (`entry` None) or replace one's terms; InvalidInput for a bad one."""
    if kind not in KINDS:
        raise InvalidInput("Type d'entrée inconnu : synonymes ou sigle.", field="kind")
    cleaned = _clean_terms(terms, minimum=2 if kind == "synonyms" else 1)
    if kind == "acronym":
        acronym = _clean_acronym(acronym)
        if any(term_key(term) == acronym_key(acronym) for term in cleaned):
            raise InvalidInput(
                "Un développement ne peut pas être le sigle lui-même.", field="terms"
            )
        key = _acronym_entry_key(acronym)
    else:
        acronym, key = None, _group_key(cleaned)
    taken = session.scalar(select(ThesaurusEntry.id).where(ThesaurusEntry.key == key))
    if taken is not None and (entry is None or taken != entry.id):
        raise TakenValue(
            f"Le sigle « {acronym} » est déjà dans le thésaurus : modifiez-le."
            if kind == "acronym"
            else "Ce groupe de synonymes est déjà dans le thésaurus.",
            field="acronym" if kind == "acronym" else "terms",
        )
    action = "thesaurus.add" if entry is None else "thesaurus.edit"
    before = None if entry is None else {"acronym": entry.acronym, "terms": list(entry.terms)}
    if entry is None:
        entry = ThesaurusEntry(kind=kind)
        session.add(entry)
    entry.acronym, entry.terms, entry.key = acronym, cleaned, key
    entry.updated_by_id = actor.id if actor is not None else None
    session.flush()
    details: dict[str, Any] = {"kind": kind, "acronym": acronym, "terms": cleaned}
    if before is not None:
        details["before"] = before
    record_audit(session, actor, action, f"thesaurus:{entry.id}", **details)
    _bump_version(session)
    return entry


def delete_entry(session, actor: User | None, entry_id: int) -> ThesaurusEntry:
    entry = get_entry(session, entry_id)
    record_audit(
        session,
        actor,
        "thesaurus.delete",
        f"thesaurus:{entry.id}",
        kind=entry.kind,
        acronym=entry.acronym,
        terms=list(entry.terms),
    )
    session.delete(entry)
    _bump_version(session)
    session.flush()
    return entry


def _bump_version(session) -> None:
    """Raise the version in this transaction: every process recompiles on its next search."""
    raised = session.execute(
        update(ThesaurusState)
        .where(ThesaurusState.id == 1)
        .values(version=ThesaurusState.version + 1)
    )
    if not raised.rowcount:
        session.add(ThesaurusState(id=1, version=2))
    session.flush()


def _clean_terms(terms: list[str], *, minimum: int) -> list[str]:
    cleaned, keys = [], set()
    for term in terms:
        term = " ".join((term or "").split())
        if not term:
            continue
        if len(term) > MAX_TERM_LENGTH or '"' in term:
            raise InvalidInput(
                f"« {term[:40]} » : un terme a {MAX_TERM_LENGTH} caractères "
                "au plus, sans guillemets.",
                field="terms",
            )
        key = term_key(term)
        if not key:
            raise InvalidInput(
                f"« {term} » ne contient aucun mot que la recherche lit (des "
                "mots vides seulement).",
                field="terms",
            )
        if key not in keys:
            keys.add(key)
            cleaned.append(term)
    if len(cleaned) > MAX_TERMS:
        raise InvalidInput(f"{MAX_TERMS} termes au plus par entrée.", field="terms")
    if len(cleaned) < minimum:
        raise InvalidInput(
            "Un groupe de synonymes a au moins deux termes différents."
            if minimum == 2
            else "Donnez au moins un développement du sigle.",
            field="terms",
        )
    return cleaned


def _clean_acronym(acronym: str | None) -> str:
    acronym = (acronym or "").strip()
    if not _ACRONYM.match(acronym) or not any(c.isupper() for c in acronym):
        raise InvalidInput(
            "Un sigle a 2 à 20 lettres ou chiffres, sans espace ni point, "
            "dont au moins une capitale (RSA, PUMa).",
            field="acronym",
        )
    return acronym


def _acronym_entry_key(acronym: str) -> str:
    return f"sigle:{acronym.upper()}"


def _group_key(terms: list[str]) -> str:
    keys = sorted(" ".join(term_key(term)) for term in terms)
    return "groupe:" + hashlib.sha256("|".join(keys).encode("utf-8")).hexdigest()[:64]
