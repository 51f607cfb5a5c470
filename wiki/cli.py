"""The `wiki` command: a Flask command group (so `wiki run`, `wiki shell`, `wiki routes` work)."""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from wiki.errors import WikiError
from wiki.extensions import db

if TYPE_CHECKING:
    from wiki.pages.transfer import RateMeter


class UserError(click.ClickException):
    """Shown as the bare (French) message on stderr, without click's English « Error: »."""

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


def user_errors(func):
    """A domain error becomes a one-line message on stderr and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except WikiError as error:
            db.session.rollback()
            raise UserError(error.message) from None
        except (OperationalError, ProgrammingError) as error:
            db.session.rollback()
            if _missing_table(error):
                raise UserError(
                    "La base n'est pas initialisée : lancez d'abord « wiki init »."
                ) from None
            raise

    return wrapper


def _missing_table(error: Exception) -> bool:
    text = str(getattr(error, "orig", error)).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def _create_app(*_args, **_kwargs) -> Flask:
    from wiki import create_app
    from wiki.search.backend import UnknownBackend

    try:
        return create_app()
    except UnknownBackend as error:  # a configuration mistake: one line, no traceback
        raise click.ClickException(str(error)) from None


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def main() -> None:
    """Le wiki des pratiques sociales."""


@click.command("init")
@with_appcontext
@user_errors
def init_command() -> None:
    """Create or upgrade the schema and the search index (safe to run twice)."""
    from wiki.setup import initialise

    reindexed = initialise(current_app)
    if reindexed:
        click.echo(f"Index de recherche reconstruit (nouvelle forme) : {reindexed} pages.")
    click.echo(
        f"Wiki initialisé dans {current_app.instance_path} : base de données et index "
        "de recherche prêts."
    )


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


@user_cli.command("deactivate")
@click.argument("email")
@user_errors
def user_deactivate(email: str) -> None:
    """Close an account: no more sign-in, its sessions and API tokens stop working now."""
    from wiki.auth.accounts import deactivate_user, find_user

    user = find_user(db.session, email)
    if user is None:
        raise WikiError(f"Aucun compte pour {email}.")
    deactivate_user(db.session, user)
    db.session.commit()
    click.echo(f"Compte désactivé : {user.email} ; ses sessions sont fermées.")


@user_cli.command("approve")
@click.argument("email")
@user_errors
def user_approve(email: str) -> None:
    """Approve a pending adherent (whose address is confirmed); they are told by mail."""
    from wiki.approval.queue import approve
    from wiki.auth.accounts import find_user
    from wiki.database import begin_write

    begin_write()
    user = find_user(db.session, email)
    if user is None:
        raise WikiError(f"Aucun compte pour {email}.")
    approve(db.session, None, user)
    db.session.commit()
    click.echo(f"Compte validé : {user.email} (@{user.handle}) ; un mail l'en avertit.")


@user_cli.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice(["member", "moderator", "admin"]))
@user_errors
def user_role(email: str, role: str) -> None:
    """Change an account's role (recorded in the audit log)."""
    from wiki.auth.accounts import find_user
    from wiki.moderation.people import change_role

    user = find_user(db.session, email)
    if user is None:
        raise WikiError(f"Aucun compte pour {email}.")
    changed = change_role(db.session, None, user, role)
    db.session.commit()
    click.echo(f"Rôle de {user.email} : {role}" + ("" if changed else " (inchangé)"))


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
@click.option(
    "--open/--closed",
    "is_open",
    default=False,
    help="Open: any approved member sees it and may ask to join. Closed (the "
    "default): known to its members alone.",
)
@user_errors
def group_create(slug: str, name: str, description: str, is_open: bool) -> None:
    """Create a group."""
    from wiki.groups.membership import create_group

    group = create_group(db.session, slug, name, description, closed=not is_open)
    db.session.commit()
    click.echo(f"Groupe créé : {group.slug} ({'fermé' if group.closed else 'ouvert'})")


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


