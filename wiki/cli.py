"""The `wiki` command: a Flask command group (so `wiki run`, `wiki shell`, `wiki routes` work)."""

from __future__ import annotations

import functools
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from wiki.errors import WikiError
from wiki.extensions import db


def user_errors(func):
    """A domain error becomes a one-line message on stderr and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except WikiError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from None

    return wrapper


def _create_app(*_args, **_kwargs) -> Flask:
    from wiki import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             load_dotenv=False, set_debug_flag=False)
def main() -> None:
    """Le wiki des pratiques sociales."""


@click.command("init")
@with_appcontext
@user_errors
def init_command() -> None:
    """Create or upgrade the schema and the search index (safe to run twice)."""
    from wiki.setup import initialise

    initialise(current_app)
    click.echo(f"Wiki initialisé dans {current_app.instance_path}")


user_cli = AppGroup("user", help="Manage accounts.")


@user_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", type=click.Choice(["member", "moderator", "admin"]), default="member")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@user_errors
def user_create(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create an account."""
    from wiki.auth.accounts import create_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    user = create_user(db.session, email, name, password, role)
    db.session.commit()
    click.echo(f"Compte créé : {user.email} ({user.role}, @{user.handle})")


token_cli = AppGroup("token", help="Manage API tokens.")


@token_cli.command("create")
@click.argument("email")
@click.option("--label", default="", help="What the token is for.")
@user_errors
def token_create(email: str, label: str) -> None:
    """Print a new personal API token for that account."""
    from wiki.auth.accounts import create_token, find_user

    user = find_user(db.session, email)
    if user is None:
        raise WikiError(f"Aucun compte pour {email}.")
    token = create_token(db.session, user, label)
    db.session.commit()
    click.echo(token)


group_cli = AppGroup("group", help="Manage groups (workshops, Balint groups).")


@group_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--description", default="")
@user_errors
def group_create(slug: str, name: str, description: str) -> None:
    """Create a group."""
    from wiki.groups.membership import create_group

    group = create_group(db.session, slug, name, description)
    db.session.commit()
    click.echo(f"Groupe créé : {group.slug}")


@group_cli.command("add")
@click.argument("slug")
@click.argument("email")
@click.option("--role", type=click.Choice(["facilitator", "member"]), default="member")
@user_errors
def group_add(slug: str, email: str, role: str) -> None:
    """Add a member to a group."""
    from wiki.groups.membership import add_member

    membership = add_member(db.session, slug, email, role)
    db.session.commit()
    click.echo(f"{email} ajouté au groupe {slug} ({membership.role})")


@click.command("serve")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--bind", default="127.0.0.1:5000", show_default=True)
def serve_command(workers: int, bind: str) -> None:
    """Serve the wiki in production with gunicorn."""
    from wiki.server import serve

    serve(workers=workers, bind=bind)


def register_commands(app: Flask) -> None:
    from wiki.search.cli import index_cli

    for command in (init_command, user_cli, token_cli, group_cli, serve_command, index_cli):
        app.cli.add_command(command)
