"""The charter check in the writing flow: what a text about to be published says that the
charter asks its writer to look at again, what the writer justified, and the record of it.

« Publier » (a new page, an edit, a revert, an observation of the follow-up of effects) checks
the title, every field, the body and the edit summary; a draft's save never does. A finding
is justified by a passage of the same text (spaces and case aside) with a reason; what is
justified is stored with the revision, for the moderators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wiki.content.charter_names import TextTooLongToCheck
from wiki.errors import InvalidInput, WikiError
from wiki.extensions import db
from wiki.models import CharterJustification, FollowUp, Page, Revision, User

MAX_JUSTIFICATION_LENGTH = 500

# What each kind of finding is, in the words of the review page.
KIND_EXPLANATIONS = {
    "diagnosis": _l(
        "Une étiquette diagnostique : la charte refuse la nosographie "
        "psychiatrique ; décrivez plutôt ce que la personne vit, dit ou fait."
    ),
    "person_name": _l(
        "Un nom de personne : quelqu'un pourrait être reconnu ; remplacez-le "
        "par des initiales ou un pseudonyme."
    ),
    "address": _l(
        "Une adresse : elle permet de retrouver la personne ; dites plutôt le "
        "quartier ou la ville, si c'est utile."
    ),
    "phone": _l("Un numéro de téléphone : il identifie quelqu'un ; retirez-le."),
    "email": _l("Une adresse électronique : elle identifie quelqu'un ; retirez-la."),
    "birthdate": _l(
        "Une date de naissance : elle identifie quelqu'un ; un âge approximatif suffit."
    ),
    "nir": _l("Un numéro de sécurité sociale : il identifie quelqu'un ; retirez-le."),
}
KIND_LABELS = {
    "diagnosis": _l("diagnostic"),
    "person_name": _l("nom de personne"),
    "address": _l("adresse"),
    "phone": _l("téléphone"),
    "email": _l("adresse électronique"),
    "birthdate": _l("date de naissance"),
    "nir": _l("numéro de sécurité sociale"),
}


def find_in(text: str) -> list:
    """The one call of the charter check for every text of the writing flow: names that are
    titles of pages the writer may see are subjects of the wiki, not people to protect."""
    if not text:
        return []
    from wiki.charter.check import check_text  # wiki.charter reads pages: imported late

    return check_text(db.session, text, current_user if has_request_context() else None)


@dataclass(frozen=True)
class PassageFinding:
    """A finding of the check in one part of what is published (`part`: title, body,
    summary, a field's name, or text for an observation)."""

    part: str
    kind: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "field": self.part,
        }


@dataclass(frozen=True)
class Justification:
    """A passage the writer keeps, and why; with `kind`, for a finding of that kind only."""

    text: str
    reason: str
    kind: str | None = None
    author_id: int | None = None  # who gave the reason, if not who publishes now

    def as_dict(self) -> dict:
        return {"text": self.text, "reason": self.reason}

    def covers(self, finding_kind: str) -> bool:
        return self.kind is None or self.kind == finding_kind


PSEUDONYM_REASON = _l("Pseudonyme ou initiales choisis à la relecture.")


def pseudonym(replacement: str) -> Justification:
    """What the writer typed on the review page to replace a passage stands for a person: it
    may look like a name (« Jeanne »), and is kept as one; it covers nothing else, so that
    a label or a phone typed there is still found. Moderators read it with the revision."""
    return Justification(replacement, str(PSEUDONYM_REASON), kind="person_name")


