"""Writing pages: creation, revisions that never overwrite each other, revert.

Domain functions: plain values and the session in, pages out; the caller commits. Each change
also records an index task in the same transaction (the search outbox).

A save costs little inside its write transaction. Everything slow (checking the draft,
rendering its Markdown, rendering again the pages whose links it changes) is done first, by
prepare_new_page() / prepare_revision(), while the database is only read; create_page() and
save_revision() then check that what the preparation read still holds (the version, the
slug, what each link leads to) and write. Only if a concurrent save changed one of those
is a text rendered again inside the transaction. Without a preparation (tests, the command
line) they prepare inside the transaction themselves.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from wiki.access import (
    DRAFT,
    GROUP_PREFIX,
    PUBLISHED,
    require_visibility_change,
    resolve_visibility,
)
from wiki.content.markdown import (
    MAX_WIKI_LINKS,
    Rendered,
    check_markup_budget,
    render_markdown,
)
from wiki.content.slugs import MAX_SLUG_LENGTH, is_valid_slug, slugify, title_key
from wiki.errors import Conflict, InvalidInput, NotFound, StaleRevision, TakenValue
from wiki.models import CharterJustification, Page, Revision, User
from wiki.models.base import utcnow
from wiki.notifications import events
from wiki.pages import typed_fields
from wiki.pages.charter_review import (
    CharterReview,
    Justification,
    carried_justifications,
    page_parts,
    record_justifications,
    require_charter,
)
from wiki.pages.kinds import check_kind
from wiki.pages.links import (
    ANYONE,
    PendingPage,
    linking_pages,
    record_titles,
    resolve_links,
    resolver,
    same_title_pages,
    write_links,
)
from wiki.pages.sectors import encode as encode_sectors
from wiki.pages.sectors import page_sectors
from wiki.pages.tagging import resolve_tags
from wiki.search.backend import page_changed
from wiki.territories.locate import departement_of

MAX_TITLE_LENGTH = 300
MAX_BODY_LENGTH = 500_000
MAX_SUMMARY_LENGTH = 300
RESERVED_SLUGS = {"new", "recent", "random"}
# A group page's slug ends with this many random letters and digits (36^8 ≈ 2.8·10^12), so
# that no public title can land on it and no "-2" tells that a hidden page holds a title.
PRIVATE_SLUG_SUFFIX_LENGTH = 8
_SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l, o, 0, 1: easy to read aloud


@dataclass
class PageDraft:
    """What a writer submits: the import format's keys, checked by clean()."""

    kind: str
    title: str
    body: str = ""
    fields: dict = field(default_factory=dict)  # text, or a typed field's value
    tags: list = field(default_factory=list)
    visibility: str = "public"
    summary: str = ""
    slug: str | None = None
    status: str = PUBLISHED  # or DRAFT: saved for its authors, never checked, never blocked
    minor: bool = False  # « modification mineure » (a new page never is)
    # Typed values that win over what the text reads (wiki.pages.typed_fields).
    typed_fields: dict | None = None

    def clean(self) -> PageDraft:
        check_kind(self.kind)
        if self.status not in (PUBLISHED, DRAFT):
            raise InvalidInput("Statut inconnu : published ou draft.", field="status")
        if not isinstance(self.title, str) or not self.title.strip():
            raise InvalidInput("Le titre est obligatoire.", field="title")
        self.title = " ".join(self.title.split())
        if len(self.title) > MAX_TITLE_LENGTH:
            raise InvalidInput("Le titre est trop long (300 caractères au plus).", field="title")
        if not isinstance(self.body, str):
            raise InvalidInput("Le texte doit être du Markdown.", field="body")
        if len(self.body) > MAX_BODY_LENGTH:
            raise InvalidInput("Le texte est trop long (500 000 caractères au plus).", field="body")
        if "\x00" in self.body or "\x00" in self.title:
            raise InvalidInput("Le texte contient un caractère nul.", field="body")
        self.body = self.body.replace("\r\n", "\n")
        check_markup_budget(self.body, "body")
        self.fields, self.typed_fields = typed_fields.clean(
            self.kind, self.fields, self.typed_fields
        )
        if not isinstance(self.summary, str):
            raise InvalidInput("Le résumé de modification doit être du texte.", field="summary")
        self.summary = self.summary.strip()
        if not isinstance(self.minor, bool):
            raise InvalidInput("« minor » vaut true ou false.", field="minor")
        if len(self.summary) > MAX_SUMMARY_LENGTH:
            raise InvalidInput(
                "Le résumé de modification est trop long (300 caractères au plus).", field="summary"
            )
        if self.slug is not None and not (isinstance(self.slug, str) and is_valid_slug(self.slug)):
            raise InvalidInput(
                "Identifiant invalide : minuscules sans accents, chiffres et tirets.", field="slug"
            )
        return self


