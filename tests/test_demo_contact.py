"""`wiki demo` shows the network alive: one conversation between demo members, one open call."""

from __future__ import annotations

from sqlalchemy import func, select

from wiki.extensions import db
from wiki.models import Call, Conversation, Message, Participant, User


def run_demo(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Conversation, Message, Call)
    )


def test_the_demo_has_a_conversation_and_an_open_call(app):
    result = run_demo(app)

    assert "1 conversation(s) et 1 appel(s) au réseau" in result.output
    assert counts() == (1, 2, 1)
    [call] = db.session.scalars(select(Call)).all()
    assert call.state == "open" and call.departement == "37"
    camille = db.session.scalar(select(User).where(User.email == "membre@demo.alters.fr"))
    # Yanis answered: Camille, the first demo member, sees one unread message.
    assert (
        db.session.scalar(select(Participant.unread).where(Participant.user_id == camille.id)) == 1
    )


def test_the_demo_twice_adds_no_second_conversation_nor_call(app):
    run_demo(app)

    again = run_demo(app)

    assert "déjà chargée" in again.output
    assert counts() == (1, 2, 1)
