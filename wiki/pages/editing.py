"""Writing pages: creation, revisions that never overwrite each other, revert, follow-ups.

Domain functions: plain values and the session in, pages out; the caller commits. Each change
also records an index task in the same transaction (the search outbox).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select, update

from wiki.access import resolve_visibility
from wiki.content.markdown import render_markdown
from wiki.content.slugs import is_valid_slug, slugify
from wiki.errors import InvalidInput, NotFound, StaleRevision
from wiki.models import FollowUp, Page, PageLink, Revision, User
from wiki.models.base import utcnow
from wiki.notifications import events
from wiki.pages.kinds import FOLLOW_UP_AREAS, check_kind, clean_fields
from wiki.pages.tagging import resolve_tags
from wiki.search.outbox import enqueue_index

MAX_TITLE_LENGTH = 300
MAX_BODY_LENGTH = 500_000
MAX_SUMMARY_LENGTH = 300
RESERVED_SLUGS = {"new", "recent", "random"}


@dataclass
class PageDraft:
    """What a writer submits: the import format's keys, checked by clean()."""

    kind: str
    title: str
    body: str = ""
    fields: dict = field(default_factory=dict)
    tags: list = field(default_factory=list)
    visibility: str = "public"
    summary: str = ""
    slug: str | None = None

    def clean(self) -> PageDraft:
        check_kind(self.kind)
        if not isinstance(self.title, str) or not self.title.strip():
            raise InvalidInput("Le titre est obligatoire.", field="title")
        self.title = " ".join(self.title.split())
        if len(self.title) > MAX_TITLE_LENGTH:
            raise InvalidInput("Le titre est trop long (300 caractères au plus).", field="title")
        if not isinstance(self.body, str):
            raise InvalidInput("Le texte doit être du Markdown.", field="body")
        if len(self.body) > MAX_BODY_LENGTH:
            raise InvalidInput("Le texte est trop long (500 000 caractères au plus).",
                               field="body")
        if "\x00" in self.body or "\x00" in self.title:
            raise InvalidInput("Le texte contient un caractère nul.", field="body")
        self.body = self.body.replace("\r\n", "\n")
        self.fields = clean_fields(self.kind, self.fields)
        if not isinstance(self.summary, str):
            raise InvalidInput("Le résumé de modification doit être du texte.", field="summary")
        self.summary = self.summary.strip()[:MAX_SUMMARY_LENGTH]
        if self.slug is not None and not (isinstance(self.slug, str)
                                          and is_valid_slug(self.slug)):
            raise InvalidInput(
                "Identifiant invalide : minuscules sans accents, chiffres et tirets.",
                field="slug")
        return self


def existing_slugs(session, slugs: Iterable[str]) -> set[str]:
    slugs = set(slugs)
    if not slugs:
        return set()
    return set(session.scalars(select(Page.slug).where(Page.slug.in_(slugs))))


