"""The `wiki` commands of CONTRACT.md: exit 0 on success, one French line and exit 1 if not."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from wiki.extensions import db
from wiki.models import Group, Membership, Tag, User


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def assert_user_error(result, expected: str):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert "\n" not in message, message
    assert not message.startswith("Error"), message  # French, without click's prefix
    assert expected in message


# --- init ---------------------------------------------------------------------------------


def test_init_twice_is_safe(runner):
    first = runner.invoke(args=["init"])
    tags = db.session.scalar(select(func.count(Tag.id)))
    second = runner.invoke(args=["init"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "Wiki initialisé" in second.stdout
    assert db.session.scalar(select(func.count(Tag.id))) == tags


# --- user create --------------------------------------------------------------------------


def test_user_create_reads_the_password_from_stdin(runner, app):
    from wiki.auth.accounts import authenticate

    result = runner.invoke(
        args=[
            "user",
            "create",
            "Nadia@Example.org",
            "--name",
            "Nadia Haddad",
            "--role",
            "moderator",
            "--password-stdin",
        ],
        input="un mot de passe long\n",
    )

    assert result.exit_code == 0, result.output
    assert "Compte créé : nadia@example.org (moderator, @nadia-haddad)" in result.stdout
    user = authenticate(db.session, "nadia@example.org", "un mot de passe long")
    assert user is not None and user.role == "moderator"


def test_user_create_without_password_makes_an_account_that_cannot_sign_in(runner):
    result = runner.invoke(args=["user", "create", "sans@example.org", "--name", "Sans"])

    assert result.exit_code == 0, result.output
    assert (
        db.session.scalar(select(User).where(User.email == "sans@example.org")).password_hash
        is None
    )


def test_user_create_twice_is_a_one_line_error(runner, member):
    result = runner.invoke(args=["user", "create", member.email, "--name", "Encore"])

    assert_user_error(result, f"Un compte existe déjà pour {member.email}.")


def test_user_create_with_a_bad_email_is_refused(runner):
    result = runner.invoke(args=["user", "create", "pas-une-adresse", "--name", "X"])

    assert_user_error(result, "Adresse électronique invalide")
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_user_create_with_a_short_password_is_refused(runner):
    result = runner.invoke(
        args=["user", "create", "court@example.org", "--name", "Court", "--password-stdin"],
        input="court\n",
    )

    assert_user_error(result, "au moins 10 caractères")
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_user_create_with_an_unknown_role_is_a_usage_error(runner):
    result = runner.invoke(
        args=["user", "create", "r@example.org", "--name", "R", "--role", "superuser"]
    )

    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- token create -------------------------------------------------------------------------


def test_token_create_prints_a_token_that_authenticates(runner, member):
    from wiki.auth.accounts import user_from_token

    result = runner.invoke(args=["token", "create", member.email])

    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("wk_")
    assert user_from_token(db.session, token).email == member.email


def test_token_create_for_an_unknown_account_is_refused(runner):
    result = runner.invoke(args=["token", "create", "personne@example.org"])

    assert_user_error(result, "Aucun compte pour personne@example.org.")


# --- group create / add -------------------------------------------------------------------


def test_group_create_and_add(runner, member):
    created = runner.invoke(args=["group", "create", "groupe-balint", "--name", "Groupe Balint"])
    added = runner.invoke(
        args=["group", "add", "groupe-balint", member.email, "--role", "facilitator"]
    )

    assert created.exit_code == 0, created.output
    assert "Groupe créé : groupe-balint" in created.stdout
    assert added.exit_code == 0, added.output
    membership = db.session.scalar(select(Membership))
    assert (membership.group.slug, membership.user.email, membership.role) == (
        "groupe-balint",
        member.email,
        "facilitator",
    )


def test_group_create_twice_is_refused(runner, group):
    result = runner.invoke(args=["group", "create", group.slug, "--name", "Encore"])

    assert_user_error(result, f"Le groupe « {group.slug} » existe déjà.")
    assert db.session.scalar(select(func.count(Group.id))) == 1


def test_group_create_with_a_bad_slug_is_refused(runner):
    result = runner.invoke(args=["group", "create", "Groupe Balint", "--name", "Balint"])

    assert_user_error(result, "Identifiant de groupe invalide")


def test_group_add_to_an_unknown_group_is_refused(runner, member):
    result = runner.invoke(args=["group", "add", "inconnu", member.email])

    assert_user_error(result, "Le groupe « inconnu » n'existe pas.")


def test_group_add_of_an_unknown_account_is_refused(runner, group):
    result = runner.invoke(args=["group", "add", group.slug, "personne@example.org"])

    assert_user_error(result, "Aucun compte pour personne@example.org.")
    assert db.session.scalar(select(func.count(Membership.user_id))) == 1


def test_a_command_before_init_says_to_run_init(tmp_path):
    from wiki import create_app

    fresh = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wiki.db'}", "TESTING": True},
        instance_path=tmp_path,
    )

    result = fresh.test_cli_runner().invoke(args=["demo"])

    assert_user_error(result, "lancez d'abord « wiki init »")
    with fresh.app_context():
        db.engine.dispose()
