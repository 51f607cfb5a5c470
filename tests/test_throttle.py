"""The sign-in throttle as an attacker and an owner meet it, through the login form from
several addresses (REMOTE_ADDR): guessing is slowed, nobody is locked out, the state is in
the database that every worker shares."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from tests.helpers import time_passes
from wiki import create_app
from wiki.extensions import db
from wiki.models import OutgoingMail, SignInThrottle
from wiki.models.base import utcnow

PASSWORD = "mot-de-passe-solide"
HOME = "192.0.2.10"  # the owner's address
ATTACKER = "198.51.100.7"


def attempt(client, email, password, address):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def fail(client, email, address=ATTACKER):
    return attempt(client, email, "pas-le-bon-mdp", address)


def sign_in(client, user, address=HOME):
    return attempt(client, user.email, PASSWORD, address)


def test_the_owner_signs_in_from_home_while_an_attacker_elsewhere_is_slowed(
    client, member, small_limits
):
    statuses = [fail(client, member.email).status_code for _ in range(6)]
    assert statuses == [401, 401, 401, 429, 429, 429]
    assert sign_in(client, member).status_code == 303


def test_admins_cannot_be_locked_out_either(client, admin, small_limits):
    for _ in range(10):
        fail(client, admin.email)
    assert sign_in(client, admin).status_code == 303


def test_a_waiting_address_is_told_how_long_and_its_attempts_are_not_checked(
    client, member, small_limits
):
    for _ in range(3):
        fail(client, member.email)
    response = sign_in(client, member, ATTACKER)  # even the right password waits
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 28 <= wait <= 30
    body = response.get_data(as_text=True)
    assert f"Trop de tentatives de connexion : réessayez dans {wait} s." in body
    assert '<input autocomplete="username"' in body  # the form is still there
    failures = db.session.scalar(
        select(SignInThrottle.failures).where(SignInThrottle.scope == "pair")
    )
    assert failures == 3  # the waiting attempts counted for nothing


def pair_delay(member) -> int | None:
    """The wait the last failure set for the attacker's address on this account, in s."""
    db.session.commit()
    row = db.session.scalar(
        select(SignInThrottle).where(
            SignInThrottle.scope == "pair", SignInThrottle.key == f"{member.email} {ATTACKER}"
        )
    )
    return round((row.retry_at - row.last_failure_at).total_seconds()) if row.retry_at else None


def test_the_delay_doubles_with_each_failure_after_the_free_ones(client, member, small_limits):
    delays = []
    for _ in range(6):
        time_passes()
        assert fail(client, member.email).status_code == 401
        delays.append(pair_delay(member))
    assert delays == [None, None, 30, 60, 120, 240]


def test_the_delay_never_exceeds_the_longest(client, member, small_limits):
    for _ in range(12):
        fail(client, member.email)
        time_passes()
    fail(client, member.email)
    assert int(fail(client, member.email).headers["Retry-After"]) <= 900


def test_after_the_delay_the_owner_signs_in_from_the_attacked_address_too(
    client, member, small_limits
):
    for _ in range(3):
        fail(client, member.email)
    time_passes()
    assert sign_in(client, member, ATTACKER).status_code == 303


def test_an_address_nobody_has_is_answered_like_an_account(client, member, small_limits):
    def statuses(email):
        return [
            fail(client, email, address).status_code
            for address in ("203.0.113.1",)
            for _ in range(4)
        ]

    assert statuses("personne@example.org") == statuses(member.email) == [401, 401, 401, 429]


def test_one_address_spraying_many_accounts_is_slowed(client, member, other_member, small_limits):
    for n in range(6):
        fail(client, f"personne{n}@example.org")
    assert fail(client, member.email).status_code == 429
    assert sign_in(client, other_member, ATTACKER).status_code == 429
    assert sign_in(client, other_member, "203.0.113.50").status_code == 303


