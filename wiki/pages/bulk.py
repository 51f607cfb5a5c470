"""Creating many pages in one transaction (import, demo) at a bulk pace.

create_page() is right for one page but costs several flushes and queries each. A PageBatch
resolves tags and groups once, renders wiki links against the slugs and titles it is about to
create,
flushes every `batch_size` pages, writes their links and index tasks per batch, and releases
the written pages from the session so that memory stays flat on a large import.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from wiki.access import resolve_visibility
from wiki.content.markdown import LinkTarget, Rendered, render_markdown
from wiki.content.slugs import title_key
from wiki.errors import InvalidInput
from wiki.lifecycle.stages import attach_history
from wiki.models import Group, Page, PageLink, PageTitle, PageTitleLink, Tag, User
from wiki.pages.editing import RESERVED_SLUGS, PageDraft, build_revision, refresh_links_to
from wiki.pages.follow_ups import build_follow_up
from wiki.pages.links import resolve_links
from wiki.pages.tagging import resolve_tags
from wiki.search.outbox import index_task

BATCH_SIZE = 500


class PageBatch:
    """Pages added with add() are written by finish(); the caller commits or rolls back."""

    def __init__(
        self,
        session,
        incoming_slugs: Iterable[str],
        batch_size: int | None = None,
        *,
        titles: dict[str, str] | None = None,
    ):
        """`titles` maps each incoming slug to its page's title, so that links by title to a
        page further down the batch find it."""
        self.session = session
        self.incoming = set(incoming_slugs)  # every slug this batch will create
        self.incoming_titles: dict[str, str] = {}  # title key → slug, the first page's
        for slug, title in (titles or {}).items():
            self.incoming_titles.setdefault(title_key(title), slug)
        self.batch_size = batch_size or BATCH_SIZE
        self.created: list[str] = []
        self._tags: dict[str, Tag] = {}
        self._visibility: dict[str, tuple[str, Group | None]] = {}
        self._unwritten: list[tuple[Page, Rendered]] = []

    def add(
        self,
        draft: PageDraft,
        author: User | None,
        follow_ups: Iterable[tuple[date, str, str]] = (),
        stages: list | None = None,
    ) -> Page:
        """A new page from a draft whose slug is set, unused, and among `incoming_slugs`."""
        draft.clean()
        if not draft.slug or draft.slug in RESERVED_SLUGS or draft.slug not in self.incoming:
            raise InvalidInput(f"Identifiant inattendu pour un import : « {draft.slug} ».")
        with self.session.no_autoflush:  # one flush per batch, not one per query
            visibility, group = self._resolve_visibility(draft.visibility)
            rendered = render_markdown(draft.body, self._resolve)
            tags = resolve_tags(self.session, draft.tags, cache=self._tags)
            page = Page(
                slug=draft.slug,
                kind=draft.kind,
                visibility=visibility,
                group=group,
                status=draft.status,
                title=draft.title,
                version=1,
            )
            build_revision(self.session, page, draft, author, rendered.html, tags)
            for observed_on, area, text in follow_ups:
                self.session.add_all(
                    build_follow_up(
                        page, observed_on=observed_on, area=area, text=text, author=author
                    )
                )
            if stages:  # the lifecycle of an innovation sheet (wiki.lifecycle)
                attach_history(self.session, page, stages, author)
        self._unwritten.append((page, rendered))
        self.created.append(page.slug)
        if len(self._unwritten) >= self.batch_size:
            self._write()
        return page

    def finish(self) -> list[str]:
        """Write what is left; pages that linked to the new ones see them. Returns the slugs."""
        self._write()
        keys = sorted(self.incoming_titles)
        for start in range(0, len(self.created), self.batch_size):
            refresh_links_to(
                self.session,
                self.created[start : start + self.batch_size],
                except_slugs=self.incoming,
            )
        for start in range(0, len(keys), self.batch_size):
            refresh_links_to(
                self.session,
                [],
                keys=keys[start : start + self.batch_size],
                except_slugs=self.incoming,
            )
        self.session.flush()
        return self.created

    def _resolve(self, targets: set[LinkTarget]) -> dict[LinkTarget, str]:
        """Slugs of this batch and of the wiki first, then titles of the wiki, then titles of
        this batch."""
        resolution = {t: t.slug for t in targets if t.slug in self.incoming}
        rest = {t for t in targets if t not in resolution}
        resolution.update(resolve_links(self.session, rest))
        for target in targets:
            if target not in resolution and target.title_key in self.incoming_titles:
                resolution[target] = self.incoming_titles[target.title_key]
        return resolution

    def _resolve_visibility(self, value: str) -> tuple[str, Group | None]:
        if value not in self._visibility:
            self._visibility[value] = resolve_visibility(None, value)
        return self._visibility[value]

    def _write(self) -> None:
        if not self._unwritten:
            return
        self.session.flush()  # pages get their ids
        for page, rendered in self._unwritten:
            self.session.add_all(
                PageLink(source_id=page.id, target_slug=slug)
                for slug in sorted(rendered.linked_slugs)
            )
            self.session.add_all(
                PageTitleLink(source_id=page.id, title_key=key)
                for key in sorted(rendered.title_keys)
            )
            self.session.add(
                PageTitle(
                    page_id=page.id, title_key=title_key(page.title), last_used_at=page.updated_at
                )
            )
            self.session.add(index_task(page))
        self.session.flush()
        for page, _rendered in self._unwritten:
            self.session.expunge(page)  # its revision and follow-ups go with it (cascade)
        self._unwritten.clear()
