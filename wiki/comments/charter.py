"""The charter check of a comment: its findings, less those its writer justified."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wiki.content.charter import Finding, check_charter
from wiki.errors import InvalidInput, WikiError

KIND_LABELS = {
    "diagnosis": _l("un diagnostic"),
    "email": _l("une adresse électronique"),
    "phone": _l("un numéro de téléphone"),
    "address": _l("une adresse"),
    "birthdate": _l("une date de naissance"),
    "nir": _l("un numéro de sécurité sociale"),
    "person_name": _l("le nom d'une personne"),
}

MAX_JUSTIFICATIONS = 50
MAX_REASON = 1000


class CharterFindings(WikiError):
    """The text holds what the charter asks to fix or justify: 422, nothing saved."""

    status = 422
    code = "charter_findings"

    def __init__(self, findings: list[Finding]):
        super().__init__(
            "Le texte contient des passages que la charte demande de corriger ou de justifier.",
            details={"findings": [finding.as_dict() for finding in findings]},
        )
        self.findings = findings


def checked_justifications(value: object) -> list[dict]:
    """[{"text", "reason"}] as the API and the form give them; blank reasons are dropped."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_JUSTIFICATIONS:
        raise InvalidInput(
            f"« justifications » est une liste d'au plus {MAX_JUSTIFICATIONS} "
            'objets {"text", "reason"}.',
            field="justifications",
        )
    kept = []
    for item in value:
        if (
            not isinstance(item, dict)
            or set(item) - {"text", "reason"}
            or not isinstance(item.get("text"), str)
            or not isinstance(item.get("reason", ""), str)
        ):
            raise InvalidInput(
                'Chaque justification est un objet {"text", "reason"} de textes.',
                field="justifications",
            )
        text, reason = item["text"], (item.get("reason") or "").strip()
        if "\x00" in text or "\x00" in reason:
            raise InvalidInput("Le texte contient un caractère nul.", field="justifications")
        if len(reason) > MAX_REASON:
            raise InvalidInput(
                f"Une justification a {MAX_REASON} caractères au plus.", field="justifications"
            )
        if text and reason:
            kept.append({"text": text, "reason": reason})
    return kept


def unjustified_findings(body: str, justifications: list[dict]) -> list[Finding]:
    justified = {item["text"] for item in justifications}
    return [finding for finding in check_charter(body) if finding.text not in justified]


def require_charter(body: str, justifications: list[dict]) -> list[dict]:
    """CharterFindings if a finding is left unjustified; else the justifications that
    matter (those naming a passage the text still holds), to keep with the comment."""
    left = unjustified_findings(body, justifications)
    if left:
        raise CharterFindings(left)
    found = {finding.text for finding in check_charter(body)}
    return [item for item in justifications if item["text"] in found]
