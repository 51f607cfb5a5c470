"""Following a page, a tag, a group (its members only) or a member, and who follows what."""

from __future__ import annotations

from sqlalchemy import select

from wiki.access import can, require
from wiki.errors import InvalidInput, NotFound
from wiki.models import Follow, FollowKind, Group, Page, Tag, User

FOLLOW_NOT_FOUND = "Rien à suivre sous ce nom."


def _target(session, user, kind: str, reference: str):
    """The followed object named by a slug (page, tag, group) or a handle (member), as
    `user` may see it; NotFound otherwise, whether it is missing or hidden."""
    if kind == FollowKind.PAGE:
        found = session.scalar(select(Page).where(Page.slug == reference))
        if found is not None and not can(user, "page.view", found):
            found = None
    elif kind == FollowKind.TAG:
        found = session.scalar(select(Tag).where(Tag.slug == reference))
    elif kind == FollowKind.GROUP:
        found = session.scalar(select(Group).where(Group.slug == reference))
        if found is not None and not can(user, "group.follow", found):
            found = None
    elif kind == FollowKind.MEMBER:
        found = session.scalar(select(User).where(User.handle == reference, User.active))
    else:
        raise InvalidInput(
            "On suit une page, une étiquette, un groupe ou un membre (page, tag, group, member).",
            field="kind",
        )
    if found is None:
        raise NotFound(FOLLOW_NOT_FOUND)
    return found


def _reference_of(kind: str, target) -> str:
    return target.handle if kind == FollowKind.MEMBER else target.slug


def follow(session, user: User, kind: object, reference: object) -> Follow:
    require(user, "follow.create")
    if not isinstance(kind, str) or not isinstance(reference, str) or not reference:
        raise InvalidInput('Dites quoi suivre : {"kind", "target"}.', field="target")
    target = _target(session, user, kind, reference.strip())
    if kind == FollowKind.MEMBER and target.id == user.id:
        raise InvalidInput("On ne se suit pas soi-même.", field="target")
    existing = session.scalar(
        select(Follow).where(
            Follow.user_id == user.id, Follow.kind == kind, Follow.target_id == target.id
        )
    )
    if existing is None:
        existing = Follow(user_id=user.id, kind=kind, target_id=target.id)
        session.add(existing)
    existing.muted = False
    return existing


def unfollow(session, user: User, kind: object, reference: object) -> None:
    """Stop following; for a page one wrote, a muted row remembers the choice."""
    require(user, "follow.create")
    if not isinstance(kind, str) or not isinstance(reference, str):
        raise InvalidInput('Dites quoi ne plus suivre : {"kind", "target"}.', field="target")
    target = _target(session, user, kind, reference.strip())
    existing = session.scalar(
        select(Follow).where(
            Follow.user_id == user.id, Follow.kind == kind, Follow.target_id == target.id
        )
    )
    if existing is None:
        raise NotFound("Vous ne suivez pas cela.")
    if kind == FollowKind.PAGE:
        existing.muted = True
    else:
        session.delete(existing)


def follow_as_author(session, user: User | None, page: Page) -> None:
    """The authors of a page follow it, unless they once chose not to."""
    if user is None:
        return
    session.flush()
    exists = session.scalar(
        select(Follow.id).where(
            Follow.user_id == user.id, Follow.kind == FollowKind.PAGE, Follow.target_id == page.id
        )
    )
    if exists is None:
        session.add(Follow(user_id=user.id, kind=FollowKind.PAGE, target_id=page.id))


def is_following(session, user, kind: str, target_id: int) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        session.scalar(
            select(Follow.id).where(
                Follow.user_id == user.id,
                Follow.kind == kind,
                Follow.target_id == target_id,
                Follow.muted.is_(False),
            )
        )
        is not None
    )


def followers(session, kind: str, target_ids) -> dict[int, int]:
    """{user id: the target id they follow} among `target_ids` of `kind` (muted left out)."""
    target_ids = list(target_ids)
    if not target_ids:
        return {}
    rows = session.execute(
        select(Follow.user_id, Follow.target_id).where(
            Follow.kind == kind, Follow.target_id.in_(target_ids), Follow.muted.is_(False)
        )
    )
    return {user_id: target_id for user_id, target_id in rows}


def follows_of(session, user: User) -> list[dict]:
    """What `user` follows, as the API shows it: [{"kind", "target", "name"}], one query
    per kind of target."""
    rows = list(
        session.scalars(
            select(Follow)
            .where(Follow.user_id == user.id, Follow.muted.is_(False))
            .order_by(Follow.created_at)
        )
    )
    loaded = {}
    for kind, model in (
        (FollowKind.PAGE, Page),
        (FollowKind.TAG, Tag),
        (FollowKind.GROUP, Group),
        (FollowKind.MEMBER, User),
    ):
        ids = [row.target_id for row in rows if row.kind == kind]
        if ids:
            loaded[kind] = {
                target.id: target
                for target in session.scalars(select(model).where(model.id.in_(ids)))
            }
    shown = []
    for row in rows:
        target = loaded.get(row.kind, {}).get(row.target_id)
        if target is None or not _still_followable(user, row.kind, target):
            continue
        shown.append(
            {
                "kind": row.kind,
                "target": _reference_of(row.kind, target),
                "name": _name_of(row.kind, target),
            }
        )
    return shown


def _still_followable(user, kind: str, target) -> bool:
    """A page one may no longer see, a group one left: no longer listed (nothing of them
    reaches the member any more; the row stays, harmless, should they come back)."""
    if kind == FollowKind.PAGE:
        return can(user, "page.view", target)
    if kind == FollowKind.GROUP:
        return can(user, "group.follow", target)
    return True


def _name_of(kind: str, target) -> str:
    if kind == FollowKind.MEMBER:
        return target.display_name
    if kind == FollowKind.PAGE:
        return target.title
    if kind == FollowKind.GROUP:
        return target.name
    return target.label_fr