def passage_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def clean_justifications(values: Iterable) -> list[Justification]:
    """Justifications from plain values ({"text", "reason"} dicts or Justification), checked:
    a passage and a reason, both short. Raises InvalidInput (field justifications)."""
    cleaned = []
    text: object
    reason: object
    for value in values or []:
        if isinstance(value, Justification):
            text, reason = value.text, value.reason
        elif isinstance(value, dict) and set(value) <= {"text", "reason"}:
            text, reason = value.get("text"), value.get("reason")
        else:
            raise InvalidInput(
                'Chaque justification est un objet {"text", "reason"}.', field="justifications"
            )
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(
                "Une justification cite le passage qu'elle garde (« text »).",
                field="justifications",
            )
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInput(
                f"Dites pourquoi « {text.strip()[:80]} » reste (« reason »).",
                field="justifications",
            )
        if len(text) > MAX_JUSTIFICATION_LENGTH or len(reason) > MAX_JUSTIFICATION_LENGTH:
            raise InvalidInput(
                "Une justification tient en 500 caractères au plus.", field="justifications"
            )
        cleaned.append(Justification(text.strip(), " ".join(reason.split())))
    return cleaned


@dataclass
class CharterReview:
    """Every finding in the parts checked, and which of them the writer justified."""

    findings: list[PassageFinding] = field(default_factory=list)
    justified: list[tuple[PassageFinding, Justification]] = field(default_factory=list)

    @property
    def unjustified(self) -> list[PassageFinding]:
        kept = {id(finding) for finding, _ in self.justified}
        return [f for f in self.findings if id(f) not in kept]

    def passages(self) -> list[PassageFinding]:
        """The unjustified findings, one per distinct passage, in reading order."""
        seen, distinct = set(), []
        for finding in self.unjustified:
            key = passage_key(finding.text)
            if key not in seen:
                seen.add(key)
                distinct.append(finding)
        return distinct

    def justified_json(self) -> list[dict]:
        return [
            {**finding.as_dict(), "reason": justification.reason}
            for finding, justification in self.justified
        ]


# An innovation sheet's contact field is there to name how to reach the project: its
# address, phone, email and contact person are what it is for, not someone described.
EXPECTED_IN_PART = {"contact": frozenset({"email", "phone", "person_name", "address"})}


def review_parts(
    parts: Iterable[tuple[str, str]], justifications: Iterable[Justification] = ()
) -> CharterReview:
    """Check each (part, text) and match the findings with the justifications."""
    by_passage = {passage_key(j.text): j for j in justifications}
    review = CharterReview()
    for part, text in parts:
        expected = EXPECTED_IN_PART.get(part, frozenset())
        try:
            found_in_part = find_in(text or "")
        except TextTooLongToCheck as error:  # said next to the part that is too long
            raise TextTooLongToCheck(error.length, part) from None
        for found in found_in_part:
            if found.kind in expected:
                continue
            finding = PassageFinding(part, found.kind, found.start, found.end, found.text)
            review.findings.append(finding)
            justification = by_passage.get(passage_key(found.text))
            if justification is not None and justification.covers(found.kind):
                review.justified.append((finding, justification))
    return review


def page_parts(title: str, body: str, fields: dict, summary: str = "") -> list[tuple[str, str]]:
    """What « Publier » checks of a page: its title, its fields, its body, the summary."""
    return [
        ("title", title),
        *((name, str(value or "")) for name, value in fields.items()),
        ("body", body),
        ("summary", summary),
    ]


class CharterFindings(WikiError):
    """What would be published holds findings of the charter check nobody justified: 422,
    nothing written. `review` keeps them for the review page."""

    status = 422
    code = "charter_findings"

    def __init__(self, review: CharterReview):
        count = len(review.unjustified)
        super().__init__(
            f"La vérification de la charte a relevé {count} passage(s) à revoir : corrigez, "
            "remplacez ou justifiez chacun avant de publier.",
            details={"findings": [f.as_dict() for f in review.unjustified]},
        )
        self.review = review


def require_charter(
    parts: Iterable[tuple[str, str]], justifications: Iterable[Justification]
) -> CharterReview:
    """The review of `parts`; CharterFindings if something is left unjustified."""
    review = review_parts(parts, justifications)
    if review.unjustified:
        raise CharterFindings(review)
    return review


