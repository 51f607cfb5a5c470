"""Import and export of pages in the JSON Lines format of CONTRACT.md (one page a line, UTF-8).

A line of the import format::

    {"kind": "practice", "title": "...", "body": "markdown", "tags": ["aller-vers"],
     "visibility": "public", "author": "someone@example.org", "fields": {"territory": "Orléans"},
     "slug": "optional-slug", "follow_ups": [{"date": "2024-03-01", "area": "people",
                                              "text": "..."}]}

- `kind` and `title` are required; every other key is optional. Any other key is an error.
- `author`: the email of an account; without it, the importer's default author. With
  `create_missing` (what `wiki import` does), an author with no account gets one, without a
  password, named by `author_name` (an addition: export writes it) or by the address's local
  part: so that an export imports into an empty wiki, as CONTRACT promises.
- `visibility`: `public`, `members` or `group:<slug>` of a group; with `create_missing`, a
  group that does not exist is created, closed to all but the authors of its pages.
- `fields`: each field's text; a typed field (wiki.pages.typed_fields: `territory`,
  `duration`, `places_dates`, `partners`, `registration_deadline`) may be given its typed
  value instead, e.g. `"duration": {"days": 3, "hours": 21, "note": "Maximum"}`,
  `"places_dates": [{"group": "Groupe 1", "place": "Orléans", "dates": [],
  "to_be_defined": true}]`, `"partners": ["DGCS"]`, `"registration_deadline":
  "2021-11-19"`, `"territory": {"town": "Orléans", "departement": "45"}`; its text is then
  the value's canonical French text. A text is read as a typed value when it can be
  (« Maximum 3 jours / 21 heures », « 19/11/2021 »), and kept as text alone when not.
- `typed_fields` (an addition, which export writes): the typed values by key (`territory`,
  `duration`, `sessions`, `partners`, `registration_deadline`), which win over what the
  text reads; a field's text that reads otherwise is replaced by the value's text. A bad
  value stops the import with its line number, like any bad line.
- `follow_ups` (an addition to the contract's format, innovation sheets only): the dated
  follow-up of effects, each `{"date": "YYYY-MM-DD", "area": "people" | "practices" |
  "organisations", "text": "..."}`. Export writes it only when a sheet has follow-ups.
- `status` (an addition too): `draft` for a draft, which export writes; absent: published.
- `stage` / `stages` (additions, innovation sheets only, wiki.lifecycle): the current stage
  (`"experimentation"`, since the day of the import), or the dated history
  `[{"stage": ..., "since": "YYYY-MM-DD", "note": "..."}]`, which export writes.

Import is all or nothing: every line is checked before anything is written, and the first bad
line stops it with its number (ImportLineError). The caller owns the transaction: it commits
after import_lines() returns and rolls back if it raises.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wiki.access import GROUP_PREFIX, MEMBERS, PUBLIC
from wiki.auth.accounts import MAX_NAME_LENGTH, find_user, normalise_email
from wiki.content.charter_names import TextTooLongToCheck
from wiki.content.slugs import MAX_SLUG_LENGTH, slugify
from wiki.errors import InvalidInput, WikiError
from wiki.lifecycle.stages import StageEntry, history_entries, parse_stage_input
from wiki.models import Group, InnovationStage, Page, Revision, Tag, User
from wiki.pages.bulk import PageBatch
from wiki.pages.charter_review import page_parts, review_parts
from wiki.pages.editing import RESERVED_SLUGS, PageDraft, is_private_visibility, private_slug
from wiki.pages.kinds import FOLLOW_UP_AREAS
from wiki.pages.tagging import MAX_TAG_LENGTH, MAX_TAGS_PER_PAGE

IMPORT_KEYS = (
    "kind",
    "title",
    "body",
    "tags",
    "visibility",
    "author",
    "author_name",
    "fields",
    "typed_fields",
    "slug",
    "follow_ups",
    "status",
    "stage",
    "stages",
)
FOLLOW_UP_KEYS = ("date", "area", "text")
IMPORT_SUMMARY = "Import"
EXPORT_BATCH = 500
_SLUG_QUERY_CHUNK = 500

Progress = Callable[[int, int], None]


class ImportLineError(InvalidInput):
    """A bad line: its message names the line, « Erreur ligne N : ... »."""

    def __init__(self, line: int, message: str):
        super().__init__(f"Erreur ligne {line} : {message}", details={"line": line})
        self.line = line
        self.reason = message


@dataclass
class _PendingPage:
    line: int
    draft: PageDraft
    author_email: str | None
    explicit_slug: bool
    follow_ups: list[tuple[date, str, str]] = field(default_factory=list)
    stages: list[StageEntry] = field(default_factory=list)


@dataclass
class CreatedOnImport:
    """What an import with `create_missing` had to create: accounts (email → name) and
    groups (slug → the emails of its pages' authors, made its members)."""

    accounts: dict[str, str] = field(default_factory=dict)
    groups: dict[str, set[str]] = field(default_factory=dict)


class _Checker:
    """Checks lines one by one against the database as it is before the import."""

    def __init__(
        self,
        session,
        default_author: User | None,
        skip_existing: bool,
        created: CreatedOnImport | None = None,
    ):
        self.session = session
        self.default_author = default_author
        self.skip_existing = skip_existing
        self.created = created  # None: what is missing is an error
        self.group_slugs = set(session.scalars(select(Group.slug)))
        self.known_authors: dict[str, bool] = {}
        self.slugs_in_file: dict[str, int] = {}

    def check(self, number: int, raw: bytes | str) -> _PendingPage | None:
        """The page a line describes, None for a blank line; ImportLineError if it is bad."""
        text = self._decode(number, raw)
        if not text.strip():
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportLineError(
                number, f"JSON invalide ({error.msg}, colonne {error.colno})."
            ) from None
        if not isinstance(data, dict):
            raise ImportLineError(number, "la ligne doit être un objet JSON {...}.")
        try:
            return self._page(number, data)
        except ImportLineError:
            raise
        except WikiError as error:
            raise ImportLineError(number, error.message) from None

    @staticmethod
    def _decode(number: int, raw: bytes | str) -> str:
        if isinstance(raw, str):
            text = raw
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ImportLineError(
                    number, f"UTF-8 invalide (octet {error.start + 1} de la ligne)."
                ) from None
        if number == 1:
            text = text.removeprefix("\ufeff")  # a byte order mark some editors write
        return text

    def _page(self, number: int, data: dict) -> _PendingPage:
        unknown = [key for key in data if key not in IMPORT_KEYS]
        if unknown:
            raise InvalidInput(
                f"clé inconnue : {', '.join(unknown)} (clés possibles : {', '.join(IMPORT_KEYS)})."
            )
        if "kind" not in data:
            raise InvalidInput("la clé « kind » est obligatoire (practice ou innovation).")
        if not isinstance(data["kind"], str):
            raise InvalidInput("« kind » doit être practice ou innovation.")
        if "title" not in data:
            raise InvalidInput("la clé « title » est obligatoire.")
        draft = PageDraft(
            kind=data["kind"],
            title=data["title"],
            body="" if data.get("body") is None else data["body"],
            fields=data.get("fields"),  # type: ignore[arg-type]  # clean() checks it
            typed_fields=data.get("typed_fields"),
            tags=_checked_tags(data.get("tags")),
            visibility=self._visibility(data.get("visibility")),
            summary=IMPORT_SUMMARY,
            slug=data.get("slug"),
            status=data.get("status") or "published",
        ).clean()
        author_email = self._author(data.get("author"), data.get("author_name"))
        if self.created is not None and draft.visibility.startswith(GROUP_PREFIX):
            slug = draft.visibility.removeprefix(GROUP_PREFIX)
            if slug in self.created.groups:
                author = author_email or (
                    self.default_author.email if self.default_author else None
                )
                if author:
                    self.created.groups[slug].add(author)
        follow_ups = _checked_follow_ups(draft.kind, data.get("follow_ups"))
        stages = history_entries(
            parse_stage_input(draft.kind, data.get("stage"), data.get("stages"))
        )
        pending = _PendingPage(
            number, draft, author_email, draft.slug is not None, follow_ups, stages
        )
        if draft.slug is not None:
            if draft.slug in RESERVED_SLUGS:
                raise InvalidInput(f"l'identifiant « {draft.slug} » est réservé.")
            first = self.slugs_in_file.get(draft.slug)
            if first is not None:
                raise InvalidInput(
                    f"l'identifiant « {draft.slug} » est déjà celui de la ligne {first}."
                )
            self.slugs_in_file[draft.slug] = number
        return pending

    def _visibility(self, value: object) -> str:
        if value is None:
            return PUBLIC
        if not isinstance(value, str):
            raise InvalidInput("« visibility » doit être du texte.")
        value = value.strip()
        if value in (PUBLIC, MEMBERS):
            return value
        if not value.startswith(GROUP_PREFIX):
            raise InvalidInput(
                f"visibilité inconnue « {value} » : public, members ou group:<groupe>."
            )
        slug = value.removeprefix(GROUP_PREFIX)
        if slug not in self.group_slugs:
            if self.created is None:
                raise InvalidInput(f"le groupe « {slug} » n'existe pas.")
            if slugify(slug) != slug or len(slug) > MAX_SLUG_LENGTH:
                raise InvalidInput(f"« {slug} » ne peut pas être l'identifiant d'un groupe.")
            self.created.groups.setdefault(slug, set())
        return value

    def _author(self, email: object, name: object = None) -> str | None:
        """The author's email (None: the default author), checked against the accounts."""
        if email is None:
            if self.default_author is None:
                raise InvalidInput(
                    "pas d'auteur : donnez « author » ou un compte par défaut (--as EMAIL)."
                )
            return None
        if not isinstance(email, str) or not email.strip():
            raise InvalidInput("« author » doit être l'adresse d'un compte.")
        email = email.strip().lower()
        if email not in self.known_authors:
            self.known_authors[email] = find_user(self.session, email) is not None
        if not self.known_authors[email]:
            if self.created is None:
                raise InvalidInput(f"aucun compte pour l'auteur {email}.")
            if name is not None and not isinstance(name, str):
                raise InvalidInput("« author_name » doit être du texte.")
            normalise_email(email)  # an account is made for it: a real address
            name = " ".join((name or "").split()) or email.partition("@")[0]
            if len(name) > MAX_NAME_LENGTH:
                raise InvalidInput(f"« author_name » a plus de {MAX_NAME_LENGTH} caractères.")
            self.created.accounts.setdefault(email, name)
        return email


def _checked_tags(names: object) -> list[str]:
    """The rules of tagging.resolve_tags, checked without creating any tag."""
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InvalidInput("« tags » doit être une liste de textes.")
    if len(names) > MAX_TAGS_PER_PAGE:
        raise InvalidInput(f"au plus {MAX_TAGS_PER_PAGE} étiquettes par page.")
    for name in names:
        name = " ".join(name.split())
        if len(name) > MAX_TAG_LENGTH:
            raise InvalidInput(f"étiquette trop longue : « {name[:40]}… ».")
        if name and not slugify(name):
            raise InvalidInput(f"étiquette sans lettre ni chiffre : « {name} ».")
    return names


def _checked_follow_ups(kind: str, entries: object) -> list[tuple[date, str, str]]:
    if entries is None or entries == []:
        return []
    if kind != "innovation":
        raise InvalidInput("« follow_ups » ne concerne que les fiches innovation.")
    if not isinstance(entries, list):
        raise InvalidInput("« follow_ups » doit être une liste d'objets.")
    checked = []
    for index, entry in enumerate(entries, start=1):
        where = f"suivi n° {index}"
        if not isinstance(entry, dict):
            raise InvalidInput(f"{where} : un objet {{date, area, text}} est attendu.")
        unknown = [key for key in entry if key not in FOLLOW_UP_KEYS]
        if unknown:
            raise InvalidInput(f"{where} : clé inconnue : {', '.join(unknown)}.")
        try:
            observed_on = date.fromisoformat(entry.get("date") or "")
        except (TypeError, ValueError):
            raise InvalidInput(f"{where} : date invalide (AAAA-MM-JJ attendu).") from None
        area = entry.get("area")
        if area not in FOLLOW_UP_AREAS:
            raise InvalidInput(
                f"{where} : domaine inconnu « {area} » ({', '.join(FOLLOW_UP_AREAS)})."
            )
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(f"{where} : le texte est obligatoire.")
        checked.append((observed_on, area, text))
    return checked


def _existing(session, slugs: Iterable[str]) -> set[str]:
    slugs = sorted(set(slugs))
    found: set[str] = set()
    for start in range(0, len(slugs), _SLUG_QUERY_CHUNK):
        chunk = slugs[start : start + _SLUG_QUERY_CHUNK]
        found.update(session.scalars(select(Page.slug).where(Page.slug.in_(chunk))))
    return found


def _assign_slugs(session, pages: list[_PendingPage], skip_existing: bool) -> list[_PendingPage]:
    """Give every page its slug before writing, so that nothing can collide half-way.

    An explicit slug already used in the wiki is an error (or, with skip_existing, the line
    is skipped); a title's slug takes the first free `-2`, `-3`... suffix, and a group page's
    a random one.
    """
    explicit = {p.draft.slug for p in pages if p.explicit_slug and p.draft.slug}
    bases = {p.line: _title_slug(p.draft.title) for p in pages if not p.explicit_slug}
    taken = _existing(session, explicit | set(bases.values()))
    kept = []
    for page in pages:
        if page.explicit_slug:
            if page.draft.slug in taken:
                if skip_existing:
                    continue
                raise ImportLineError(
                    page.line, f"une page « {page.draft.slug} » existe déjà dans le wiki."
                )
            kept.append(page)
    used = taken | explicit
    for page in pages:
        if page.explicit_slug:
            continue
        base = bases[page.line]
        if is_private_visibility(page.draft.visibility):  # as create_page does: see editing
            slug = private_slug(base)
            while slug in used or _existing(session, [slug]):
                slug = private_slug(base)
        else:
            slug, n = base, 2
            while slug in used or (slug != base and _existing(session, [slug])):
                suffix = f"-{n}"
                slug, n = base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix, n + 1
        used.add(slug)
        page.draft.slug = slug
        kept.append(page)
    kept.sort(key=lambda p: p.line)
    return kept


def _title_slug(title: str) -> str:
    base = slugify(title) or "page"
    return f"{base}-page" if base in RESERVED_SLUGS else base


def check_lines(
    session,
    lines: Iterable[bytes | str],
    *,
    default_author: User | None = None,
    skip_existing: bool = False,
    created: CreatedOnImport | None = None,
) -> list[_PendingPage]:
    """Every line checked, slugs assigned; raises ImportLineError on the first bad line."""
    checker = _Checker(session, default_author, skip_existing, created)
    pages = []
    for number, raw in enumerate(lines, start=1):
        page = checker.check(number, raw)
        if page is not None:
            pages.append(page)
    return _assign_slugs(session, pages, skip_existing)


def import_lines(
    session,
    lines: Iterable[bytes | str],
    *,
    default_author: User | str | None = None,
    progress: Progress | None = None,
    skip_existing: bool = False,
    created: CreatedOnImport | None = None,
    charter_report: list | None = None,
) -> int:
    """Import pages from JSON Lines (bytes or str, one page each); returns how many.

    Checks every line first and writes nothing if one is bad (ImportLineError names it).
    `default_author` (a User or an email) writes the lines without `author`.
    `progress(done, total)` is called after each page. `skip_existing` skips lines whose
    explicit slug is already a page (the demo loader uses it) instead of refusing them.
    `created`, if given, lets the import create the missing authors and groups (and says
    which).
    The caller commits, or rolls back if this raises.

    An import never refuses a page for the charter: given a list as `charter_report`, each
    page whose text the charter check finds something in is appended to it (line, slug,
    title, findings), for the person importing to review.
    """
    if isinstance(default_author, str):
        email = default_author
        default_author = find_user(session, email)
        if default_author is None:
            raise InvalidInput(f"Aucun compte pour {email}.")
    pending = check_lines(
        session, lines, default_author=default_author, skip_existing=skip_existing, created=created
    )
    if created is not None:
        _create_missing(session, created)
    authors: dict[str, User | None] = {}
    # check_lines has given every draft its slug.
    batch = PageBatch(
        session,
        [item.draft.slug for item in pending],  # type: ignore[misc]
        titles={
            item.draft.slug: item.draft.title  # type: ignore[misc]
            for item in pending
        },
    )
    total = len(pending)
    for done, item in enumerate(pending, start=1):
        if item.author_email is None:
            author = default_author
        else:
            author = authors.get(item.author_email)
            if author is None:
                author = authors[item.author_email] = find_user(session, item.author_email)
        try:
            batch.add(item.draft, author, item.follow_ups, item.stages)
        except WikiError as error:  # checked above; kept so that a surprise names its line
            raise ImportLineError(item.line, error.message) from None
        if charter_report is not None:
            _report_findings(charter_report, item)
        if progress is not None:
            progress(done, total)
    batch.finish()
    return total


def _create_missing(session, created: CreatedOnImport) -> None:
    from wiki.auth.accounts import create_user
    from wiki.groups.membership import add_member, create_group

    for email, name in created.accounts.items():
        create_user(session, email, name)  # no password: an admin gives access
    for slug, authors in created.groups.items():
        create_group(session, slug, slug)
        for email in sorted(a for a in authors if a):
            add_member(session, slug, email)


def _report_findings(report: list, item: _PendingPage) -> None:
    draft = item.draft
    parts = page_parts(draft.title, draft.body, draft.fields, draft.summary)
    parts += [("follow_up", text) for _observed, _area, text in item.follow_ups]
    try:
        findings = review_parts(parts).findings
    except TextTooLongToCheck as error:  # listed, to be split and checked by a person
        report.append(
            {
                "line": item.line,
                "slug": draft.slug,
                "title": draft.title,
                "findings": [],
                "not_checked": error.message,
            }
        )
        return
    if findings:
        report.append(
            {
                "line": item.line,
                "slug": draft.slug,
                "title": draft.title,
                "findings": [finding.as_dict() for finding in findings],
            }
        )


def count_pages(session) -> int:
    return session.scalar(select(func.count(Page.id))) or 0


def export_pages(session) -> Iterator[dict]:
    """Every page's current revision in the import format, in creation order.

    `author` is the email of the first revision's author (left out if that account is gone);
    free tags are written by label when the label gives back their slug, so they keep it.
    """
    tags = {tag.slug: tag for tag in session.scalars(select(Tag))}
    ids = list(session.scalars(select(Page.id).order_by(Page.id)))
    for start in range(0, len(ids), EXPORT_BATCH):
        chunk = ids[start : start + EXPORT_BATCH]
        pages = session.scalars(
            select(Page)
            .where(Page.id.in_(chunk))
            .order_by(Page.id)
            .options(selectinload(Page.current), selectinload(Page.follow_ups))
        ).all()
        first_authors = {
            page_id: (email, name)
            for page_id, email, name in session.execute(
                select(Revision.page_id, User.email, User.display_name)
                .join(User, Revision.author_id == User.id)
                .where(Revision.page_id.in_(chunk), Revision.number == 1)
            ).all()
        }
        stages: dict[int, list[dict]] = {}
        for row in session.scalars(
            select(InnovationStage)
            .where(InnovationStage.page_id.in_(chunk))
            .order_by(InnovationStage.since, InnovationStage.id)
        ):
            stages.setdefault(row.page_id, []).append(
                StageEntry(row.stage, row.since, row.note).to_json()
            )
        for page in pages:
            yield _exported(page, first_authors.get(page.id), tags, stages.get(page.id))


def _exported(
    page: Page,
    author: tuple[str, str] | None,
    tags: dict[str, Tag],
    stages: list[dict] | None = None,
) -> dict:
    revision = page.current_revision
    line: dict = {
        "slug": page.slug,
        "kind": page.kind,
        "title": revision.title,
        "visibility": page.visibility,
    }
    if author:
        line["author"], line["author_name"] = author
    line["tags"] = [_tag_name(slug, tags.get(slug)) for slug in revision.tag_slugs]
    line["fields"] = dict(revision.fields or {})
    if revision.typed_fields:
        line["typed_fields"] = dict(revision.typed_fields)
    line["body"] = revision.body
    if page.status == "draft":  # (published is the format's default)
        line["status"] = "draft"
    if page.follow_ups:
        line["follow_ups"] = [
            {"date": f.observed_on.isoformat(), "area": f.area, "text": f.text}
            for f in page.follow_ups
        ]
    if stages:
        line["stages"] = stages
    return line


def _tag_name(slug: str, tag: Tag | None) -> str:
    if tag is not None and not tag.controlled and slugify(tag.label_fr) == slug:
        return tag.label_fr
    return slug


def dump_line(page: dict) -> str:
    """One line of the format: UTF-8 as is (no \\u escapes), no new line inside."""
    return json.dumps(page, ensure_ascii=False, separators=(", ", ": "))


class RateMeter:
    """Pages per second since it started, for the progress bars."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, done: int) -> str:
        elapsed = time.monotonic() - self.started
        return f"{done / elapsed:.0f} pages/s" if elapsed > 0 else ""
