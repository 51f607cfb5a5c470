"""The index stays equal to the database across processes: killed ones, concurrent ones.

Each test runs real `wiki` processes (tests/search_worker.py and the `wiki` command) on the
test's instance folder and database, as gunicorn workers and commands share a wiki.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from search_worker import unique_word
from sqlalchemy import func, select

from wiki.extensions import db
from wiki.models import IndexTask, Page
from wiki.pages.editing import PageDraft, create_page
from wiki.search.indexer import apply_pending
from wiki.search.queries import search

WORKER = Path(__file__).with_name("search_worker.py")
WIKI = Path(sys.executable).with_name("wiki")


def environment(app) -> dict:
    return {
        **os.environ,
        "WIKI_INSTANCE_PATH": app.instance_path,
        "WIKI_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
    }


def worker(app, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        env=environment(app),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wiki(app, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(WIKI), *args], env=environment(app), capture_output=True, text=True, timeout=120
    )


def found(word: str) -> list[str]:
    return [hit.slug for hit in search(None, word).results]


@pytest.mark.slow
def test_a_process_killed_between_commit_and_index_write_loses_nothing(app):
    killed = worker(app, "die-after-commit", "Maraude du jeudi", "Une tournée vespérale.")
    _out, err = killed.communicate(timeout=60)
    assert killed.returncode == -signal.SIGKILL, err
    db.session.commit()  # see what the worker committed
    assert db.session.scalar(select(func.count(IndexTask.id))) == 1
    assert found("vesperale") == []

    verify = wiki(app, "index", "verify")  # a new process: it starts by applying leftovers
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Index conforme" in verify.stdout
    assert found("vesperale") == ["maraude-du-jeudi"]


@pytest.mark.slow
def test_four_processes_editing_two_hundred_pages_leave_a_clean_index(app):
    processes, pages_each, rounds = 4, 50, 2
    for number in range(processes * pages_each):
        create_page(
            db.session,
            PageDraft(
                kind="practice",
                title=f"Page {number:03d}",
                body=unique_word(number, 0),
                slug=f"page-{number:03d}",
            ),
            None,
        )
    db.session.commit()
    apply_pending(app)
    db.session.close()

    workers = [
        worker(app, "edit", str(n * pages_each), str(pages_each), str(rounds))
        for n in range(processes)
    ]
    for process in workers:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err

    # Every task was applied by the workers themselves: whichever held the writer lock
    # picked up the tasks the others committed meanwhile.
    db.session.commit()
    assert db.session.scalar(select(func.count(IndexTask.id))) == 0
    verify = wiki(app, "index", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert db.session.scalar(select(func.max(Page.version))) == rounds + 1
    for number in range(processes * pages_each):
        assert found(unique_word(number, rounds)) == [f"page-{number:03d}"]
        assert found(unique_word(number, rounds - 1)) == []
