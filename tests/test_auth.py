"""Accounts as people use them: sign in and out, register, the account page, API tokens."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from wiki.auth.accounts import user_from_token
from wiki.extensions import db
from wiki.models import ApiToken, User

PASSWORD = "mot-de-passe-solide"


def text(response) -> str:
    return response.get_data(as_text=True)


def signed_in(client) -> bool:
    """The account page answers only to someone signed in."""
    return client.get("/account").status_code == 200


def field_error(response, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', text(response))
    return match.group(1) if match else ""


# Sign in ------------------------------------------------------------------------------------


def test_the_login_page_has_a_labelled_form_and_one_heading(client):
    html = text(client.get("/login"))
    assert html.count("<h1") == 1
    assert '<label for="email">Adresse électronique</label>' in html
    assert '<label for="password">Mot de passe</label>' in html


def test_a_member_signs_in_and_lands_where_they_were_going(client, member):
    response = client.post(
        "/login",
        data={"email": member.email, "password": PASSWORD, "next": "/pages/aller-vers?x=1"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/pages/aller-vers?x=1"
    assert signed_in(client)


def test_the_email_is_not_case_sensitive(client, member):
    response = client.post("/login", data={"email": "  Claire@Example.ORG ", "password": PASSWORD})
    assert response.status_code == 303


def test_a_wrong_password_gets_a_generic_message(client, member):
    response = client.post("/login", data={"email": member.email, "password": "pas-le-bon-mdp"})
    assert response.status_code == 401
    assert "Adresse ou mot de passe incorrect." in text(response)
    assert not signed_in(client)


def test_an_unknown_address_gets_the_same_message(client, member):
    """No enumeration: nothing tells an unknown address from a wrong password."""
    unknown = client.post("/login", data={"email": "personne@example.org", "password": "x" * 12})
    wrong = client.post("/login", data={"email": member.email, "password": "x" * 12})
    assert unknown.status_code == wrong.status_code == 401
    assert "Adresse ou mot de passe incorrect." in text(unknown)

    def comparable(response):  # CSRF tokens are timestamped; the rest must be identical
        return re.sub(r'value="[^"]*\.[^"]*"', "", text(response))

    assert comparable(unknown).replace("personne@example.org", member.email) == comparable(wrong)


def test_an_empty_form_shows_errors_next_to_the_fields(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 400
    assert field_error(response, "email") == "Indiquez votre adresse électronique."
    assert field_error(response, "password") == "Indiquez votre mot de passe."


def test_a_deactivated_account_cannot_sign_in(client, member):
    member.active = False
    db.session.commit()
    response = client.post("/login", data={"email": member.email, "password": PASSWORD})
    assert response.status_code == 401


def test_signing_in_starts_a_fresh_session(client, member):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["locale"] = "en"
    client.post("/login", data={"email": member.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["locale"] == "en"  # a preference survives
        assert session["_user_id"] == member.get_id()


def test_the_login_form_carries_a_local_next_along(client):
    html = text(client.get("/login?next=/account"))
    assert '<input id="next" name="next" type="hidden" value="/account">' in html


def test_the_account_page_sends_visitors_to_sign_in_and_back(client, member):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    follow = client.post(
        "/login", data={"email": member.email, "password": PASSWORD, "next": "/account"}
    )
    assert follow.headers["Location"] == "/account"


# Sign out -----------------------------------------------------------------------------------


def test_signing_out_is_a_post(client, member, login):
    login(member)
    assert client.get("/logout").status_code == 405
    assert signed_in(client)


def test_a_member_signs_out(client, member, login):
    login(member)
    response = client.post("/logout")
    assert response.status_code == 303
    assert not signed_in(client)


# Registration -------------------------------------------------------------------------------


def register(client, **changes):
    data = {
        "name": "Nadia Roux",
        "email": "nadia@example.org",
        "password": "une phrase longue",
        "confirm": "une phrase longue",
        "charter": "y",
    }
    data.update(changes)
    return client.post("/register", data=data)


def test_the_registration_page_shows_the_charter(client):
    html = text(client.get("/register"))
    assert html.count("<h1") == 1
    assert "La charte éditoriale" in html
    assert "nosographie et le diagnostic psychiatriques" in html
    assert "interprétation sauvage" in html
    assert "désir singulier de la personne" in html
    assert "anonymiser" in html
    assert 'type="checkbox"' in html and '<label for="charter">' in html


def test_a_newcomer_registers_as_a_member_and_is_signed_in(client):
    response = register(client)
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "nadia@example.org"))
    assert user.role == "member"
    assert user.display_name == "Nadia Roux"
    assert signed_in(client)


def test_registration_needs_the_charter(client):
    response = register(client, charter="")
    assert response.status_code == 400
    assert "charte éditoriale est nécessaire" in field_error(response, "charter")
    assert db.session.scalar(select(User).where(User.email == "nadia@example.org")) is None


def test_registration_needs_matching_passwords(client):
    response = register(client, confirm="une autre phrase")
    assert field_error(response, "confirm") == "Les deux mots de passe ne sont pas identiques."


def test_registration_refuses_a_short_password(client):
    response = register(client, password="court", confirm="court")
    assert response.status_code == 400
    assert "au moins 10 caractères" in field_error(response, "password")


def test_registration_refuses_a_bad_address(client):
    response = register(client, email="pas-une-adresse@")
    assert response.status_code == 400
    assert "Adresse électronique invalide" in field_error(response, "email")


def test_registration_refuses_a_taken_address(client, member):
    response = register(client, email="CLAIRE@example.org")
    assert response.status_code == 400
    assert "Un compte existe déjà" in field_error(response, "email")
    assert not signed_in(client)


def test_registration_cannot_choose_a_role(client):
    register(client, role="admin")
    assert db.session.scalar(select(User.role).where(User.email == "nadia@example.org")) == "member"


# The account page ---------------------------------------------------------------------------


def test_a_member_changes_name_and_language(client, member, login):
    login(member)
    response = client.post("/account", data={"display_name": "Claire M.", "locale": "en"})
    assert response.status_code == 303
    db.session.refresh(member)
    assert (member.display_name, member.locale) == ("Claire M.", "en")
    assert "Sign in" not in text(client.get("/account"))  # signed in, in English
    assert "<h1>My account</h1>" in text(client.get("/account"))


def test_following_the_browser_again_clears_the_language(client, member, login):
    login(member)
    client.post("/account", data={"display_name": "Claire", "locale": "en"})
    client.post("/account", data={"display_name": "Claire", "locale": ""})
    db.session.refresh(member)
    assert member.locale is None
    assert "<h1>Mon compte</h1>" in text(client.get("/account"))


def test_an_empty_name_is_refused_next_to_the_field(client, member, login):
    login(member)
    response = client.post("/account", data={"display_name": "   ", "locale": ""})
    assert response.status_code == 400
    assert field_error(response, "display_name")


def test_a_member_changes_password(client, member, login):
    login(member)
    response = client.post(
        "/account/password",
        data={
            "old_password": PASSWORD,
            "new_password": "un tout nouveau secret",
            "confirm": "un tout nouveau secret",
        },
    )
    assert response.status_code == 303
    client.post("/logout")
    assert (
        client.post("/login", data={"email": member.email, "password": PASSWORD}).status_code == 401
    )
    assert (
        client.post(
            "/login", data={"email": member.email, "password": "un tout nouveau secret"}
        ).status_code
        == 303
    )


def test_changing_password_needs_the_current_one(client, member, login):
    login(member)
    response = client.post(
        "/account/password",
        data={
            "old_password": "pas-le-bon-mdp",
            "new_password": "un tout nouveau secret",
            "confirm": "un tout nouveau secret",
        },
    )
    assert response.status_code == 400
    assert field_error(response, "old_password") == "Le mot de passe actuel est incorrect."


# API tokens ---------------------------------------------------------------------------------


def create_token(client, label="script d'import"):
    response = client.post("/account/tokens", data={"label": label})
    assert response.status_code == 201
    return re.search(r'<code class="token">(wk_[^<]+)</code>', text(response)).group(1)


def test_a_token_is_shown_once_and_works(client, member, login):
    login(member)
    token = create_token(client)
    assert user_from_token(db.session, token).id == member.id
    page = text(client.get("/account"))
    assert token not in page
    assert "script d&#39;import" in page


def test_a_token_is_stored_as_a_digest_only(client, member, login):
    login(member)
    token = create_token(client)
    stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert stored and token not in stored


def test_a_revoked_token_no_longer_works(client, member, login):
    login(member)
    token = create_token(client)
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == member.id))
    response = client.post(f"/account/tokens/{token_id}/revoke")
    assert response.status_code == 303
    assert user_from_token(db.session, token) is None


def test_nobody_revokes_someone_elses_token(client, member, other_member, login):
    login(other_member)
    create_token(client)
    token_id = db.session.scalar(select(ApiToken.id))
    client.post("/logout")
    login(member)
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert db.session.get(ApiToken, token_id) is not None


@pytest.mark.parametrize("path", ["/account/tokens", "/account/password", "/account"])
def test_account_actions_need_a_signed_in_person(client, path):
    response = client.post(path, data={})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_registration_reports_every_mistake_at_once(client):
    response = register(client, name="", email="pas-une-adresse", charter="")
    assert field_error(response, "name") == "Indiquez votre nom."
    assert "Adresse électronique invalide" in field_error(response, "email")
    assert field_error(response, "charter")


def test_an_old_style_hash_is_upgraded_at_sign_in(client, member):
    from argon2 import PasswordHasher

    from wiki.auth import accounts

    member.password_hash = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD)
    db.session.commit()
    assert accounts._hasher.check_needs_rehash(member.password_hash)
    assert (
        client.post("/login", data={"email": member.email, "password": PASSWORD}).status_code == 303
    )
    stored = db.session.scalar(select(User.password_hash).where(User.id == member.id))
    assert not accounts._hasher.check_needs_rehash(stored)
    assert client.post("/logout").status_code == 303
    assert (
        client.post("/login", data={"email": member.email, "password": PASSWORD}).status_code == 303
    )


def test_a_new_password_signs_out_the_other_browsers(app, client, member, login):
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": member.email, "password": PASSWORD})
    assert signed_in(elsewhere)
    login(member)
    client.post(
        "/account/password",
        data={
            "old_password": PASSWORD,
            "new_password": "un tout nouveau secret",
            "confirm": "un tout nouveau secret",
        },
    )
    assert signed_in(client)
    assert not signed_in(elsewhere)


def test_switching_language_after_creating_a_token_lands_on_the_account_page(client, member, login):
    login(member)
    client.post("/account/tokens", data={"label": "x"})
    response = client.post(
        "/language", data={"locale": "en", "next": "/account/tokens?"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "<h1>My account</h1>" in text(response)


def test_the_navigation_leads_a_signed_in_member_to_their_account(client, member, login):
    login(member)
    assert '<a class="who" href="/account"' in text(client.get("/account"))
    assert '<a class="who"' not in text(client.post("/logout", follow_redirects=True))