def check_not_empty(draft: PageDraft) -> None:
    """A page a writer publishes says something: a practice account its text, an innovation
    sheet its context and its objectives. The error names the field to fill.

    The web forms and the API ask for it (require_content); imports and the command line
    take pages as they come, so that a wiki exported with older empty pages imports again.
    """
    if draft.kind == "practice" and not draft.body.strip():
        raise InvalidInput(
            _("Un récit de pratique a besoin d'un texte : racontez la situation ou la pratique."),
            field="body",
        )
    if draft.kind != "innovation":
        return
    context, objectives = draft.fields.get("context"), draft.fields.get("objectives")
    if not context and not objectives:
        raise InvalidInput(
            _(
                "Une fiche innovation a besoin d'un contexte et d'objectifs : "
                "remplissez « Contexte » et « Objectifs »."
            ),
            field="context",
        )
    if not context:
        raise InvalidInput(
            _(
                "Une fiche innovation a besoin d'un contexte : remplissez "
                "« Contexte » (d'où vient la démarche)."
            ),
            field="context",
        )
    if not objectives:
        raise InvalidInput(
            _(
                "Une fiche innovation a besoin d'objectifs : remplissez "
                "« Objectifs » (ce que la démarche veut changer)."
            ),
            field="objectives",
        )


def _slug_taken(session, slug: str) -> bool:
    return session.scalar(select(Page.id).where(Page.slug == slug)) is not None


def is_private_visibility(visibility: str) -> bool:
    """Pages only some members see: their slug must not tell anyone else they exist."""
    return visibility.startswith(GROUP_PREFIX)


def private_slug(base: str) -> str:
    suffix = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(PRIVATE_SLUG_SUFFIX_LENGTH))
    return f"{base[: MAX_SLUG_LENGTH - len(suffix) - 1].rstrip('-')}-{suffix}"


def derived_slug(
    session, title: str, visibility: str, *, writer: User | None = None, draft: bool = False
) -> str:
    """A free slug for a page titled `title`: its slug, numbered -2, -3… if taken, or, for a
    group page, its slug with a random suffix.

    The plain slug is passed over too when a page the writer may see (any page, without a
    writer) already bears that title under another slug: a link [[title]] resolves by slug
    first, so the newcomer would otherwise take every link to the older page. A page the
    writer may not see never changes the slug they get.
    """
    base = slugify(title) or "page"
    if base in RESERVED_SLUGS:
        base = f"{base}-page"
    if draft or is_private_visibility(visibility):  # a draft is hidden too: it keeps it
        slug = private_slug(base)
        while _slug_taken(session, slug):
            slug = private_slug(base)
        return slug
    namesakes = same_title_pages(session, title, visible_to=writer if writer else ANYONE)
    slug, n = base, 2
    if any(page.slug != base for page in namesakes):
        slug, n = _numbered(base, 2), 3
    while _slug_taken(session, slug):
        slug, n = _numbered(base, n), n + 1
    return slug


def _numbered(base: str, n: int) -> str:
    suffix = f"-{n}"
    return base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix


def build_revision(
    session, page: Page, draft: PageDraft, author: User | None, html: str, tags: list
) -> Revision:
    """Add the revision of a clean draft and make it the page's current one (no flush)."""
    revision = Revision(
        page=page,
        number=page.version,
        title=draft.title,
        body=draft.body,
        fields=draft.fields,
        typed_fields=dict(draft.typed_fields or {}),
        tag_slugs=[t.slug for t in tags],
        visibility=page.visibility,
        html=html,
        author=author,
        summary=draft.summary,
        minor=bool(draft.minor) and page.version > 1,
    )
    session.add(revision)  # before touching the page: loading its old tags may autoflush
    page.title = draft.title
    page.tags = tags
    page.current = revision
    page.departement = departement_of(draft.fields, draft.typed_fields)
    page.sectors = encode_sectors(page_sectors(draft.fields))
    page.updated_at = revision.created_at = utcnow()
    return revision


# --- preparing a save, before its write transaction -------------------------------------


@dataclass
class SourceRendering:
    """A page linking to the saved one, rendered again for the links the save changes."""

    page_id: int
    revision_id: int
    rendered: Rendered


