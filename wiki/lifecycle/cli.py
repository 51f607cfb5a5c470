"""`wiki remind follow-ups`: the reminders of silent follow-ups of effects (from cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from wiki.extensions import db

remind_cli = AppGroup("remind", help="Reminders sent to the authors of pages.")


@remind_cli.command("follow-ups")
def follow_ups_command() -> None:
    """Tell the authors of each published innovation sheet whose follow-up of effects has
    had no entry for six months (once per silence; a new entry starts it again)."""
    from wiki.aftercommit import after_commit
    from wiki.database import begin_write
    from wiki.lifecycle.reminders import remind_follow_ups
    from wiki.notifications.delivery import deliver_pending

    begin_write()
    count = remind_follow_ups(db.session)
    db.session.commit()
    deliver_pending(current_app)
    after_commit(current_app).run_marked()
    click.echo(f"Rappels du suivi des effets : {count}.")
