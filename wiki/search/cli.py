"""`wiki index rebuild | verify | sync`: the index's maintenance commands."""

from __future__ import annotations

import sys
from contextlib import ExitStack

import click
from flask import current_app
from flask.cli import AppGroup

from wiki.cli import user_errors
from wiki.search import indexer

index_cli = AppGroup("index", help="Maintain the search index.")


def _progress_bar(stack: ExitStack, label: str):
    """A progress callback drawing a bar on stderr, once the total is known."""
    bars = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(stack.enter_context(click.progressbar(
                length=max(total, 1), label=label, file=sys.stderr, show_pos=True)))
        bars[0].update(done - bars[0].pos)

    return progress


@index_cli.command("rebuild")
@user_errors
def rebuild_command() -> None:
    """Rebuild the index from the database (searches keep working meanwhile)."""
    with ExitStack() as stack:
        count = indexer.rebuild(current_app, progress=_progress_bar(stack, "Indexation"))
    click.echo(f"Index reconstruit : {count} pages.")


@index_cli.command("verify")
@user_errors
def verify_command() -> None:
    """List every page whose index entry differs from the database; exit 1 if any."""
    drifts = indexer.verify(current_app)
    for drift in drifts:
        click.echo(drift.describe())
    if drifts:
        click.echo(f"{len(drifts)} écart(s) entre l'index et la base : "
                   "lancez `wiki index rebuild`.", err=True)
        sys.exit(1)
    click.echo("Index conforme à la base.")


@index_cli.command("sync")
@user_errors
def sync_command() -> None:
    """Apply the index tasks left in the outbox."""
    with ExitStack() as stack:
        applied = indexer.apply_pending(current_app, wait=indexer.LOCK_WAIT_SECONDS,
                                        progress=_progress_bar(stack, "Indexation"))
    left = indexer.has_pending(current_app)
    click.echo(f"{applied} tâche(s) d'indexation appliquée(s)."
               + (" D'autres arrivent : un autre processus les applique." if left else ""))
