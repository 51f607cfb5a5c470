"""`wiki mail send`: what is still waiting leaves now (cron, or once the server is back)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from wiki.extensions import db
from wiki.mail.delivery import pending_count, send_pending

mail_cli = AppGroup("mail", help="Send the mail waiting in the queue.")


@mail_cli.command("send")
@click.option(
    "--due-only",
    is_flag=True,
    help="Respect each mail's backoff (for cron); by default every waiting mail is tried now.",
)
def send_command(due_only: bool) -> None:
    """Send the mails still waiting."""
    from wiki.cli import UserError

    outcome = send_pending(current_app, ignore_backoff=not due_only)
    left = pending_count(db.session)
    db.session.commit()
    click.echo(
        f"Mails envoyés : {outcome.sent} ; en attente : {left} ; abandonnés : {outcome.given_up}."
    )
    if outcome.errors:
        raise UserError(
            f"Serveur de mail injoignable ({outcome.errors[0]}) : "
            f"{left} mails restent en attente ; relancez « wiki mail send »."
        )