@dataclass
class PreparedSave:
    """The slow part of a save, done while the database is only read."""

    draft: PageDraft  # clean
    rendered: Rendered  # the draft's body, its links resolved as the save will leave them
    pending: PendingPage  # the page as the save will leave it
    sources: list[SourceRendering] = field(default_factory=list)
    slug_keys: set[str] = field(default_factory=set)  # what the sources were found by
    title_keys: set[str] = field(default_factory=set)
    charter: CharterReview | None = None  # what the writer justified, to store


def _check_charter(
    draft: PageDraft, justifications: list[Justification] | None
) -> CharterReview | None:
    """Publishing with `justifications` given (the web and the API: a person publishes) runs
    the charter check, which refuses (CharterFindings) what is left unjustified. A draft is
    never checked; imports and the command line pass None."""
    if justifications is None or draft.status != PUBLISHED:
        return None
    return require_charter(
        page_parts(draft.title, draft.body, draft.fields, draft.summary), justifications
    )


def _render(session, body: str, pending: PendingPage | None = None) -> Rendered:
    return render_markdown(body, resolver(session, pending=pending), max_links=MAX_WIKI_LINKS)


def _render_sources(
    session, pending: PendingPage, *, slugs: set[str], keys: set[str], except_id: int | None
) -> list[SourceRendering]:
    sources = []
    for source in linking_pages(
        session, slugs=slugs, keys=keys, except_ids=[except_id] if except_id else []
    ):
        if source.current is not None:
            sources.append(
                SourceRendering(
                    source.id,
                    source.current.id,
                    render_markdown(source.current.body, resolver(session, pending=pending)),
                )
            )
    return sources


def prepare_new_page(
    session,
    draft: PageDraft,
    *,
    check_visibility_for: User | None = None,
    require_content: bool = False,
    justifications: list[Justification] | None = None,
) -> PreparedSave:
    """Check a new page's draft and render it, and the pages its arrival changes.

    With `justifications` (a list, maybe empty), a page to publish passes the charter check.
    """
    draft.clean()
    if require_content:
        check_not_empty(draft)
    resolve_visibility(check_visibility_for, draft.visibility)  # a clear error, early
    if draft.slug:
        _check_explicit_slug(session, draft.slug)
        slug = draft.slug
    else:
        slug = derived_slug(
            session,
            draft.title,
            draft.visibility,
            writer=check_visibility_for,
            draft=draft.status == DRAFT,
        )
    pending = PendingPage(None, slug, title_key(draft.title))
    rendered = _render(session, draft.body, pending)
    slugs, keys = {slug}, {pending.title_key}
    sources = _render_sources(session, pending, slugs=slugs, keys=keys, except_id=None)
    return PreparedSave(
        draft,
        rendered,
        pending,
        sources,
        slugs,
        keys,
        charter=_check_charter(draft, justifications),
    )


def prepare_revision(
    session,
    page: Page,
    draft: PageDraft,
    *,
    require_content: bool = False,
    justifications: list[Justification] | None = None,
) -> PreparedSave:
    """Check a new revision's draft and render it (and, on a rename, the linking pages).

    With `justifications` (a list, maybe empty), a revision to publish passes the charter
    check; a published page does not go back to draft."""
    draft.kind = page.kind  # a page keeps its kind
    draft.clean()
    check_status_change(page, draft.status)
    if require_content:
        check_not_empty(draft)
    old_key, new_key = title_key(page.title), title_key(draft.title)
    renamed = old_key != new_key
    pending = PendingPage(page.id, page.slug, new_key, old_key if renamed else None)
    rendered = _render(session, draft.body, pending)
    keys = {old_key, new_key} if renamed else set()
    sources = _render_sources(session, pending, slugs=set(), keys=keys, except_id=page.id)
    if justifications is not None:  # the writer's own answers come last: theirs prevail
        justifications = [
            *carried_justifications(session, page.current_revision_id),
            *justifications,
        ]
    return PreparedSave(
        draft,
        rendered,
        pending,
        sources,
        set(),
        keys,
        charter=_check_charter(draft, justifications),
    )


def check_status_change(page: Page, status: str) -> None:
    if page.status == PUBLISHED and status == DRAFT:
        raise InvalidInput(
            _(
                "Une page publiée ne redevient pas un brouillon : enregistrez "
                "la modification, ou demandez à la modération de la retirer."
            ),
            field="status",
        )


