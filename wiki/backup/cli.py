"""`wiki backup FILE` and `wiki restore FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from wiki.backup.archive import restore_backup, write_backup
from wiki.cli import ProgressBar, UserError, user_errors


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@user_errors
def backup_command(path: str) -> None:
    """Write a consistent backup of the wiki to PATH (.tar.gz), while it keeps running."""
    target = Path(path)
    if not target.parent.is_dir():
        raise UserError(f"Dossier introuvable : {target.parent}")
    with ProgressBar("Sauvegarde des données") as bar:
        summary = write_backup(current_app, target, progress=bar.advance)
    click.echo(
        f"Sauvegarde écrite dans {target} : {summary.total_rows} lignes, "
        f"{summary.files} fichier(s) déposé(s), schéma {summary.revision}."
    )


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@user_errors
def restore_command(path: str) -> None:
    """Restore a backup into this instance, which must be new; the index is rebuilt."""
    from wiki.search.cli import rebuild_all

    with ProgressBar("Restauration des données") as bar:
        summary = restore_backup(current_app, Path(path), progress=bar.advance)
    pages, people = rebuild_all()
    click.echo(
        f"Sauvegarde restaurée : {summary.rows.get('pages', 0)} pages, "
        f"{summary.rows.get('revisions', 0)} versions, {summary.rows.get('users', 0)} "
        f"comptes, {summary.files} fichier(s) ; index reconstruit ({pages} pages, "
        f"{people} profils)."
    )