@click.command("import")
@click.argument("path", metavar="FILE.jsonl")
@click.option("--as", "as_email", metavar="EMAIL", help="Author of the lines without « author ».")
@click.option(
    "--report",
    "report_path",
    metavar="FILE.jsonl",
    help="Where to list the pages the charter check finds something in "
    "(default: instance/reports/import-charter-<date>.jsonl).",
)
@with_appcontext
@user_errors
def import_command(path: str, as_email: str | None, report_path: str | None) -> None:
    """Import pages from a JSON Lines file (« - » reads standard input); all or nothing."""
    from wiki.auth.accounts import find_user
    from wiki.database import begin_write
    from wiki.pages.transfer import CreatedOnImport, import_lines

    begin_write()
    created = CreatedOnImport()
    default_author = None
    if as_email:
        default_author = find_user(db.session, as_email)
        if default_author is None:
            raise WikiError(f"Aucun compte pour {as_email}.")
    findings: list[dict] = []
    try:
        with _open_input(path) as stream, ProgressBar("Import") as bar:
            count = import_lines(
                db.session,
                stream,
                default_author=default_author,
                progress=bar.advance,
                created=created,
                charter_report=findings,
            )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    _apply_index_outbox()
    click.echo(f"{count} pages importées")
    if created.accounts:
        click.echo(
            f"{len(created.accounts)} compte(s) créé(s) pour des auteurs absents, sans "
            f"mot de passe (ils ne peuvent pas se connecter avant qu'on leur en donne "
            f"un) : {', '.join(sorted(created.accounts))}"
        )
    if created.groups:
        click.echo(
            f"{len(created.groups)} groupe(s) créé(s), fermés, avec les auteurs de "
            f"leurs pages pour membres : {', '.join(sorted(created.groups))}"
        )
    if findings:
        written = _write_charter_report(findings, report_path)
        unchecked = sum(1 for entry in findings if "not_checked" in entry)
        if unchecked < len(findings):
            click.echo(
                f"{len(findings) - unchecked} pages contiennent des passages que la charte "
                f"demande de revoir (diagnostics, éléments qui identifient quelqu'un) : la "
                f"liste est dans {written}"
            )
        if unchecked:
            click.echo(
                f"{unchecked} pages sont trop longues pour la vérification de la charte : "
                f"à découper, puis à relire ; elles sont aussi dans {written}"
            )
    else:
        click.echo("Aucune page ne contient de passage à revoir selon la charte.")


def _write_charter_report(findings: list[dict], path: str | None) -> str:
    """One JSON line per page with findings: line, slug, title, findings."""
    import json
    from datetime import UTC, datetime
    from pathlib import Path

    if path is None:
        folder = Path(current_app.instance_path) / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = str(folder / f"import-charter-{datetime.now(UTC):%Y%m%d-%H%M%S}.jsonl")
    with open(path, "w", encoding="utf-8") as stream:
        for entry in findings:
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return path


@click.command("export")
@click.argument("path", metavar="FILE.jsonl")
@with_appcontext
@user_errors
def export_command(path: str) -> None:
    """Write every page in the import format (« - » writes to standard output)."""
    from wiki.pages.transfer import count_pages, dump_line, export_pages

    total = count_pages(db.session)
    written = 0
    with _open_output(path) as stream, ProgressBar("Export") as bar:
        for page in export_pages(db.session):
            stream.write(dump_line(page) + "\n")
            written += 1
            bar.advance(written, total)
        stream.flush()
    if path != "-":
        click.echo(f"{written} pages exportées dans {path}", err=True)


def _open_input(path: str):
    """The file's bytes (standard input for « - »), decoded line by line by the importer."""
    try:
        return click.open_file(path, "rb")
    except OSError as error:
        raise WikiError(f"Impossible de lire {path} : {error.strerror}.") from None


def _open_output(path: str):
    try:
        return click.open_file(path, "w", encoding="utf-8")
    except OSError as error:
        raise WikiError(f"Impossible d'écrire {path} : {error.strerror}.") from None


