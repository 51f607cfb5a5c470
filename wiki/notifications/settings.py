"""Reading and saving a member's notification choices."""

from __future__ import annotations

from sqlalchemy import select

from wiki.errors import InvalidInput
from wiki.models import Channel, DigestPeriod, NotificationPreference, NotificationSetting, User
from wiki.notifications.delivery import channels
from wiki.notifications.digest import digest_period
from wiki.notifications.kinds import KINDS


def current_settings(session, user: User) -> tuple[dict[str, str], str]:
    """({kind: channel}, digest period) as the member has them (defaults filled in)."""
    chosen = {kind: channels(session, [user.id], kind)[user.id] for kind in KINDS}
    return chosen, digest_period(session, user.id)


def save_settings(session, user: User, chosen: dict[str, str], period: str) -> None:
    if period not in {p.value for p in DigestPeriod}:
        raise InvalidInput("Période de résumé inconnue : daily ou weekly.", field="digest_period")
    existing = {
        row.kind: row
        for row in session.scalars(
            select(NotificationSetting).where(NotificationSetting.user_id == user.id)
        )
    }
    for kind, channel in chosen.items():
        if kind not in KINDS or channel not in {c.value for c in Channel}:
            raise InvalidInput(f"Choix inconnu pour « {kind} ».", field=kind)
        row = existing.get(kind)
        if row is None:
            session.add(NotificationSetting(user_id=user.id, kind=kind, channel=channel))
        else:
            row.channel = channel
    preference = session.get(NotificationPreference, user.id)
    if preference is None:
        session.add(NotificationPreference(user_id=user.id, digest_period=period))
    else:
        preference.digest_period = period
