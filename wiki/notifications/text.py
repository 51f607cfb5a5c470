"""What a notification says, in the language of whoever reads it (evaluated when shown)."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from wiki.extensions import db
from wiki.models import Tag


def notification_text(kind: str, actor: str, title: str) -> str:
    if kind == "page.published":
        return _("%(actor)s a publié « %(title)s »", actor=actor, title=title)
    if kind == "page.revised":
        return _("%(actor)s a modifié « %(title)s »", actor=actor, title=title)
    if kind == "follow_up.added":
        return _(
            "%(actor)s a consigné un effet observé sur « %(title)s »", actor=actor, title=title
        )
    if kind == "follow_up.reminder":
        return _(
            "Rien de neuf dans le suivi des effets de « %(title)s » depuis six mois : "
            "qu'est-ce qui a changé ?",
            title=title,
        )
    if kind == "comment.added":
        return _("%(actor)s a commenté « %(title)s »", actor=actor, title=title)
    if kind == "call.matching":
        return _("Appel au réseau de %(actor)s : « %(title)s »", actor=actor, title=title)
    if kind == "call.answered":
        return _("%(actor)s a répondu à votre appel « %(title)s »", actor=actor, title=title)
    if kind == "group.joined":
        return _("%(actor)s a rejoint le groupe « %(title)s »", actor=actor, title=title)
    if kind == "group.invited":
        return _("%(actor)s vous invite dans le groupe « %(title)s »", actor=actor, title=title)
    if kind == "group.requested":
        return _("%(actor)s demande à rejoindre le groupe « %(title)s »", actor=actor, title=title)
    if kind == "report.filed":
        return _("Nouveau signalement à examiner : %(title)s", title=title)
    return title


def reason_text(reason: str, tag_labels: dict[str, str] | None = None) -> str:
    """Why the reader got it: the follow that brought it (`tag_labels`: slug -> label,
    loaded once for a list; looked up here for a single notification)."""
    kind, _sep, reference = reason.partition(":")
    if kind == "tag":
        labels = tag_labels if tag_labels is not None else tag_labels_of([reference])
        return _("vous suivez l'étiquette « %(tag)s »", tag=labels.get(reference, reference))
    if kind == "member":
        return _("vous suivez ce membre")
    if kind == "page":
        return _("vous suivez cette page")
    if kind == "group":
        return _("vous êtes membre du groupe")
    if kind == "invitation":
        return _("on vous invite")
    if kind == "facilitator":
        return _("vous animez ce groupe")
    if kind == "moderation":
        return _("vous êtes modérateur")
    if kind == "call":
        return _("l'appel porte sur vos sujets")
    if kind == "reply":
        return _("on répond à votre commentaire")
    if kind == "author":
        return _("vous avez écrit cette page")
    if kind == "own_call":
        return _("c'est votre appel au réseau")
    return ""


def someone() -> str:
    return _("Un ancien membre")


def tag_labels_of(slugs) -> dict[str, str]:
    slugs = [slug for slug in set(slugs) if slug]
    if not slugs:
        return {}
    locale = str(get_locale() or "fr")
    return {
        tag.slug: tag.label(locale)
        for tag in db.session.scalars(select(Tag).where(Tag.slug.in_(slugs)))
    }
