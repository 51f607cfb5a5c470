"""The demo's network life: one conversation between two demo members, one open call.

Loaded through the same domain functions as a member's actions (so the recipient of the
conversation and the members the call concerns get their mail); idempotent: a conversation
or a call already there (same author, same subject or title) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from wiki.auth.accounts import existing_user
from wiki.calls.posting import post_call
from wiki.content.member_text import render_member_text
from wiki.messaging.conversations import reply, start_conversation
from wiki.models import Call, Conversation


@dataclass(frozen=True)
class DemoConversation:
    subject: str
    messages: tuple[tuple[str, str], ...]  # (author's email, Markdown), the first starts it


@dataclass(frozen=True)
class DemoCall:
    author: str
    title: str
    body: str
    tags: tuple[str, ...]
    departement: str | None


DEMO_CONVERSATION = DemoConversation(
    "Votre maraude partagée",
    (
        (
            "membre@demo.alters.fr",
            "Bonjour Yanis,\n\nJ'ai lu le récit de la **maraude partagée** entre bénévoles et "
            "professionnels. Comment avez-vous réparti les rôles au début ?",
        ),
        (
            "membre2@demo.alters.fr",
            "Bonjour Camille,\n\nNous avons commencé par marcher ensemble sans rien répartir : "
            "les rôles sont venus des rencontres. On peut en parler à l'atelier de jeudi ?",
        ),
    ),
)

DEMO_CALL = DemoCall(
    "membre2@demo.alters.fr",
    "Des expériences d'aller vers auprès de personnes âgées isolées en milieu rural",
    "Nous ouvrons une permanence itinérante dans le sud de l'Indre-et-Loire. Qui a déjà "
    "pratiqué l'**aller vers** auprès de personnes âgées qui ne demandent rien ? Ce qui a "
    "marché, ce qui a échoué, avec quels partenaires.",
    ("aller-vers", "isolement", "non-demande"),
    "37",
)


def load_contact_demo(session) -> tuple[int, int]:
    """Add what is missing: (conversations, calls) added. The caller commits."""
    return _conversation(session, DEMO_CONVERSATION), _call(session, DEMO_CALL)


def _conversation(session, demo: DemoConversation) -> int:
    (first_email, first_body), *replies = demo.messages
    sender = existing_user(session, first_email)
    if (
        session.scalar(
            select(Conversation.id).where(
                Conversation.started_by_id == sender.id, Conversation.subject == demo.subject
            )
        )
        is not None
    ):
        return 0
    recipient = existing_user(session, replies[0][0])
    conversation = start_conversation(
        session,
        sender,
        recipient,
        demo.subject,
        first_body,
        render_member_text(session, first_body),
        daily_limit=1_000,
    )
    for email, body in replies:
        reply(
            session,
            existing_user(session, email),
            conversation,
            body,
            render_member_text(session, body),
        )
    return 1


def _call(session, demo: DemoCall) -> int:
    author = existing_user(session, demo.author)
    if (
        session.scalar(select(Call.id).where(Call.author_id == author.id, Call.title == demo.title))
        is not None
    ):
        return 0
    post_call(
        session,
        author,
        demo.title,
        demo.body,
        render_member_text(session, demo.body),
        list(demo.tags),
        demo.departement,
    )
    return 1