def _check_explicit_slug(session, slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise InvalidInput(f"« {slug} » est réservé.", field="slug")
    if _slug_taken(session, slug):
        raise TakenValue(f"Une page « {slug} » existe déjà.", field="slug")


# --- writing, inside the write transaction ----------------------------------------------


def _still_valid(session, renderings: list[Rendered]) -> list[bool]:
    """For each rendering, whether its links still lead where they led (one lookup for all)."""
    now = resolve_links(session, set().union(*(r.targets for r in renderings)))
    return [{t: now[t] for t in r.targets if t in now} == r.resolution for r in renderings]


def _write_text(session, page: Page, revision: Revision, rendered: Rendered) -> None:
    """The revision's HTML and the page's link rows; rendered again if a link moved since."""
    (valid,) = _still_valid(session, [rendered])
    if not valid:
        rendered = render_markdown(revision.body, resolver(session))
    revision.html = rendered.html
    write_links(session, page.id, rendered)


def _write_sources(session, prepared: PreparedSave, except_id: int) -> None:
    """The linking pages, as prepared; those changed since (or new) are rendered now."""
    if not prepared.slug_keys and not prepared.title_keys:
        return
    sources = linking_pages(
        session, slugs=prepared.slug_keys, keys=prepared.title_keys, except_ids=[except_id]
    )
    ready = {s.page_id: s for s in prepared.sources}
    matching = [
        ready[source.id]
        for source in sources
        if source.id in ready
        and source.current is not None
        and source.current.id == ready[source.id].revision_id
    ]
    valid = dict(
        zip(
            (s.page_id for s in matching),
            _still_valid(session, [s.rendered for s in matching]),
            strict=True,
        )
    )
    for source in sources:
        if source.current is None:
            continue
        if valid.get(source.id):
            rendered = ready[source.id].rendered
        else:
            rendered = render_markdown(source.current.body, resolver(session))
        source.current.html = rendered.html
        write_links(session, source.id, rendered)


def create_page(
    session,
    draft: PageDraft,
    author: User | None,
    *,
    check_visibility_for: User | None = None,
    prepared: PreparedSave | None = None,
) -> Page:
    """A new page with its first revision. `check_visibility_for` restricts groups to theirs.

    `prepared` (prepare_new_page's, for this draft) was done before the write transaction.
    """
    if prepared is None:
        prepared = prepare_new_page(session, draft, check_visibility_for=check_visibility_for)
    draft = prepared.draft
    visibility, group = resolve_visibility(check_visibility_for, draft.visibility)
    if draft.slug:
        _check_explicit_slug(session, draft.slug)
        slug = draft.slug
    elif not _slug_taken(session, prepared.pending.slug):
        slug = prepared.pending.slug
    else:  # taken since by a concurrent save
        slug = derived_slug(
            session,
            draft.title,
            visibility,
            writer=check_visibility_for,
            draft=draft.status == DRAFT,
        )
    page = Page(
        slug=slug,
        kind=draft.kind,
        visibility=visibility,
        group=group,
        title=draft.title,
        version=1,
        status=draft.status,
    )
    session.add(page)
    revision = build_revision(
        session, page, draft, author, prepared.rendered.html, resolve_tags(session, draft.tags)
    )
    session.flush()  # the page needs its id
    record_titles(session, page.id, draft.title)
    _write_text(session, page, revision, prepared.rendered)
    if slug != prepared.pending.slug:
        prepared.slug_keys = {slug}
    _write_sources(session, prepared, page.id)
    record_justifications(session, page, prepared.charter, author, revision=revision)
    page_changed(session, page)
    if page.status == PUBLISHED:  # a draft is news to nobody
        events.page_published(session, page, author)
    return page


def save_revision(
    session,
    page: Page,
    draft: PageDraft,
    author: User | None,
    base_revision: int | None,
    *,
    check_visibility_for: User | None = None,
    prepared: PreparedSave | None = None,
) -> Revision:
    """A new revision, if the page is still at `base_revision`; else StaleRevision.

    `prepared` (prepare_revision's, for this page and draft) was done before the write
    transaction; `page` is read inside it.
    """
    if prepared is None:
        prepared = prepare_revision(session, page, draft)
    draft = prepared.draft
    if base_revision is None or base_revision != page.version:
        raise StaleRevision(
            "La page a été modifiée depuis que vous avez commencé. "
            "Votre texte n'est pas perdu : comparez et enregistrez à nouveau.",
            current_revision=page.version,
            base_revision=base_revision,
        )
    visibility, group = resolve_visibility(check_visibility_for, draft.visibility)
    check_status_change(page, draft.status)
    if check_visibility_for is not None:  # a person (not the command line): may they widen?
        require_visibility_change(check_visibility_for, page, visibility)
    # A draft's publication starts the page's history again at version 1 (forget_draft_versions).
    publishing = page.status == DRAFT and draft.status == PUBLISHED  # a draft made public
    # The version column is checked by the UPDATE itself, so two writers on PostgreSQL
    # (or a stale in-memory page) cannot both succeed from the same base.
    result = session.execute(
        update(Page)
        .where(Page.id == page.id, Page.version == base_revision)
        .values(version=1 if publishing else base_revision + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        current = session.scalar(select(Page.version).where(Page.id == page.id)) or 0
        raise StaleRevision(
            "La page a été modifiée entre-temps.",
            current_revision=current,
            base_revision=base_revision,
        )
    session.expire(page, ["version"])
    old_title = page.title
    previous_tags = {tag.id for tag in page.tags}
    page.visibility, page.group = visibility, group
    page.status = draft.status
    if publishing:
        forget_draft_versions(session, page)
    revision = build_revision(
        session, page, draft, author, prepared.rendered.html, resolve_tags(session, draft.tags)
    )
    session.flush()
    if title_key(old_title) != title_key(draft.title):  # a rename: both titles as of now
        record_titles(session, page.id, old_title, draft.title)
        prepared.title_keys = {title_key(old_title), title_key(draft.title)}
    else:  # the title's row is there since the page bore it (only a rename dates it)
        prepared.title_keys = set()
    _write_text(session, page, revision, prepared.rendered)
    _write_sources(session, prepared, page.id)
    record_justifications(session, page, prepared.charter, author, revision=revision)
    page_changed(session, page)
    if publishing:
        events.page_published(session, page, author)
    elif page.status == PUBLISHED:
        events.page_revised(
            session, page, author, previous_tag_ids=previous_tags, summary=draft.summary
        )
    return revision


def forget_draft_versions(session, page: Page) -> None:
    """A draft being published: the versions it was saved in go, and the version published
    becomes version 1 (its author the page's creator). Those versions were never checked
    against the charter (a writer may draft with the real name, then anonymise), so none of
    them may reach the published page's history, diffs, feeds, API or export."""
    page.current = None
    session.flush()
    versions = select(Revision.id).where(Revision.page_id == page.id)
    session.execute(
        delete(CharterJustification).where(CharterJustification.revision_id.in_(versions))
    )
    session.execute(delete(Revision).where(Revision.page_id == page.id))
    session.expire(page, ["revisions"])


def revert_draft(session, page: Page, number: int) -> PageDraft:
    """A draft restoring revision `number`'s content (never a masked revision's)."""
    old = get_revision(session, page, number)
    if old.masked_at is not None:
        raise Conflict(_("Cette version est masquée : elle ne peut pas être rétablie."))
    return PageDraft(
        kind=page.kind,
        title=old.title,
        body=old.body,
        fields=dict(old.fields),
        typed_fields=dict(old.typed_fields or {}),
        tags=list(old.tag_slugs),
        visibility=page.visibility,
        summary=f"Retour à la version {number}",
        status=page.status,
    )


def revert_page(
    session,
    page: Page,
    number: int,
    author: User | None,
    base_revision: int | None = None,
    *,
    prepared: PreparedSave | None = None,
) -> Revision:
    """A new revision restoring revision `number`'s content."""
    draft = prepared.draft if prepared else revert_draft(session, page, number)
    return save_revision(
        session,
        page,
        draft,
        author,
        page.version if base_revision is None else base_revision,
        prepared=prepared,
    )


def get_revision(session, page: Page, number: int) -> Revision:
    revision = session.scalar(
        select(Revision).where(Revision.page_id == page.id, Revision.number == number)
    )
    if revision is None:
        raise NotFound(f"La version {number} de cette page n'existe pas.")
    return revision


def refresh_links_to(
    session, slugs: Iterable[str], *, keys: Iterable[str] = (), except_slugs: Iterable[str] = ()
) -> None:
    """Pages linking to these slugs or titles (pages just created, say) render again, so that
    their links lead where they now should. For batches that hold the write lock anyway."""
    skipped = set(except_slugs)
    for source in linking_pages(session, slugs=slugs, keys=keys):
        if source.slug in skipped or source.current is None:
            continue
        rendered = render_markdown(source.current.body, resolver(session))
        source.current.html = rendered.html
        write_links(session, source.id, rendered)
