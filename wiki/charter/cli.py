"""`wiki charter terms add/remove/list`: the moderators' diagnostic labels, from a shell."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wiki.cli import user_errors
from wiki.database import begin_write
from wiki.extensions import db

charter_cli = AppGroup("charter", help="The editorial charter check.")
terms_cli = AppGroup("terms", help="Diagnostic labels added to the charter check.")
charter_cli.add_command(terms_cli)


@terms_cli.command("add")
@click.argument("term")
@user_errors
def terms_add(term: str) -> None:
    """Report TERM (and its feminine and plural forms) from now on."""
    from wiki.charter.terms import add_term

    begin_write()
    added = add_term(db.session, None, term)
    db.session.commit()
    click.echo(f"Terme ajouté : {added.term}")


@terms_cli.command("remove")
@click.argument("term")
@user_errors
def terms_remove(term: str) -> None:
    """Stop reporting TERM (a term added by moderators)."""
    from wiki.charter.terms import remove_term

    begin_write()
    remove_term(db.session, None, term)
    db.session.commit()
    click.echo(f"Terme retiré : {term}")


@terms_cli.command("list")
@click.option("--all", "everything", is_flag=True, help="Also the wiki's own list.")
@user_errors
def terms_list(everything: bool) -> None:
    """The terms added by moderators, one a line (with --all, the wiki's own first)."""
    from wiki.charter.terms import list_terms
    from wiki.content.charter import base_terms

    if everything:
        for term in base_terms():
            click.echo(term)
    for added in list_terms(db.session):
        click.echo(added.term)