class ProgressBar:
    """A click progress bar on stderr, opened once the total is known, showing pages/s.

    Without a terminal (a log, a pipe) there is no bar to draw: one line says what was done
    once it is done, instead of click's bare label printed at the start.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None  # click's ProgressBar, a class click keeps private
        self.rate: RateMeter | None = None
        self.position = 0
        self.total = 0
        self.interactive = sys.stderr.isatty()

    def advance(self, done: int, total: int) -> None:
        from wiki.pages.transfer import RateMeter

        if self.rate is None:
            self.rate = RateMeter()
        if not self.interactive:
            self.position, self.total = done, total
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label=self.label,
                file=sys.stderr,
                show_pos=True,
                item_show_func=lambda rate: rate,
            )
            self.bar.__enter__()
        self.bar.update(done - self.position, self.rate(done))
        self.position = done

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc_info)
        elif self.position and exc_info[0] is None:
            click.echo(f"{self.label} : {self.position}/{self.total}", err=True)


def _apply_index_outbox() -> None:
    """Index what a command just wrote (an import's pages: one process per CPU)."""
    from wiki.search.backend import backend

    with ProgressBar("Indexation pour la recherche") as bar:
        backend().catch_up(current_app, progress=bar.advance)


def _echo_demo_accounts(indent: str = "") -> None:
    from wiki.demo import DEMO_ACCOUNTS

    click.echo(f"{indent}Comptes de démonstration :")
    for demo in DEMO_ACCOUNTS:
        click.echo(f"{indent}  {demo.email:<30} mot de passe : {demo.password:<22} ({demo.what})")


@click.command("demo")
@click.option(
    "--accounts",
    "accounts_only",
    is_flag=True,
    help="Only print the demo accounts and their passwords.",
)
@click.option(
    "--no-accounts",
    "without_accounts",
    is_flag=True,
    help="Load and say what was added, without the accounts' passwords.",
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@with_appcontext
@user_errors
def demo_command(accounts_only: bool, without_accounts: bool, quiet: bool) -> None:
    """Load the demo content (accounts, groups, pages); running it again changes nothing."""
    from wiki.database import begin_write
    from wiki.demo import load_demo

    if not accounts_only:
        begin_write()
        try:
            loaded = load_demo(db.session)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        if not quiet:
            click.echo(f"Démo : {loaded.summary()}")
        _apply_index_outbox()
        if quiet or without_accounts:
            return
    _echo_demo_accounts()


@click.command("serve")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--bind", default="127.0.0.1:5000", show_default=True)
@click.option("--quiet", is_flag=True, help="Log warnings and errors only, no access log.")
@click.option(
    "--demo-accounts",
    is_flag=True,
    help="Once listening, print the address and the demo accounts' logins.",
)
def serve_command(workers: int, bind: str, quiet: bool, demo_accounts: bool) -> None:
    """Serve the wiki in production with gunicorn."""
    from wiki.server import serve

    def welcome() -> None:
        click.echo("")
        click.echo(f"  Le wiki est servi sur http://{bind}  (Ctrl+C pour l'arrêter)")
        click.echo("")
        _echo_demo_accounts(indent="  ")
        click.echo("")

    serve(workers=workers, bind=bind, quiet=quiet, on_ready=welcome if demo_accounts else None)


def register_commands(app: Flask) -> None:
    from wiki.backup.cli import backup_command, restore_command
    from wiki.charter.cli import charter_cli
    from wiki.lifecycle.cli import remind_cli
    from wiki.mail.cli import mail_cli
    from wiki.notifications.cli import notify_cli
    from wiki.pages.cli import page_cli
    from wiki.search.cli import index_cli

    for command in (
        init_command,
        user_cli,
        token_cli,
        group_cli,
        serve_command,
        index_cli,
        mail_cli,
        notify_cli,
        charter_cli,
        page_cli,
        remind_cli,
    ):
        app.cli.add_command(command)
    for command in (import_command, export_command, demo_command, backup_command, restore_command):
        app.cli.add_command(command)
