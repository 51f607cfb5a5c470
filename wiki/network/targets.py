"""What the network lets members report to the moderators (a profile they may see), and how
moderators hide it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wiki.access import can
from wiki.models import Profile, User
from wiki.moderation.actions import ItemInContext, moderatable
from wiki.moderation.reports import reportable
from wiki.moderation.targets import excerpt


@reportable("profile")
def _profile(session, reporter, handle: str):
    member = session.scalar(select(User).where(User.handle == handle))
    return member if member is not None and can(reporter, "profile.view", member) else None


def _describe_profile(member: User) -> ItemInContext:
    profile = member.profile
    text = (
        "\n".join(
            filter(
                None,
                [
                    profile.profession,
                    profile.organisation,
                    profile.presentation,
                    profile.looking_for,
                ],
            )
        )
        if profile is not None
        else ""
    )
    return ItemInContext(
        kind="profile",
        label=_l("Profil"),
        title=member.display_name,
        excerpt=excerpt(text),
        url=f"/people/{member.handle}",
        author=member,
        hidden=profile is not None and profile.hidden_at is not None,
    )


def _hide_profile(session, member: User, hidden_at, _actor, _reason) -> None:
    if member.profile is None:  # never written: hiding it keeps the member out of sight
        member.profile = Profile(user_id=member.id)
        session.add(member.profile)
    member.profile.hidden_at = hidden_at


@moderatable("profile", describe=_describe_profile, set_hidden=_hide_profile)
def _find_profile(session, handle: str):
    return session.scalar(select(User).where(User.handle == handle))
