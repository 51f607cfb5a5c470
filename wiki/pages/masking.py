"""History that can forget: masking a revision, anonymising a passage through a page's history.

A masked revision keeps its place in the history (its number, date and author) but its
title, text, fields and summary are shown to moderators alone (wiki.access.revisions); it is
never the current one (mask the current revision only after an edit that replaces it), so
the page, the index, the API's page and the export, which read the current revision, never
hold it. What it leaves elsewhere goes with it: the former title it gave the page (links by
that title no longer lead there), the summary the notifications kept.

Anonymising replaces a passage (a name, an address) by another in every revision of a page
(masked ones too), in its follow-up of effects and in its notifications, renders the texts
again and indexes the page again. The audit log records who, when, why and how many texts
changed, never the passage itself.

Domain functions: plain values and the session in; the caller checks who may see the page
(access.get_visible_page) and commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from wiki.access import can, require, sees_masked
from wiki.content.markdown import check_markup_budget, render_markdown
from wiki.content.slugs import slugify, title_key
from wiki.errors import Conflict, InvalidInput, NotFound
from wiki.mail.queue import rewrite_waiting
from wiki.models import FollowUp, NotificationEvent, Page, PageTitle, Revision, User
from wiki.models.base import utcnow
from wiki.moderation.audit import record_audit
from wiki.notifications.subjects import subject_ref
from wiki.pages import typed_fields
from wiki.pages.editing import (
    MAX_BODY_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    get_revision,
    refresh_links_to,
)
from wiki.pages.history import DiffPart, VersionText, checked_number, compare_versions
from wiki.pages.links import resolver, write_links
from wiki.pages.sectors import encode as encode_sectors
from wiki.pages.sectors import page_sectors
from wiki.search.backend import page_changed
from wiki.territories.locate import departement_of
from wiki.urls import page_url

MAX_REASON_LENGTH = 500
MAX_PASSAGE_LENGTH = 300


def revision_not_found(number: int) -> NotFound:
    """The answer for a revision someone may not read: the same as for one that does not
    exist."""
    return NotFound(_("La version %(number)s de cette page n'existe pas.", number=number))


def readable_revision(session, user, page: Page, number: int) -> Revision:
    """Revision `number` of `page` (which `user` sees), if `user` may read its content;
    404 if it does not exist or is masked from them."""
    revision = get_revision(session, page, checked_number(number))
    if not can(user, "revision.view", revision):
        raise revision_not_found(number)
    return revision


def masked_numbers(session, page: Page) -> set[int]:
    """The numbers of the page's masked revisions."""
    return set(
        session.scalars(
            select(Revision.number).where(
                Revision.page_id == page.id, Revision.masked_at.is_not(None)
            )
        )
    )


def masked_revisions_of(session, changes) -> set[tuple[int, int]]:
    """(page id, number) of the masked revisions among the pages of these changes (recent
    changes), so that a list links no diff that would answer 404."""
    page_ids = {change.page.id for change in changes}
    if not page_ids:
        return set()
    return {
        (page_id, number)
        for page_id, number in session.execute(
            select(Revision.page_id, Revision.number).where(
                Revision.page_id.in_(page_ids), Revision.masked_at.is_not(None)
            )
        )
    }


def masked_line(revision: Revision) -> str:
    """What stands for a masked revision for those who may not read it."""
    return _(
        "Version %(number)s : version masquée (%(reason)s)",
        number=revision.number,
        reason=revision.masked_reason,
    )


def previous_readable_number(session, user, page: Page, number: int) -> int | None:
    """The nearest revision before `number` whose content `user` may read (a diff's default
    start), or None."""
    query = select(Revision.number).where(Revision.page_id == page.id, Revision.number < number)
    if not sees_masked(user):
        query = query.where(Revision.masked_at.is_(None))
    return session.scalar(query.order_by(Revision.number.desc()).limit(1))


def compare_readable(
    session, user, page: Page, from_number: int, to_number: int
) -> tuple[Revision, Revision, list[DiffPart]]:
    """Two revisions `user` may read and how they differ; 404 if either is masked from them."""
    old = readable_revision(session, user, page, from_number)
    new = readable_revision(session, user, page, to_number)
    return (
        old,
        new,
        compare_versions(page.kind, VersionText.of_revision(old), VersionText.of_revision(new)),
    )


def _clean_reason(reason: object) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput(_("Indiquez le motif."), field="reason")
    if "\x00" in reason:
        raise InvalidInput(_("Le motif contient un caractère nul."), field="reason")
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(
            _("Le motif est trop long (%(max)d caractères au plus).", max=MAX_REASON_LENGTH),
            field="reason",
        )
    return reason


# --- masking one revision --------------------------------------------------------------------


