"""Roles: an admin (or the command line) makes a member moderator or admin, in the audit log."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from wiki.errors import InvalidInput
from wiki.models import Role, User
from wiki.moderation.audit import record_audit

ROLES = tuple(role.value for role in Role)


def change_role(session, actor: User | None, member: User, role: str) -> bool:
    """Give `member` the `role`; False if they had it already (nothing recorded). `actor`
    None: the command line. The last admin keeps their role: someone must run the wiki."""
    if role not in ROLES:
        raise InvalidInput(f"Rôle inconnu « {role} » : member, moderator ou admin.", field="role")
    if member.role == role:
        return False
    if (
        member.role == Role.ADMIN
        and session.scalar(
            select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.active.is_(True))
        )
        <= 1
    ):
        raise InvalidInput(
            "C'est le dernier compte administrateur : nommez-en un autre d'abord.", field="role"
        )
    before, member.role = member.role, role
    record_audit(session, actor, "user.role", f"user:{member.handle}", before=before, after=role)
    return True


def members_page(
    session, q: str = "", *, page: int = 1, per_page: int = 50
) -> tuple[list[User], int]:
    """Accounts by name (a filter on name, handle or email), for the roles' page."""
    query = select(User)
    q = " ".join((q or "").split())[:100]
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(User.display_name).like(like),
                func.lower(User.handle).like(like),
                func.lower(User.email).like(like),
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    users = session.scalars(
        query.order_by(func.lower(User.display_name), User.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(users), total
