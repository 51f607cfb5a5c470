"""Comparing versions of a page: title, each field, tags and body, word by word."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from wiki.content.diff import word_diff
from wiki.errors import InvalidInput, NotFound
from wiki.models import Page, Revision
from wiki.pages.editing import PageDraft, get_revision
from wiki.pages.kinds import FIELDS_BY_KIND


@dataclass
class VersionText:
    """The parts of a version a reader compares."""

    title: str
    body: str = ""
    fields: dict = field(default_factory=dict)
    tags: list = field(default_factory=list)

    @classmethod
    def of_revision(cls, revision: Revision) -> VersionText:
        return cls(
            revision.title,
            revision.body or "",
            dict(revision.fields or {}),
            list(revision.tag_slugs or []),
        )

    @classmethod
    def of_draft(cls, draft: PageDraft) -> VersionText:
        return cls(
            draft.title or "", draft.body or "", dict(draft.fields or {}), list(draft.tags or [])
        )


@dataclass
class DiffPart:
    label: object  # a lazy string
    html: Markup
    changed: bool


def compare_versions(kind: str, old: VersionText, new: VersionText) -> list[DiffPart]:
    """Every part of the page, in reading order, with its word diff."""
    from flask_babel import lazy_gettext as _l

    pairs: list[tuple[object, str, str]] = [(_l("Titre"), old.title, new.title)]
    for spec in FIELDS_BY_KIND[kind]:
        pairs.append((spec.label, old.fields.get(spec.name, ""), new.fields.get(spec.name, "")))
    pairs.append((_l("Étiquettes"), ", ".join(old.tags), ", ".join(new.tags)))
    pairs.append((_l("Texte"), old.body, new.body))
    return [DiffPart(label, word_diff(a, b), a != b) for label, a, b in pairs if a or b]


MAX_REVISION_NUMBER = 2**31 - 1  # beyond any column's reach: looking it up would overflow


def checked_number(number: int) -> int:
    if not 0 < number <= MAX_REVISION_NUMBER:
        raise NotFound(f"La version {number} de cette page n'existe pas.")
    return number


def revision_numbers(
    from_value: str | None,
    to_value: str | None,
    page: Page,
    *,
    previous: Callable[[int], int | None] | None = None,
) -> tuple[int, int]:
    """The two revision numbers asked for in ?from=&to=; defaults: previous and current.

    `previous(to)`, if given, names the default start (the reader's previous readable
    revision: wiki.pages.masking); None from it means `to` itself (nothing before it to
    compare with), no `previous` means `to - 1`."""

    def number(value: str | None, default: int, name: str) -> int:
        if value is None or value == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise InvalidInput(
                f"Numéro de version invalide : « {value[:20]} ».", field=name
            ) from None

    to_number = checked_number(number(to_value, page.version, "to"))
    if previous is not None:
        default_from = previous(to_number) or to_number
    else:
        default_from = max(to_number - 1, 1)
    from_number = checked_number(number(from_value, default_from, "from"))
    return from_number, to_number


def compare_revisions(
    session, page: Page, from_number: int, to_number: int
) -> tuple[Revision, Revision, list[DiffPart]]:
    old = get_revision(session, page, from_number)
    new = get_revision(session, page, to_number)
    parts = compare_versions(page.kind, VersionText.of_revision(old), VersionText.of_revision(new))
    return old, new, parts