def suppress_revision(session, page: Page, number: int, actor: User, reason: object) -> Revision:
    """Mask revision `number` of `page` for everyone but the moderators, with `reason`.

    The caller has checked that `actor` sees the page; the rule revision.suppress says who
    may mask (its author, a moderator). The current revision cannot be masked (409).
    """
    revision = get_revision(session, page, checked_number(number))
    if revision.masked_at is not None:
        raise Conflict(_("Cette version est déjà masquée."))
    require(actor, "revision.suppress", revision)
    if revision.id == page.current_revision_id:
        raise Conflict(
            _(
                "C'est la version actuelle de la page : modifiez d'abord la page "
                "pour retirer ce qui ne doit pas rester, puis masquez cette "
                "version."
            )
        )
    reason = _clean_reason(reason)
    revision.masked_at = utcnow()
    revision.masked_by_name = actor.display_name
    revision.masked_reason = reason
    session.flush()
    _forget_masked_title(session, page, revision)
    _forget_summary(session, page, revision.summary)
    page_changed(session, page, forget=True)  # off the index's files too, not only its answers
    record_audit(
        session,
        actor,
        "revision.suppress",
        f"revision:{page.slug}/{number}",
        reason=reason,
        page=page.slug,
        revision=number,
    )
    return revision


def _forget_masked_title(session, page: Page, masked: Revision) -> None:
    """A title only masked revisions bore no longer names the page: a link [[that title]]
    would lead to it, and tell whoever follows it what the page was called."""
    key = title_key(masked.title)
    borne = {
        title_key(title)
        for title in session.scalars(
            select(Revision.title).where(Revision.page_id == page.id, Revision.masked_at.is_(None))
        )
    }
    if key in borne:
        return
    # A mail queued when it was the page's title, still waiting, leaves with today's.
    rewrite_waiting(session, page_url(page.slug, absolute=False), {masked.title: page.title})
    row = session.get(PageTitle, (page.id, key))
    if row is not None:
        session.delete(row)
        session.flush()
        refresh_links_to(session, [], keys=[key])


def _forget_summary(session, page: Page, summary: str) -> None:
    """The notifications' record of the revision keeps its summary: it goes."""
    if not summary:
        return
    for event in _page_events(session, page):
        if (event.data or {}).get("summary") == summary:
            event.data = {**event.data, "summary": ""}


def _page_events(session, page: Page) -> list[NotificationEvent]:
    return list(
        session.scalars(
            select(NotificationEvent).where(
                NotificationEvent.subject == subject_ref("page", page.id)
            )
        )
    )


# --- anonymising a passage through the whole history ----------------------------------------


@dataclass
class Anonymised:
    """What an anonymisation changed."""

    revisions: int  # revisions whose title, text, fields or summary held the passage
    follow_ups: int  # observations of the follow-up of effects that held it
    slug_holds_passage: bool  # the page's address still spells it (addresses do not change)


def _clean_passages(find: object, replace: object) -> tuple[str, str]:
    if not isinstance(find, str) or not find.strip():
        raise InvalidInput(_("Indiquez le passage à remplacer."), field="find")
    if not isinstance(replace, str):
        raise InvalidInput(_("Le remplacement doit être du texte."), field="replace")
    if len(find) > MAX_PASSAGE_LENGTH or len(replace) > MAX_PASSAGE_LENGTH:
        raise InvalidInput(
            _("Un passage fait %(max)d caractères au plus.", max=MAX_PASSAGE_LENGTH),
            field="find" if len(find) > MAX_PASSAGE_LENGTH else "replace",
        )
    if "\x00" in find or "\x00" in replace:
        raise InvalidInput(_("Le passage contient un caractère nul."), field="find")
    if find in replace:
        raise InvalidInput(
            _("Le remplacement contient encore le passage à retirer."), field="replace"
        )
    return find, replace


def _replaced_title(title: str, find: str, replace: str) -> str:
    title = " ".join(title.replace(find, replace).split())
    if not title:
        raise InvalidInput(_("Le titre serait vide après le remplacement."), field="replace")
    if len(title) > MAX_TITLE_LENGTH:
        raise InvalidInput(_("Le titre serait trop long après le remplacement."), field="replace")
    return title


