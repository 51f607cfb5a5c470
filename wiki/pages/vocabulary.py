"""The controlled vocabulary as moderators keep it: creating, renaming, retiring and merging
tags, each change recorded in the audit log in its own transaction."""

from __future__ import annotations

from sqlalchemy import delete, insert, literal, select

from wiki.content.slugs import is_valid_slug, slugify
from wiki.errors import InvalidInput, NotFound
from wiki.models import Follow, FollowKind, Page, Tag, User, call_tags, profile_expertise
from wiki.moderation.audit import record_audit
from wiki.pages.tagging import MAX_TAG_LENGTH
from wiki.search.backend import page_changed

MAX_DESCRIPTION_LENGTH = 2000


def _clean_labels(label_fr: str, label_en: str, description: str) -> tuple[str, str, str]:
    label_fr, label_en = " ".join((label_fr or "").split()), " ".join((label_en or "").split())
    if not label_fr:
        raise InvalidInput("Le libellé français est obligatoire.", field="label_fr")
    for name, value in (("label_fr", label_fr), ("label_en", label_en)):
        if len(value) > MAX_TAG_LENGTH:
            raise InvalidInput(
                f"Libellé trop long ({MAX_TAG_LENGTH} caractères au plus).", field=name
            )
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise InvalidInput("Description trop longue.", field="description")
    return label_fr, label_en, description


def create_controlled_tag(
    session,
    *,
    label_fr: str,
    label_en: str = "",
    description: str = "",
    slug: str | None = None,
    actor: User | None = None,
) -> Tag:
    """A new tag of the controlled vocabulary; a free tag of the same slug is promoted."""
    label_fr, label_en, description = _clean_labels(label_fr, label_en, description)
    slug = (slug or "").strip() or slugify(label_fr)
    if not is_valid_slug(slug):
        raise InvalidInput(
            "Identifiant invalide : minuscules sans accents, chiffres et tirets.", field="slug"
        )
    tag = session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is not None and tag.controlled:
        raise InvalidInput(f"L'étiquette « {slug} » existe déjà.", field="slug")
    if tag is None:
        tag = Tag(slug=slug)
        session.add(tag)
    tag.label_fr, tag.label_en, tag.description, tag.controlled = (
        label_fr,
        label_en,
        description,
        True,
    )
    session.flush()
    record_audit(session, actor, "tag.create", f"tag:{slug}", label_fr=label_fr)
    return tag


def _live_tag(session, slug: str) -> Tag:
    tag = session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is None or tag.merged_into_id is not None:
        raise NotFound("Cette étiquette n'existe pas.")
    return tag


def update_tag(
    session,
    slug: str,
    *,
    label_fr: str,
    label_en: str = "",
    description: str = "",
    controlled: bool = True,
    actor: User | None = None,
    reason: str = "",
) -> Tag:
    """New labels or description; `controlled` False retires the tag from the vocabulary
    (pages keep it, as a free tag)."""
    tag = _live_tag(session, slug)
    before = (tag.label_fr, tag.label_en, tag.controlled)
    tag.label_fr, tag.label_en, tag.description = _clean_labels(label_fr, label_en, description)
    tag.controlled = controlled
    session.flush()
    if before[2] and not controlled:
        record_audit(session, actor, "tag.retire", f"tag:{slug}", reason=reason)
    elif controlled and not before[2]:
        record_audit(session, actor, "tag.admit", f"tag:{slug}", reason=reason)
    if before[:2] != (tag.label_fr, tag.label_en):
        record_audit(
            session,
            actor,
            "tag.rename",
            f"tag:{slug}",
            reason=reason,
            before={"fr": before[0], "en": before[1]},
            after={"fr": tag.label_fr, "en": tag.label_en},
        )
    return tag


def merge_tags(
    session, source_slug: str, target_slug: str, *, actor: User | None, reason: str = ""
) -> int:
    """Merge `source` into `target`: every page, call, profile and follow of `source` moves
    to `target` (pages re-indexed), and the old slug leads there. Returns the pages
    retagged."""
    source, target = _live_tag(session, source_slug), _live_tag(session, target_slug)
    if source.id == target.id:
        raise InvalidInput("Choisissez une autre étiquette que celle-ci.", field="target")
    pages = list(session.scalars(select(Page).where(Page.tags.any(Tag.id == source.id))))
    for page in pages:
        page.tags = _unique([target if tag.id == source.id else tag for tag in page.tags])
        if page.current is not None:  # what the page carries now, as exports read it
            page.current.tag_slugs = sorted(tag.slug for tag in page.tags)
        page_changed(session, page)
    _move_association(session, profile_expertise, "user_id", source.id, target.id)
    calls = _move_association(session, call_tags, "call_id", source.id, target.id)
    _move_follows(session, source.id, target.id)
    source.merged_into_id = target.id
    source.controlled = False
    session.flush()
    record_audit(
        session,
        actor,
        "tag.merge",
        f"tag:{source.slug}",
        reason=reason,
        into=target.slug,
        pages=len(pages),
        calls=calls,
    )
    return len(pages)


def _unique(tags: list[Tag]) -> list[Tag]:
    seen: dict[int, Tag] = {}
    for tag in tags:
        seen.setdefault(tag.id, tag)
    return list(seen.values())


def _move_association(session, table, owner: str, source_id: int, target_id: int) -> int:
    """Rows of (owner, tag) move from source to target, without duplicating an owner who
    already has the target; returns how many owners carried the source."""
    owner_column = table.c[owner]
    having_target = select(owner_column).where(table.c.tag_id == target_id)
    session.execute(
        insert(table).from_select(
            [owner, "tag_id"],
            select(owner_column, literal(target_id)).where(
                table.c.tag_id == source_id, owner_column.not_in(having_target)
            ),
        )
    )
    removed = session.execute(delete(table).where(table.c.tag_id == source_id))
    return removed.rowcount or 0


def _move_follows(session, source_id: int, target_id: int) -> None:
    follows = list(
        session.scalars(
            select(Follow).where(Follow.kind == FollowKind.TAG, Follow.target_id == source_id)
        )
    )
    already = set(
        session.scalars(
            select(Follow.user_id).where(
                Follow.kind == FollowKind.TAG, Follow.target_id == target_id
            )
        )
    )
    for row in follows:
        if row.user_id in already:
            session.delete(row)
        else:
            row.target_id = target_id
