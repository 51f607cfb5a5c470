"""The password policy as people meet it: at registration, at a password change and with
`wiki user create --password-stdin`; each refusal says why, next to the field."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from wiki.extensions import db
from wiki.models import User

PASSWORD = "mot-de-passe-solide"
COMMON = "l'un des plus courants"
OWN = "reprend votre nom ou votre adresse électronique"
PREDICTABLE = "trop prévisible"

REFUSED = {
    "password123": COMMON,
    "1234567890": COMMON,
    "aaaaaaaaaa": PREDICTABLE,
    "azertyuiop": COMMON,
    "motdepasse2024": COMMON,
    "mamanjetaime": COMMON,
    "nadia@example.org": OWN,
    "nadia.roux1": OWN,
    "N4dia-R0ux!": OWN,
    "Roux-Nadia-2024": OWN,
}


def field_error(response, field_id: str) -> str:
    body = response.get_data(as_text=True)
    match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', body)
    return html.unescape(match.group(1)) if match else ""


def register(client, password: str):
    return client.post(
        "/register",
        data={
            "name": "Nadia Roux",
            "email": "nadia@example.org",
            "password": password,
            "confirm": password,
            "charter": "y",
        },
    )


def account_created(email: str = "nadia@example.org") -> bool:
    return db.session.scalar(select(User.id).where(User.email == email)) is not None


@pytest.mark.parametrize("password,reason", REFUSED.items(), ids=REFUSED.keys())
def test_registration_refuses_a_guessable_password_and_says_why(client, password, reason):
    response = register(client, password)
    assert response.status_code == 400
    assert reason in field_error(response, "password")
    assert not account_created()


@pytest.mark.parametrize(
    "password", [PASSWORD, "une phrase longue", "Jardin-Potager-9", "cle-des-champs-nadia"]
)
def test_registration_accepts_a_strong_password(client, password):
    assert register(client, password).status_code == 303
    assert account_created()


def test_a_password_over_the_maximum_says_the_maximum(client):
    response = register(client, "x" + "Kq7!" * 256)
    assert response.status_code == 400
    message = field_error(response, "password")
    assert "au plus 1024 caractères" in message
    assert "au moins" not in message


def test_a_password_at_the_maximum_is_accepted(client):
    assert register(client, ("Kq7!zW" * 200)[:1024]).status_code == 303


def change(client, new_password: str):
    return client.post(
        "/account/password",
        data={"old_password": PASSWORD, "new_password": new_password, "confirm": new_password},
    )


@pytest.mark.parametrize(
    "password,reason",
    [
        ("password123", COMMON),
        ("claire@example.org", OWN),
        ("claire-martin-1", OWN),
        ("1234567890", COMMON),
    ],
)
def test_a_password_change_refuses_a_guessable_password(client, member, login, password, reason):
    login(member)
    response = change(client, password)
    assert response.status_code == 400
    assert reason in field_error(response, "new_password")
    assert client.post("/logout").status_code == 303
    login(member)  # the old password still works


def test_a_password_change_over_the_maximum_says_the_maximum(client, member, login):
    login(member)
    response = change(client, "Kq7!" * 300)
    assert "au plus 1024 caractères" in field_error(response, "new_password")


@pytest.mark.parametrize(
    "password,reason",
    [("password123", COMMON), ("nadia@example.org", OWN), ("aaaaaaaaaa", PREDICTABLE)],
)
def test_user_create_refuses_a_guessable_password(app, password, reason):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "nadia@example.org", "--name", "Nadia Roux", "--password-stdin"],
        input=password + "\n",
    )
    assert result.exit_code == 1
    assert reason in result.output
    assert not account_created()


def test_user_create_accepts_a_strong_password(app):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "nadia@example.org", "--name", "Nadia Roux", "--password-stdin"],
        input="une phrase longue\n",
    )
    assert result.exit_code == 0, result.output
    assert account_created()


def test_the_refusal_speaks_english_to_an_english_speaker(client):
    client.post("/language", data={"locale": "en"})
    response = register(client, "password123")
    assert response.status_code == 400
    assert "common" in field_error(response, "password").lower()
