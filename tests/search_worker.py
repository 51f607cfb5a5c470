"""A separate wiki process for the search tests: run as `python search_worker.py COMMAND ...`.

The instance folder and the database come from WIKI_INSTANCE_PATH and WIKI_DATABASE_URL,
as for the `wiki` command, so several workers share one wiki exactly as gunicorn workers do.

    die-after-commit TITLE BODY   saves a page, commits, then is killed (SIGKILL) before the
                                  index is written
    edit FIRST COUNT ROUNDS       saves ROUNDS new revisions of pages page-FIRST..+COUNT, each
                                  followed by commit and apply_pending, as a request would
"""

from __future__ import annotations

import os
import signal
import sys

from sqlalchemy import select

from wiki import create_app
from wiki.database import begin_write
from wiki.extensions import db
from wiki.models import Page
from wiki.pages.editing import PageDraft, create_page, save_revision
from wiki.search.indexer import apply_pending


def unique_word(number: int, round_: int) -> str:
    return f"sceau{number:03d}x{round_}"


def die_after_commit(title: str, body: str) -> None:
    begin_write()
    create_page(db.session, PageDraft(kind="practice", title=title, body=body), None)
    db.session.commit()
    os.kill(os.getpid(), signal.SIGKILL)  # before the request's end applies the outbox


def edit(app, first: int, count: int, rounds: int) -> None:
    for round_ in range(1, rounds + 1):
        for number in range(first, first + count):
            begin_write()
            page = db.session.scalar(select(Page).where(Page.slug == f"page-{number:03d}"))
            draft = PageDraft(
                kind="practice",
                title=page.title,
                body=f"Révision {round_} : {unique_word(number, round_)}.",
            )
            save_revision(db.session, page, draft, None, page.version)
            db.session.commit()
            apply_pending(app)


def main(command: str, *args: str) -> None:
    app = create_app()
    with app.app_context():
        if command == "die-after-commit":
            die_after_commit(*args)
        elif command == "edit":
            edit(app, *(int(arg) for arg in args))
        else:
            raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(*sys.argv[1:])
