"""The demo's network: profiles for the demo members, and a few more members across
départements and statuses (one of them without a profession), so that the directory, the
profiles and « membres qui connaissent ce sujet » are alive after `make run`.

The extra members have no password: they are people to find, not accounts to sign in with.
A profile is written only if the account has none, so a demo member's own edits stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wiki.auth.accounts import create_user, find_user
from wiki.network.profiles import clean_changes, save_profile


@dataclass(frozen=True)
class DemoMember:
    email: str
    name: str | None  # None: an account of DEMO_ACCOUNTS
    profile: dict = field(default_factory=dict)  # PUT /api/v1/me/profile's keys


OPEN = {"territory": "public", "presentation": "public", "looking_for": "public"}

DEMO_MEMBERS: tuple[DemoMember, ...] = (
    DemoMember(
        "membre@demo.alters.fr",
        None,
        {
            "status": "salarie",
            "profession": "Éducatrice spécialisée",
            "organisation": "Service de prévention spécialisée",
            "sectors": ["protection-enfance", "education-jeunesse"],
            "territory": "Tours, quartier du Sanitas",
            "departement": "37",
            "expertise_tags": ["aller-vers", "non-demande", "atelier-des-praxis"],
            "presentation": "J'anime l'**atelier des praxis sociales**. Je travaille en "
            "prévention spécialisée, au pied des immeubles.",
            "looking_for": "Des récits d'aller vers auprès de jeunes qui ne demandent rien.",
            "visibility": OPEN,
        },
    ),
    DemoMember(
        "membre2@demo.alters.fr",
        None,
        {
            "status": "salarie",
            "profession": "Animateur social",
            "organisation": "Centre social de l'Argonne",
            "sectors": ["politique-de-la-ville"],
            "territory": "Orléans",
            "departement": "45",
            "expertise_tags": ["travail-en-reseau", "quartier", "benevolat"],
            "presentation": "Je coordonne une maraude partagée entre bénévoles et professionnels.",
            "looking_for": "Des partenaires pour une fête de quartier.",
            "visibility": {"territory": "public"},
        },
    ),
    DemoMember(
        "sophie.garnier@demo.alters.fr",
        "Sophie Garnier",
        {
            "status": "salarie",
            "profession": "Assistante de service social",
            "organisation": "CCAS",
            "sectors": ["action-sociale", "personnes-agees"],
            "territory": "Vendôme",
            "departement": "41",
            "expertise_tags": ["acces-aux-droits", "isolement", "aller-vers"],
            "presentation": "Visites à domicile auprès de personnes âgées isolées en milieu rural.",
            "visibility": {"organisation": "public", "presentation": "public"},
        },
    ),
    DemoMember(
        "josiane.perrin@demo.alters.fr",
        "Josiane Perrin",
        {
            "status": "retraite",
            "profession": "Éducatrice spécialisée retraitée",
            "sectors": ["protection-enfance"],
            "territory": "Bourges",
            "departement": "18",
            "expertise_tags": ["non-demande", "prevention", "groupe-balint"],
            "presentation": (
                "Trente ans en protection de l'enfance ; je participe au groupe Balint."
            ),
            "looking_for": "Transmettre, écouter des plus jeunes.",
            "visibility": {"status": "public", **OPEN},
        },
    ),
    DemoMember(
        "nadia.benhamou@demo.alters.fr",
        "Nadia Benhamou",
        {
            "status": "benevole",
            "profession": "",
            "organisation": "Amicale des locataires",
            "sectors": ["vie-associative", "politique-de-la-ville"],
            "territory": "Orléans, la Source",
            "departement": "45",
            "expertise_tags": ["quartier", "benevolat", "travail-en-reseau"],
            "presentation": "Habitante engagée : je tiens le café du samedi au pied de ma tour.",
            "looking_for": "Des idées pour toucher les voisins qui ne viennent jamais.",
            "visibility": {"status": "public", **OPEN},
        },
    ),
    DemoMember(
        "thomas.lemoine@demo.alters.fr",
        "Thomas Lemoine",
        {
            "status": "demandeur-emploi",
            "profession": "Conseiller en économie sociale et familiale",
            "sectors": ["insertion-emploi", "logement-hebergement"],
            "territory": "Blois",
            "departement": "41",
            "expertise_tags": ["pauvrete", "accompagnement-social", "acces-aux-droits"],
            "looking_for": "Un poste, et des échanges sur l'accompagnement budgétaire.",
            "visibility": {"looking_for": "public"},
        },
    ),
    DemoMember(
        "malik.haddad@demo.alters.fr",
        "Malik Haddad",
        {
            "status": "independant",
            "profession": "Formateur et superviseur",
            "sectors": ["formation-recherche"],
            "territory": "Paris",
            "departement": "75",
            "expertise_tags": ["groupe-balint", "atelier-des-praxis", "innovation-sociale"],
            "presentation": "J'accompagne des équipes dans l'analyse de leurs pratiques.",
            "visibility": OPEN,
        },
    ),
    DemoMember(
        "ines.caron@demo.alters.fr",
        "Inès Caron",
        {
            "status": "etudiant",
            "profession": "Étudiante éducatrice spécialisée",
            "sectors": ["education-jeunesse"],
            "territory": "Tours",
            "departement": "37",
            "expertise_tags": ["aller-vers", "quartier"],
            "looking_for": "Un lieu de stage en prévention spécialisée.",
            "visibility": OPEN,
        },
    ),
)


def load_network(session, languages: tuple[str, ...] = ("fr", "en")) -> tuple[int, int]:
    """Add the demo members and profiles that are missing: (members, profiles) added."""
    members = profiles = 0
    for demo in DEMO_MEMBERS:
        user = find_user(session, demo.email)
        if user is None:
            if demo.name is None:
                continue
            user = create_user(session, demo.email, demo.name)
            members += 1
        if user.profile is None:
            save_profile(
                session, user, clean_changes({**demo.profile, "in_directory": True}), languages
            )
            profiles += 1
    return members, profiles