def record_justifications(
    session,
    page: Page,
    review: CharterReview | None,
    author: User | None,
    *,
    revision: Revision | None = None,
    follow_up: FollowUp | None = None,
) -> None:
    """Store what the writer justified, one row per passage, with the revision published."""
    if review is None:
        return
    seen = set()
    for finding, justification in review.justified:
        key = passage_key(finding.text)
        if key in seen:
            continue
        seen.add(key)
        session.add(
            CharterJustification(
                page=page,
                revision=revision,
                follow_up_id=follow_up.id if follow_up else None,
                kind=finding.kind,
                text=finding.text[:MAX_JUSTIFICATION_LENGTH],
                reason=justification.reason,
                author_id=justification.author_id or (author.id if author else None),
            )
        )


def carried_justifications(session, revision_id: int | None) -> list[Justification]:
    """What was justified in a version stays justified in the next one made from it (an
    edit of the current version, a revert to an old one), for a finding of the same kind,
    with its reason and its author: nobody is asked again."""
    if revision_id is None:
        return []
    rows = session.scalars(
        select(CharterJustification)
        .where(CharterJustification.revision_id == revision_id)
        .order_by(CharterJustification.id)
    )
    return [Justification(r.text, r.reason, kind=r.kind, author_id=r.author_id) for r in rows]


def justifications_of(session, revision: Revision) -> list[CharterJustification]:
    return list(
        session.scalars(
            select(CharterJustification)
            .where(CharterJustification.revision_id == revision.id)
            .order_by(CharterJustification.id)
        )
    )


def justifications_by_revision(session, page: Page) -> dict[int, list[CharterJustification]]:
    """A page's justifications, by revision id (for the history the moderators read)."""
    found: dict[int, list[CharterJustification]] = {}
    for row in session.scalars(
        select(CharterJustification)
        .where(CharterJustification.page_id == page.id)
        .order_by(CharterJustification.id)
    ):
        if row.revision_id is not None:
            found.setdefault(row.revision_id, []).append(row)
    return found


def recent_justifications(session, limit: int = 50) -> list[CharterJustification]:
    """The latest justifications, newest first, with their page, revision and author
    loaded: for the moderators' queue (who call it; it checks no permission)."""
    return list(
        session.scalars(
            select(CharterJustification)
            .options(
                selectinload(CharterJustification.page),
                selectinload(CharterJustification.revision),
                selectinload(CharterJustification.author),
            )
            .order_by(CharterJustification.created_at.desc(), CharterJustification.id.desc())
            .limit(limit)
        )
    )


def replace_everywhere(texts: dict[str, str], replacements: dict[str, str]) -> dict[str, str]:
    """Each text with every occurrence of each passage replaced (a name by initials)."""
    result = {}
    for name, text in texts.items():
        for passage, replacement in replacements.items():
            if passage:
                text = text.replace(passage, replacement)
        result[name] = text
    return result


# --- the review page: each finding in place --------------------------------------------


@dataclass
class Segment:
    text: str
    finding: PassageFinding | None = None


def segments(text: str, findings: Iterable[PassageFinding]) -> list[Segment]:
    """`text` cut into plain runs and found passages (highlighted in place by the page)."""
    cut, at = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < at:
            continue
        if finding.start > at:
            cut.append(Segment(text[at : finding.start]))
        cut.append(Segment(text[finding.start : finding.end], finding))
        at = finding.end
    if at < len(text):
        cut.append(Segment(text[at:]))
    return cut


CIVILITIES = {
    "m",
    "m.",
    "mr",
    "mme",
    "mlle",
    "madame",
    "monsieur",
    "mademoiselle",
    "dr",
    "docteur",
    "me",
    "maître",
    "pr",
    "professeur",
}


def initials_of(name: str) -> str:
    """« Madame Dupont » → « Madame D. », « Jean DUPONT » → « J. D. »: a suggestion."""
    words = name.split()
    return " ".join(
        word if word.casefold() in CIVILITIES else f"{word[0].upper()}." for word in words
    )


def explanation(kind: str) -> str:
    return str(KIND_EXPLANATIONS.get(kind, kind))


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
