"""`wiki notify digest` (from cron) and `wiki notify deliver` (what is left of the events)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from wiki.aftercommit import after_commit
from wiki.models import DigestPeriod
from wiki.notifications.delivery import deliver_pending
from wiki.notifications.digest import send_digests

notify_cli = AppGroup("notify", help="Notifications: deliver events, send digests.")


@notify_cli.command("digest")
@click.option(
    "--period",
    type=click.Choice([p.value for p in DigestPeriod]),
    default=DigestPeriod.DAILY.value,
    show_default=True,
)
def digest_command(period: str) -> None:
    """One mail per member who chose this period, listing their unread notifications."""
    deliver_pending(current_app)  # events still waiting count too
    count = send_digests(current_app, period)
    after_commit(current_app).run_marked()  # the digests leave now, not at some later commit
    click.echo(f"Résumés mis en file : {count}.")


@notify_cli.command("deliver")
def deliver_command() -> None:
    """Deliver the events still waiting (normally done after each commit)."""
    count = deliver_pending(current_app)
    after_commit(current_app).run_marked()
    click.echo(f"Notifications distribuées : {count}.")
