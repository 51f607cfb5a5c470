"""The suite-wide check that no response shows an email address (tests/email_guard.py)."""

from __future__ import annotations

import pytest
from email_guard import EmailLeak
from helpers import sign_in, text_of


def test_a_page_showing_someones_email_fails_the_test_that_renders_it(
    client, make_page, other_member
):
    page = make_page("Un récit", body=f"Écrire à {other_member.email} pour en savoir plus.")
    with pytest.raises(EmailLeak, match="karim@example.org"):
        client.get(f"/pages/{page.slug}")


def test_a_json_answer_showing_someones_email_fails_too(client, make_page, other_member):
    page = make_page("Un récit", body=f"Contact : {other_member.email.upper()}")
    with pytest.raises(EmailLeak):
        client.get(f"/api/v1/pages/{page.slug}")


def test_the_owner_sees_their_own_address_on_their_settings(client, member, token_for):
    sign_in(client, member)
    assert member.email in text_of(client.get("/account"))
    assert client.get("/api/v1/me", headers=token_for(member)).get_json()["email"] == member.email


def test_someone_elses_settings_never_show_an_other_address(
    client, member, other_member, token_for
):
    sign_in(client, other_member)
    assert member.email not in text_of(client.get("/account"))
