"""The sections of the moderation home: each area registers its own (the queue, pending
accounts, the charter's justifications...), shown when its address exists and the
moderator may open it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from wiki.access import can


@dataclass(frozen=True)
class Section:
    path: str  # "/moderation/audit"
    title: object  # lazy gettext
    description: object
    action: str = "moderation.view"  # who sees the section
    order: int = 50
    count: Callable | None = None  # (session) -> a number shown beside the title


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.path] = section


def sections_for(user) -> list[Section]:
    """The registered sections whose page exists in this application and `user` may open."""
    paths = {rule.rule for rule in current_app.url_map.iter_rules()}
    return sorted(
        (s for s in _SECTIONS.values() if s.path in paths and can(user, s.action)),
        key=lambda s: (s.order, s.path),
    )


register_section(
    Section(
        "/moderation/audit",
        _l("Journal de modération"),
        _l("Qui a fait quoi, quand et pourquoi : masquages, rôles, vocabulaire…"),
        order=40,
    )
)
register_section(
    Section(
        "/tags",
        _l("Vocabulaire contrôlé"),
        _l(
            "Créer une étiquette, renommer ses libellés, fusionner deux étiquettes, en retirer une."
        ),
        action="tags.moderate",
        order=50,
    )
)
register_section(
    Section(
        "/moderation/people",
        _l("Rôles des comptes"),
        _l("Nommer les modérateurs et les administrateurs."),
        action="role.change",
        order=60,
    )
)

# The sections other areas add: each appears once its page exists (the route is the switch).
register_section(
    Section(
        "/moderation/accounts",
        _l("Adhésions en attente"),
        _l("Les inscriptions qui attendent une validation."),
        order=20,
    )
)
register_section(
    Section(
        "/moderation/justifications",
        _l("Justifications de la charte"),
        _l("Ce que les auteurs ont justifié en publiant récemment."),
        order=30,
    )
)
register_section(
    Section(
        "/charter/terms",
        _l("Étiquettes diagnostiques de la charte"),
        _l(
            "Les mots que la vérification de la charte signale, et ceux que "
            "les modérateurs y ajoutent."
        ),
        action="charter.terms.manage",
        order=35,
    )
)
