"""Creating many pages in one transaction (import, demo) at a bulk pace.

create_page() is right for one page but costs several flushes and queries each. A PageBatch
resolves tags and groups once, renders wiki links against the slugs it is about to create,
flushes every `batch_size` pages, writes their links and index tasks per batch, and releases
the written pages from the session so that memory stays flat on a large import.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from wiki.access import resolve_visibility
from wiki.content.markdown import render_markdown
from wiki.errors import InvalidInput
from wiki.models import Group, Page, PageLink, Tag, User
from wiki.pages.editing import (
    RESERVED_SLUGS,
    PageDraft,
    build_follow_up,
    build_revision,
    existing_slugs,
    refresh_links_to,
)
from wiki.pages.tagging import resolve_tags
from wiki.search.outbox import index_task

BATCH_SIZE = 500


class PageBatch:
    """Pages added with add() are written by finish(); the caller commits or rolls back."""

    def __init__(self, session, incoming_slugs: Iterable[str], batch_size: int | None = None):
        self.session = session
        self.incoming = set(incoming_slugs)  # every slug this batch will create
        self.batch_size = batch_size or BATCH_SIZE
        self.created: list[str] = []
        self._tags: dict[str, Tag] = {}
        self._visibility: dict[str, tuple[str, Group | None]] = {}
        self._unwritten: list[tuple[Page, set[str]]] = []

    def add(self, draft: PageDraft, author: User | None,
            follow_ups: Iterable[tuple[date, str, str]] = ()) -> Page:
        """A new page from a draft whose slug is set, unused, and among `incoming_slugs`."""
        draft.clean()
        if not draft.slug or draft.slug in RESERVED_SLUGS or draft.slug not in self.incoming:
            raise InvalidInput(f"Identifiant inattendu pour un import : « {draft.slug} ».")
        with self.session.no_autoflush:  # one flush per batch, not one per query
            visibility, group = self._resolve_visibility(draft.visibility)
            rendered = render_markdown(draft.body, self._existing)
            tags = resolve_tags(self.session, draft.tags, cache=self._tags)
            page = Page(slug=draft.slug, kind=draft.kind, visibility=visibility, group=group,
                        title=draft.title, version=1)
            build_revision(self.session, page, draft, author, rendered.html, tags)
            for observed_on, area, text in follow_ups:
                self.session.add(build_follow_up(page, observed_on=observed_on, area=area,
                                                 text=text, author=author))
        self._unwritten.append((page, rendered.links))
        self.created.append(page.slug)
        if len(self._unwritten) >= self.batch_size:
            self._write()
        return page

    def finish(self) -> list[str]:
        """Write what is left; pages that linked to the new ones see them. Returns the slugs."""
        self._write()
        for start in range(0, len(self.created), self.batch_size):
            refresh_links_to(self.session, self.created[start:start + self.batch_size],
                             except_slugs=self.incoming)
        self.session.flush()
        return self.created

    def _existing(self, slugs: Iterable[str]) -> set[str]:
        slugs = set(slugs)
        coming = slugs & self.incoming
        return coming | existing_slugs(self.session, slugs - coming)

    def _resolve_visibility(self, value: str) -> tuple[str, Group | None]:
        if value not in self._visibility:
            self._visibility[value] = resolve_visibility(None, value)
        return self._visibility[value]

    def _write(self) -> None:
        if not self._unwritten:
            return
        self.session.flush()  # pages get their ids
        for page, links in self._unwritten:
            self.session.add_all(PageLink(source_id=page.id, target_slug=slug)
                                 for slug in sorted(links))
            self.session.add(index_task(page))
        self.session.flush()
        for page, _links in self._unwritten:
            self.session.expunge(page)  # its revision and follow-ups go with it (cascade)
        self._unwritten.clear()
