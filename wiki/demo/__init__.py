"""The demo content: accounts, groups and French pages drawn from the association's documents.

The pages live in pages.jsonl, in the import format, and go through the importer like any
file. Loading is idempotent: what already exists (an account, a group, a membership, a page
with the same slug) is left as it is, so running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from wiki.auth.accounts import create_user, existing_user, find_user
from wiki.demo.contact import load_contact_demo
from wiki.demo.network import load_network
from wiki.groups.membership import add_member, create_group, get_group
from wiki.models import Membership
from wiki.pages.tagging import seed_controlled_tags
from wiki.pages.transfer import import_lines


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    password: str
    what: str  # shown beside the login


@dataclass(frozen=True)
class DemoGroup:
    slug: str
    name: str
    description: str
    members: tuple[tuple[str, str], ...]  # (email, role in the group)
    closed: bool = True


# Demo passwords are public on purpose: they are printed by `make run`.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin@demo.alters.fr",
        "Administration Alters",
        "admin",
        "cle-des-champs-admin",
        "administration",
    ),
    DemoAccount(
        "moderation@demo.alters.fr",
        "Modération Alters",
        "moderator",
        "charte-et-vigilance",
        "modération",
    ),
    DemoAccount(
        "membre@demo.alters.fr",
        "Camille Lefèvre",
        "member",
        "porte-ouverte-quartier",
        "membre, groupe Balint et atelier",
    ),
    DemoAccount(
        "membre2@demo.alters.fr",
        "Yanis Moreau",
        "member",
        "carnet-de-route-2",
        "membre, atelier seulement",
    ),
)

DEMO_GROUPS: tuple[DemoGroup, ...] = (
    DemoGroup(
        "atelier-des-praxis",
        "Atelier des praxis sociales",
        "Lieu d'auto-éco-formation pour interroger les concepts à partir desquels nous pensons "
        "nos pratiques de soin, d'éducation ou de travail social.",
        (
            ("membre@demo.alters.fr", "facilitator"),
            ("membre2@demo.alters.fr", "member"),
            ("moderation@demo.alters.fr", "member"),
        ),
        closed=False,  # the workshop welcomes whoever asks
    ),
    DemoGroup(
        "groupe-balint",
        "Groupe Balint",
        "Instance d'élaboration de sa pratique, un par un, respectant le désir singulier.",
        (("moderation@demo.alters.fr", "facilitator"), ("membre@demo.alters.fr", "member")),
        closed=True,  # « un par un », in confidence: known to its members alone
    ),
)

DEMO_AUTHOR = "admin@demo.alters.fr"  # writes the lines that name no author


@dataclass
class DemoLoaded:
    accounts: int = 0
    groups: int = 0
    memberships: int = 0
    pages: int = 0
    profiles: int = 0
    conversations: int = 0
    calls: int = 0

    def summary(self) -> str:
        if not (
            self.accounts
            or self.groups
            or self.memberships
            or self.pages
            or self.profiles
            or self.conversations
            or self.calls
        ):
            return "déjà chargée, rien à ajouter."
        return (
            f"{self.accounts} comptes, {self.groups} groupes, "
            f"{self.memberships} adhésions, {self.pages} pages et "
            f"{self.profiles} profils ajoutés{self._network()}."
        )

    def _network(self) -> str:
        if not (self.conversations or self.calls):
            return ""
        return f", {self.conversations} conversation(s) et {self.calls} appel(s) au réseau"


def demo_lines() -> list[bytes]:
    """The demo pages, one JSON line each, as the importer reads a file."""
    data = resources.files(__package__).joinpath("pages.jsonl").read_bytes()
    return data.splitlines()


def load_demo(session) -> DemoLoaded:
    """Add what is missing of the demo; the caller commits."""
    loaded = DemoLoaded()
    seed_controlled_tags(session)
    for demo in DEMO_ACCOUNTS:
        if find_user(session, demo.email) is None:
            create_user(session, demo.email, demo.name, demo.password, demo.role)
            loaded.accounts += 1
    for demo_group in DEMO_GROUPS:
        group = get_group(session, demo_group.slug, required=False)
        if group is None:
            group = create_group(
                session,
                demo_group.slug,
                demo_group.name,
                demo_group.description,
                closed=demo_group.closed,
            )
            loaded.groups += 1
        for email, role in demo_group.members:
            user = existing_user(session, email)
            if session.get(Membership, (group.id, user.id)) is None:
                add_member(session, demo_group.slug, email, role)
                loaded.memberships += 1
    loaded.pages = import_lines(
        session, demo_lines(), default_author=DEMO_AUTHOR, skip_existing=True
    )
    members, loaded.profiles = load_network(session)
    loaded.accounts += members
    loaded.conversations, loaded.calls = load_contact_demo(session)
    return loaded
