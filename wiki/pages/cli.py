"""`wiki page anonymise`: replace a passage through a page's whole history, from the server."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wiki.extensions import db

page_cli = AppGroup("page", help="Act on one page.")


@page_cli.command("anonymise")
@click.argument("slug")
@click.option("--find", required=True, help="The passage, exactly as written (case included).")
@click.option(
    "--replace",
    default="",
    help="What replaces it (initials, a pseudonym); empty: the passage goes.",
)
@click.option("--reason", required=True, help="Why, for the audit log.")
def anonymise_command(slug: str, find: str, replace: str, reason: str) -> None:
    """Replace FIND by REPLACE in every revision of the page SLUG, in its follow-up of
    effects and its notifications; the page is rendered and indexed again, the audit log
    records it (never the passage)."""
    from sqlalchemy import select

    from wiki.cli import _apply_index_outbox, user_errors
    from wiki.database import begin_write
    from wiki.errors import NotFound
    from wiki.models import Page
    from wiki.pages.masking import anonymise_page

    @user_errors
    def run() -> None:
        begin_write()
        page = db.session.scalar(select(Page).where(Page.slug == slug))
        if page is None:
            raise NotFound(f"Aucune page « {slug} ».")
        done = anonymise_page(db.session, page, find, replace, None, reason)
        db.session.commit()
        _apply_index_outbox()
        click.echo(
            f"{slug} : passage remplacé dans {done.revisions} versions et "
            f"{done.follow_ups} observations du suivi des effets."
        )
        if done.slug_holds_passage:
            click.echo(
                "L'adresse de la page contient encore ce passage (elle ne change pas).", err=True
            )

    run()