def test_an_ipv6_subscriber_counts_as_one_address(client, member, small_limits):
    for n in range(3):
        fail(client, member.email, f"2001:db8:1:2::{n + 1}")
    assert fail(client, member.email, "2001:db8:1:2:ffff::9").status_code == 429
    assert fail(client, member.email, "2001:db8:1:3::1").status_code == 401


def test_two_workers_share_the_count(app, client, member, small_limits, tmp_path):
    """A second application on the same database, as a second worker or host would be."""
    other = create_app(
        {
            **{
                k: app.config[k]
                for k in (
                    "SQLALCHEMY_DATABASE_URI",
                    "TESTING",
                    "WTF_CSRF_ENABLED",
                    "SERVER_NAME",
                    "MAIL_DELIVERY",
                )
            },
            "LOGIN_FREE_FAILURES": 3,
        },
        instance_path=tmp_path / "worker2",
    )
    other_client = other.test_client()
    assert fail(client, member.email).status_code == 401
    with other.app_context():
        assert fail(other_client, member.email).status_code == 401
    assert fail(client, member.email).status_code == 401
    with other.app_context():
        assert fail(other_client, member.email).status_code == 429
        db.session.remove()
        db.engine.dispose()


def ceiling_mails(member) -> int:
    db.session.commit()
    return db.session.scalar(
        select(func.count(OutgoingMail.id)).where(
            OutgoingMail.recipient_id == member.id, OutgoingMail.template == "login_ceiling_reached"
        )
    )


def test_at_the_account_ceiling_the_owner_is_mailed_once_and_still_signs_in_from_home(
    app, client, member
):
    app.config.update(LOGIN_ACCOUNT_CEILING=4)
    assert sign_in(client, member).status_code == 303  # home is a known address
    client.post("/logout")
    for n in range(4):  # four addresses, each under its own free failures
        assert fail(client, member.email, f"203.0.113.{n + 1}").status_code == 401
    assert ceiling_mails(member) == 1
    assert fail(client, member.email, "203.0.113.99").status_code == 429
    assert sign_in(client, member, "203.0.113.98").status_code == 429  # a new address waits
    assert sign_in(client, member).status_code == 303  # from home: signed in
    time_passes()
    fail(client, member.email, "203.0.113.97")
    assert ceiling_mails(member) == 1  # one mail per wave, not one per failure


def test_the_ceiling_mail_tells_the_owner_in_their_language(app, client, member):
    app.config.update(LOGIN_ACCOUNT_CEILING=2)
    for n in range(2):
        fail(client, member.email, f"203.0.113.{n + 1}")
    db.session.commit()
    mail = db.session.scalar(
        select(OutgoingMail).where(OutgoingMail.template == "login_ceiling_reached")
    )
    assert mail.to_address == member.email
    assert "2 tentatives" in mail.text


def test_counters_are_forgotten_a_day_after_the_last_failure(client, member, small_limits):
    for _ in range(3):
        fail(client, member.email)
    db.session.execute(
        update(SignInThrottle).values(last_failure_at=utcnow() - timedelta(hours=25), retry_at=None)
    )
    db.session.commit()
    assert [fail(client, member.email).status_code for _ in range(3)] == [401, 401, 401]


def test_stale_counters_are_deleted(client, member, other_member, small_limits):
    fail(client, member.email)
    db.session.execute(
        update(SignInThrottle).values(last_failure_at=utcnow() - timedelta(hours=25))
    )
    db.session.commit()
    fail(client, other_member.email, "203.0.113.5")
    db.session.commit()
    keys = set(db.session.scalars(select(SignInThrottle.key)))
    assert not any(member.email in key for key in keys)
    assert ATTACKER not in keys


def test_the_owners_api_token_works_while_the_sign_in_is_slowed(
    client, member, token_for, small_limits
):
    headers = token_for(member)
    for _ in range(5):
        fail(client, member.email, HOME)
    assert sign_in(client, member).status_code == 429
    response = client.get("/api/v1/me", headers=headers, environ_base={"REMOTE_ADDR": HOME})
    assert response.status_code == 200
    assert response.get_json()["email"] == member.email