def _unused_slug(session, wanted: str) -> str:
    base = wanted or "page"
    if base in RESERVED_SLUGS:
        base = f"{base}-page"
    slug, n = base, 2
    while session.scalar(select(Page.id).where(Page.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def build_revision(session, page: Page, draft: PageDraft, author: User | None, html: str,
                   tags: list) -> Revision:
    """Add the revision of a clean draft and make it the page's current one (no flush)."""
    revision = Revision(
        page=page, number=page.version, title=draft.title, body=draft.body,
        fields=draft.fields, tag_slugs=[t.slug for t in tags], visibility=page.visibility,
        html=html, author=author, summary=draft.summary,
    )
    session.add(revision)  # before touching the page: loading its old tags may autoflush
    page.title = draft.title
    page.tags = tags
    page.current = revision
    page.updated_at = revision.created_at = utcnow()
    return revision


def _add_revision(session, page: Page, draft: PageDraft, author: User | None) -> Revision:
    rendered = render_markdown(draft.body, lambda slugs: existing_slugs(session, slugs))
    revision = build_revision(session, page, draft, author, rendered.html,
                              resolve_tags(session, draft.tags))
    _replace_links(session, page, rendered.links)
    enqueue_index(session, page)
    return revision


def _replace_links(session, page: Page, targets: set[str]) -> None:
    session.flush()  # the page needs its id
    session.execute(delete(PageLink).where(PageLink.source_id == page.id))
    session.add_all(PageLink(source_id=page.id, target_slug=slug) for slug in sorted(targets))


def create_page(session, draft: PageDraft, author: User | None, *,
                check_visibility_for: User | None = None) -> Page:
    """A new page with its first revision. `check_visibility_for` restricts groups to theirs."""
    draft.clean()
    visibility, group = resolve_visibility(check_visibility_for, draft.visibility)
    if draft.slug:
        if session.scalar(select(Page.id).where(Page.slug == draft.slug)) is not None:
            raise InvalidInput(f"Une page « {draft.slug} » existe déjà.", field="slug")
        if draft.slug in RESERVED_SLUGS:
            raise InvalidInput(f"« {draft.slug} » est réservé.", field="slug")
        slug = draft.slug
    else:
        slug = _unused_slug(session, slugify(draft.title))
    page = Page(slug=slug, kind=draft.kind, visibility=visibility, group=group,
                title=draft.title, version=1)
    session.add(page)
    _add_revision(session, page, draft, author)
    _refresh_links_to(session, slug)
    events.page_published(session, page, author)
    return page


def save_revision(session, page: Page, draft: PageDraft, author: User | None,
                  base_revision: int | None, *, check_visibility_for: User | None = None
                  ) -> Revision:
    """A new revision, if the page is still at `base_revision`; else StaleRevision."""
    draft.kind = page.kind  # a page keeps its kind
    draft.clean()
    if base_revision is None or base_revision != page.version:
        raise StaleRevision(
            "La page a été modifiée depuis que vous avez commencé. "
            "Votre texte n'est pas perdu : comparez et enregistrez à nouveau.",
            current_revision=page.version, base_revision=base_revision,
        )
    visibility, group = resolve_visibility(check_visibility_for, draft.visibility)
    # The version column is checked by the UPDATE itself, so two writers on PostgreSQL
    # (or a stale in-memory page) cannot both succeed from the same base.
    result = session.execute(
        update(Page).where(Page.id == page.id, Page.version == base_revision)
        .values(version=base_revision + 1).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        current = session.scalar(select(Page.version).where(Page.id == page.id)) or 0
        raise StaleRevision("La page a été modifiée entre-temps.", current_revision=current,
                            base_revision=base_revision)
    session.expire(page, ["version"])
    previous_tags = {tag.id for tag in page.tags}
    page.visibility, page.group = visibility, group
    revision = _add_revision(session, page, draft, author)
    events.page_revised(session, page, author, previous_tag_ids=previous_tags,
                        summary=draft.summary)
    return revision


def revert_page(session, page: Page, number: int, author: User | None,
                base_revision: int | None = None) -> Revision:
    """A new revision restoring revision `number`'s content."""
    old = get_revision(session, page, number)
    draft = PageDraft(kind=page.kind, title=old.title, body=old.body, fields=dict(old.fields),
                      tags=list(old.tag_slugs), visibility=page.visibility,
                      summary=f"Retour à la version {number}")
    return save_revision(session, page, draft, author,
                         page.version if base_revision is None else base_revision)


def get_revision(session, page: Page, number: int) -> Revision:
    revision = session.scalar(
        select(Revision).where(Revision.page_id == page.id, Revision.number == number)
    )
    if revision is None:
        raise NotFound(f"La version {number} de cette page n'existe pas.")
    return revision


def _refresh_links_to(session, slug: str) -> None:
    refresh_links_to(session, [slug])


def refresh_links_to(session, slugs: list[str], *, except_slugs: set[str] = frozenset()
                     ) -> None:
    """Pages linking to pages just created stop showing those links as missing."""
    sources = session.scalars(
        select(Page).join(PageLink, PageLink.source_id == Page.id)
        .where(PageLink.target_slug.in_(slugs)).distinct()
    )
    for source in sources:
        if source.slug in except_slugs:
            continue
        if source.current is not None:
            source.current.html = render_markdown(
                source.current.body, lambda slugs: existing_slugs(session, slugs)
            ).html


def add_follow_up(session, page: Page, *, observed_on: date, area: str, text: str,
                  author: User | None) -> FollowUp:
    follow_up = build_follow_up(page, observed_on=observed_on, area=area, text=text,
                                author=author)
    session.add(follow_up)
    enqueue_index(session, page)
    events.follow_up_added(session, page, author)
    return follow_up


def build_follow_up(page: Page, *, observed_on: date, area: str, text: str,
                    author: User | None) -> FollowUp:
    if page.kind != "innovation":
        raise InvalidInput("Le suivi des effets concerne les fiches innovation.")
    if area not in FOLLOW_UP_AREAS:
        raise InvalidInput("Domaine inconnu : people, practices ou organisations.", field="area")
    if not text or not text.strip():
        raise InvalidInput("Décrivez les effets observés.", field="text")
    return FollowUp(page=page, observed_on=observed_on, area=area, text=text.strip(),
                    html=render_markdown(text.strip()).html, author=author)
