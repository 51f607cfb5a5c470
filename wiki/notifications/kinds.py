"""The kinds of notification: what each says, and the channel it has until a member chooses."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from wiki.models import Channel


@dataclass(frozen=True)
class NotificationKind:
    name: str
    label: object  # for the settings form
    default: Channel


KINDS: dict[str, NotificationKind] = {
    kind.name: kind
    for kind in (
        NotificationKind(
            "page.published", _l("Une nouvelle page sur ce que vous suivez"), Channel.WIKI
        ),
        NotificationKind("page.revised", _l("Une page que vous suivez est modifiée"), Channel.WIKI),
        NotificationKind(
            "follow_up.added",
            _l("Un effet observé est consigné sur une fiche suivie"),
            Channel.WIKI,
        ),
        NotificationKind(
            "follow_up.reminder",
            _l("Le suivi des effets d'une de vos fiches n'a rien reçu depuis six mois"),
            Channel.WIKI,
        ),
        NotificationKind(
            "comment.added", _l("Un commentaire sur une page que vous suivez"), Channel.WIKI
        ),
        NotificationKind("call.matching", _l("Un appel au réseau sur vos sujets"), Channel.MAIL),
        NotificationKind("call.answered", _l("Une réponse à votre appel au réseau"), Channel.MAIL),
        NotificationKind("group.joined", _l("Un nouveau membre dans votre groupe"), Channel.WIKI),
        NotificationKind("group.invited", _l("Une invitation à rejoindre un groupe"), Channel.MAIL),
        NotificationKind(
            "group.requested",
            _l("Une demande pour rejoindre un groupe que vous animez"),
            Channel.MAIL,
        ),
        NotificationKind(
            "report.filed", _l("Un signalement à examiner (modération)"), Channel.MAIL
        ),
    )
}


def kind(name: str) -> NotificationKind:
    return KINDS[name]
