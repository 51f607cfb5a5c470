"""The forms that ask the current password again (a new password at /account/password,
deleting the account at /account/delete) go through the sign-in throttle: a stolen session
may not guess the password without limit. After the free failures the address waits (429,
Retry-After), its attempts, even right, are refused unchecked, and nothing changes; the
owner elsewhere and other accounts from that address are not slowed; argon2 never runs
while the write lock is held."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event, select

from tests.helpers import sign_in, text_of, time_passes
from wiki.auth import accounts
from wiki.database import IMMEDIATE
from wiki.extensions import db
from wiki.models import SignInThrottle, User

PASSWORD = "mot-de-passe-solide"  # the fixtures' (tests/conftest.py)
WRONG = "pas-le-bon-mdp"
NEW_PASSWORD = "une phrase toute neuve pour le compte"
HOME = "192.0.2.10"
ATTACKER = "198.51.100.7"


@dataclass(frozen=True)
class Door:
    """One form that asks the current password again, and what it does when it is right."""

    path: str
    password_field: str
    others: dict
    success_status: int = 303

    def post(self, client, password, address=ATTACKER):
        return client.post(
            self.path,
            data={self.password_field: password, **self.others},
            environ_base={"REMOTE_ADDR": address},
        )


CHANGE = Door(
    "/account/password",
    "old_password",
    {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
)
DELETE = Door("/account/delete", "password", {})
DOORS = pytest.mark.parametrize("door", [CHANGE, DELETE], ids=["change", "delete"])


def unchanged(user) -> bool:
    """The account is still there, with its old password."""
    db.session.commit()
    stored = db.session.scalar(select(User).where(User.email == user.email))
    return stored is not None and accounts.password_matches(stored, PASSWORD)


@DOORS
def test_guessing_the_current_password_is_slowed(client, member, small_limits, door):
    sign_in(client, member)
    statuses = [door.post(client, WRONG).status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 429, 429]
    response = door.post(client, WRONG)
    wait = int(response.headers["Retry-After"])
    assert 28 <= wait <= 30
    assert f"Trop de mots de passe erronés : réessayez dans {wait} s." in html.unescape(
        text_of(response)
    )
    assert unchanged(member)


@DOORS
def test_while_waiting_even_the_right_password_changes_nothing(client, member, small_limits, door):
    sign_in(client, member)
    for _ in range(3):
        door.post(client, WRONG)
    response = door.post(client, PASSWORD)
    assert response.status_code == 429
    assert response.headers["Retry-After"]
    assert unchanged(member)
    failures = db.session.scalar(
        select(SignInThrottle.failures).where(
            SignInThrottle.scope == "pair", SignInThrottle.key == f"{member.email} {ATTACKER}"
        )
    )
    assert failures == 3  # the waiting attempts counted for nothing
    time_passes()
    assert door.post(client, PASSWORD).status_code == door.success_status  # positive control
    assert not unchanged(member)


@DOORS
def test_the_owner_from_another_address_is_not_slowed(client, member, small_limits, door):
    sign_in(client, member)
    for _ in range(4):
        door.post(client, WRONG, ATTACKER)
    assert door.post(client, PASSWORD, HOME).status_code == door.success_status
    assert not unchanged(member)


@DOORS
def test_another_account_from_the_same_address_is_not_slowed(
    app, client, member, other_member, small_limits, door
):
    sign_in(client, member)
    for _ in range(4):
        door.post(client, WRONG)
    assert door.post(client, PASSWORD).status_code == 429
    neighbour = app.test_client()
    sign_in(neighbour, other_member)
    assert door.post(neighbour, PASSWORD).status_code == door.success_status
    assert not unchanged(other_member)
    assert unchanged(member)


def test_a_right_password_starts_the_count_again(client, member, small_limits):
    sign_in(client, member)
    for _ in range(2):
        assert CHANGE.post(client, WRONG).status_code == 400
    assert CHANGE.post(client, PASSWORD).status_code == 303
    again = Door(
        CHANGE.path,
        CHANGE.password_field,
        {
            "new_password": "encore une autre phrase neuve",
            "confirm": "encore une autre phrase neuve",
        },
    )
    assert [again.post(client, WRONG).status_code for _ in range(4)] == [400, 400, 400, 429]


def test_a_wrong_current_password_is_said_next_to_its_field(client, member, small_limits):
    sign_in(client, member)
    response = CHANGE.post(client, WRONG)
    assert response.status_code == 400
    assert "Le mot de passe actuel est incorrect." in text_of(response)


@DOORS
def test_guesses_here_slow_the_sign_in_from_that_address_too(client, member, small_limits, door):
    """One set of counters for every door: a guess costs the same wherever it is typed."""
    sign_in(client, member)
    for _ in range(3):
        door.post(client, WRONG)
    login = client.post(
        "/login",
        data={"email": member.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": ATTACKER},
    )
    assert login.status_code == 429


class WatchedHasher(PasswordHasher):
    """argon2 as the tests configure it, noting for each verification and hash whether a
    write transaction (wiki.database.begin_write's BEGIN IMMEDIATE) was open then."""

    def __init__(self, lock):
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.lock = lock
        self.calls: list[bool] = []

    def verify(self, hash, password):  # noqa: A002 - the library's own name
        self.calls.append(self.lock.held)
        return super().verify(hash, password)

    def hash(self, password, *, salt=None):
        self.calls.append(self.lock.held)
        return super().hash(password, salt=salt)


class WriteLock:
    def __init__(self):
        self.held = False

    def begin(self, connection):
        if connection.get_execution_options().get(IMMEDIATE):
            self.held = True

    def end(self, connection):
        self.held = False


@pytest.fixture
def watched_hasher(app, monkeypatch):
    lock = WriteLock()
    hasher = WatchedHasher(lock)
    monkeypatch.setattr(accounts, "_hasher", hasher)
    events = (("begin", lock.begin), ("commit", lock.end), ("rollback", lock.end))
    for name, listener in events:
        event.listen(db.engine, name, listener)
    yield hasher
    for name, listener in events:
        event.remove(db.engine, name, listener)


@DOORS
@pytest.mark.parametrize("password", [WRONG, PASSWORD])
def test_argon2_never_runs_under_the_write_lock(
    client, member, small_limits, watched_hasher, door, password
):
    sign_in(client, member)
    response = door.post(client, password)
    assert response.status_code == (400 if password == WRONG else door.success_status)
    assert watched_hasher.calls  # the password was checked (and, for a change, hashed)
    assert not any(watched_hasher.calls)
