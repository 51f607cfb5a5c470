"""`wiki index rebuild | verify | sync`: the index's maintenance commands."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from wiki.cli import ProgressBar, user_errors
from wiki.extensions import db
from wiki.network import terms as people_terms
from wiki.search import indexer
from wiki.search.backend import backend

index_cli = AppGroup("index", help="Maintain the search index.")


@index_cli.command("rebuild")
@user_errors
def rebuild_command() -> None:
    """Rebuild the index from the database (searches keep working meanwhile)."""
    count, people = rebuild_all()
    click.echo(f"Index reconstruit : {count} pages.")
    click.echo(f"Recherche de personnes reconstruite : {people} profils.")


def rebuild_all() -> tuple[int, int]:
    """The page index and the people terms rebuilt: (pages, profiles)."""
    indexer.ensure_index(current_app)  # an empty one to rebuild (a restored instance has none)
    with ProgressBar("Indexation") as bar:
        count = backend().rebuild(current_app, progress=bar.advance)
    return count, _rebuild_people_terms()


def _rebuild_people_terms() -> int:
    """The people search's terms live in the database (wiki.network.terms)."""
    from wiki.database import begin_write

    begin_write()
    count = people_terms.rebuild_terms(db.session)
    db.session.commit()
    return count


@index_cli.command("verify")
@user_errors
def verify_command() -> None:
    """List every page whose index entry differs from the database; exit 1 if any."""
    drifts: list[indexer.Drift | people_terms.TermsDrift] = [
        *backend().verify(current_app),
        *people_terms.verify_terms(db.session),
    ]
    for drift in drifts:
        click.echo(drift.describe())
    if drifts:
        click.echo(
            f"{len(drifts)} écart(s) entre l'index et la base : lancez `wiki index rebuild`.",
            err=True,
        )
        sys.exit(1)
    click.echo("Index conforme à la base.")


@index_cli.command("sync")
@user_errors
def sync_command() -> None:
    """Apply the index tasks left in the outbox."""
    with ProgressBar("Indexation") as bar:
        applied = backend().catch_up(
            current_app, wait=indexer.LOCK_WAIT_SECONDS, progress=bar.advance
        )
    left = backend().pending(current_app)
    click.echo(
        f"{applied} tâche(s) d'indexation appliquée(s)."
        + (" D'autres arrivent : un autre processus les applique." if left else "")
    )