def anonymise_page(
    session, page: Page, find: object, replace: object, actor: User | None, reason: object
) -> Anonymised:
    """Replace `find` by `replace` (exactly, case included) in every revision of `page`:
    titles, texts, fields, summaries and masking reasons, masked revisions too; in its
    follow-up of effects and its notifications. Texts are rendered again and the page
    indexed again; the audit log records it. `actor` None is the command line; a person
    must pass page.anonymise.
    """
    if actor is not None:
        require(actor, "page.anonymise", page)
    find, replace = _clean_passages(find, replace)
    reason = _clean_reason(reason)
    revisions = list(
        session.scalars(
            select(Revision).where(Revision.page_id == page.id).order_by(Revision.number)
        )
    )
    follow_ups = list(session.scalars(select(FollowUp).where(FollowUp.page_id == page.id)))
    changed_revisions = [r for r in revisions if _holds(r, find)]
    changed_follow_ups = [f for f in follow_ups if find in f.text]
    if not changed_revisions and not changed_follow_ups:
        raise InvalidInput(
            _("Ce passage ne figure dans aucune version de la page, ni dans son suivi des effets."),
            field="find",
        )
    renamed: dict[str, str] = {}  # former title key -> new title key
    for revision in changed_revisions:
        old_key = title_key(revision.title)
        _replace_in_revision(session, page, revision, find, replace)
        if title_key(revision.title) != old_key:
            renamed[old_key] = title_key(revision.title)
    for follow_up in changed_follow_ups:
        follow_up.text = follow_up.text.replace(find, replace)
        follow_up.html = render_markdown(follow_up.text).html
    if page.current is not None:
        page.title = page.current.title
    for event in _page_events(session, page):
        summary = (event.data or {}).get("summary")
        if summary and find in summary:
            event.data = {**event.data, "summary": summary.replace(find, replace)}
    rewrite_waiting(session, page_url(page.slug, absolute=False), {find: replace})  # not yet sent
    session.flush()
    if renamed:
        _rename_titles(
            session,
            page,
            renamed,
            still_borne={title_key(revision.title) for revision in revisions},
        )
    page_changed(session, page, forget=True)
    record_audit(
        session,
        actor,
        "page.anonymise",
        f"page:{page.slug}",
        reason=reason,
        page=page.slug,
        revisions=len(changed_revisions),
        follow_ups=len(changed_follow_ups),
        replacement=replace,
    )
    return Anonymised(
        len(changed_revisions),
        len(changed_follow_ups),
        bool(slugify(find)) and slugify(find) in page.slug,
    )


def _holds(revision: Revision, find: str) -> bool:
    return (
        find in revision.title
        or find in (revision.body or "")
        or find in (revision.summary or "")
        or find in (revision.masked_reason or "")
        or any(isinstance(v, str) and find in v for v in (revision.fields or {}).values())
    )


def _replace_in_revision(session, page: Page, revision: Revision, find: str, replace: str) -> None:
    revision.title = _replaced_title(revision.title, find, replace)
    summary = (revision.summary or "").replace(find, replace).strip()
    if len(summary) > MAX_SUMMARY_LENGTH:
        raise InvalidInput(
            _("Un résumé de modification serait trop long après le remplacement."), field="replace"
        )
    revision.summary = summary
    revision.masked_reason = (revision.masked_reason or "").replace(find, replace)
    old_fields = dict(revision.fields or {})
    revision.fields = {
        name: value.replace(find, replace) if isinstance(value, str) else value
        for name, value in old_fields.items()
    }
    # A typed value says what its text says: read again from the text that changed.
    revision.typed_fields = typed_fields.refresh(
        page.kind, old_fields, revision.fields, dict(revision.typed_fields or {})
    )
    if revision.id == page.current_revision_id:
        page.departement = departement_of(revision.fields, revision.typed_fields)
        page.sectors = encode_sectors(page_sectors(revision.fields))
    body = revision.body or ""
    if find in body:
        body = body.replace(find, replace)
        if len(body) > MAX_BODY_LENGTH:
            raise InvalidInput(
                _("Un texte serait trop long après le remplacement."), field="replace"
            )
        check_markup_budget(body, "replace")
        revision.body = body
        rendered = render_markdown(body, resolver(session))
        revision.html = rendered.html
        if revision.id == page.current_revision_id:
            write_links(session, page.id, rendered)


def _rename_titles(session, page: Page, renamed: dict[str, str], *, still_borne: set[str]) -> None:
    """The titles the page bore, as the anonymised revisions now spell them (a former
    spelling goes unless a revision still bears it); the pages that link by either spelling
    are rendered again."""
    for old_key, new_key in renamed.items():
        old = session.get(PageTitle, (page.id, old_key))
        if old is None:
            continue
        new = session.get(PageTitle, (page.id, new_key))
        if new is None:
            session.add(
                PageTitle(page_id=page.id, title_key=new_key, last_used_at=old.last_used_at)
            )
            session.flush()  # another former spelling may lead to the same key
        else:
            new.last_used_at = max(new.last_used_at, old.last_used_at)
        if old_key not in still_borne:
            session.delete(old)
    session.flush()
    refresh_links_to(session, [], keys={*renamed, *renamed.values()})
