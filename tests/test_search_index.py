"""The index follows the database: the outbox, the commands, the writer lock, rebuilds."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select
from whoosh.util.filelock import FileLock

from wiki import create_app
from wiki.extensions import db
from wiki.models import IndexTask, Page
from wiki.pages.editing import PageDraft, create_page, save_revision
from wiki.search import indexer
from wiki.search.queries import search


def found(word: str, user=None) -> list[str]:
    return [hit.slug for hit in search(user, word).results]


def pending() -> int:
    db.session.commit()  # a new transaction sees what the indexer's connection deleted
    return db.session.scalar(select(func.count(IndexTask.id)))


def write_page(title: str, body: str, author=None) -> Page:
    """A page committed the way every writer does, its index task left in the outbox."""
    page = create_page(db.session, PageDraft(kind="practice", title=title, body=body), author)
    db.session.commit()
    return page


def lose_the_outbox() -> None:
    """What a lost task would look like (a bug, a restored backup): the drift verify finds."""
    db.session.execute(delete(IndexTask))
    db.session.commit()


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


# --- the outbox ----------------------------------------------------------------------------


def test_a_committed_page_is_found_once_the_outbox_is_applied(app):
    write_page("Maraude du mardi", "Une tournée hebdomadaire.")
    assert pending() == 1
    assert found("hebdomadaire") == []
    assert indexer.apply_pending(app) == 1
    assert pending() == 0
    assert found("hebdomadaire") == ["maraude-du-mardi"]


def test_the_request_applies_its_tasks_after_the_commit(app):
    with app.test_request_context("/pages/new", method="POST"):
        write_page("Maraude du mardi", "Une tournée hebdomadaire.")
    assert pending() == 0
    assert found("hebdomadaire") == ["maraude-du-mardi"]


def test_a_command_applies_its_tasks_when_it_ends(app):
    with app.app_context():
        write_page("Maraude du mardi", "Une tournée hebdomadaire.")
    assert found("hebdomadaire") == ["maraude-du-mardi"]


def test_the_session_can_write_again_after_the_request_indexed(app, make_user):
    with app.test_request_context("/pages/new", method="POST"):
        page = write_page("Maraude du mardi", "Une tournée hebdomadaire.")
        assert page.title  # rendering after the commit reads again: a transaction opens
    assert found("hebdomadaire") == ["maraude-du-mardi"]
    make_user("karim@example.org")  # the same session writes: no stale snapshot in the way


def test_a_failed_index_write_keeps_the_task_and_spares_the_response(app, monkeypatch):
    def broken_disk(ix, limit=None):
        raise OSError("No space left on device")

    monkeypatch.setattr(indexer, "_apply_locked", broken_disk)
    with app.test_request_context("/pages/new", method="POST"):
        write_page("Maraude du mardi", "Une tournée hebdomadaire.")
    assert pending() == 1
    assert found("hebdomadaire") == []

    monkeypatch.undo()
    result = invoke(app, "index", "sync")
    assert result.exit_code == 0, result.output
    assert "1 tâche(s) d'indexation appliquée(s)" in result.output
    assert found("hebdomadaire") == ["maraude-du-mardi"]


def test_a_new_start_applies_what_a_crashed_process_left(app):
    write_page("Maraude du mardi", "Une tournée hebdomadaire.")  # committed, never indexed
    create_app(
        {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True},
        instance_path=app.instance_path,
    )
    assert pending() == 0
    assert found("hebdomadaire") == ["maraude-du-mardi"]


def test_only_the_latest_state_of_a_page_is_indexed(app, member):
    page = write_page("Maraude du mardi", "Premier passage.", member)
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, body="Second passage."),
        member,
        1,
    )
    db.session.commit()
    assert pending() == 2
    assert indexer.apply_pending(app) == 2
    assert found("premier") == []
    assert found("second") == ["maraude-du-mardi"]
    assert indexer.verify(app) == []


def test_a_deleted_page_leaves_the_index(app, make_page):
    page = make_page("Maraude du mardi", body="Une tournée hebdomadaire.")
    db.session.execute(delete(Page).where(Page.id == page.id))
    db.session.add(IndexTask(page_id=page.id, slug=page.slug, action="delete"))
    db.session.commit()
    indexer.apply_pending(app)
    assert found("hebdomadaire") == []
    assert indexer.verify(app) == []


def test_a_busy_writer_lock_makes_apply_return_at_once_and_keep_the_task(app):
    write_page("Maraude du mardi", "Une tournée hebdomadaire.")
    lock = FileLock(str(indexer.index_root(app) / indexer.LOCK_FILE))
    assert lock.acquire(blocking=False)
    try:
        assert indexer.apply_pending(app) == 0  # another process is writing: no waiting
        assert pending() == 1
    finally:
        lock.release()
    assert indexer.apply_pending(app) == 1
    assert found("hebdomadaire") == ["maraude-du-mardi"]


def test_a_task_committed_while_another_process_writes_is_applied_by_that_writer(app, monkeypatch):
    real_apply = indexer._apply_locked
    late = []

    def apply_while_another_worker_commits(ix, limit=None, progress=None):
        applied = real_apply(ix, limit, progress)
        if not late:  # the holder has just found the outbox empty, and still holds the lock
            with app.app_context():
                write_page("Arrivée tardive", "Une page tardive.")
                late.append(indexer.apply_pending(app))  # the lock is busy: back at once
        return applied

    monkeypatch.setattr(indexer, "_apply_locked", apply_while_another_worker_commits)
    write_page("Maraude du mardi", "Une tournée hebdomadaire.")
    indexer.apply_pending(app)
    assert late == [0]
    assert pending() == 0  # the holder looked again after letting the lock go
    assert found("tardive") == ["arrivee-tardive"]


def test_a_bounded_apply_leaves_the_rest_of_a_backlog_in_order(app):
    for title in ("Premier récit", "Deuxième récit", "Troisième récit"):
        write_page(title, "Un récit.")
    assert indexer.apply_pending(app, limit=2) == 2
    assert pending() == 1
    assert found("troisieme") == []  # the oldest tasks go first
    assert found("deuxieme") == ["deuxieme-recit"]
    assert indexer.apply_pending(app) == 1
    assert found("troisieme") == ["troisieme-recit"]


# --- wiki index verify / rebuild / sync -------------------------------------------------------


def test_verify_is_clean_when_the_index_follows_the_database(app, make_page):
    make_page("Maraude du mardi")
    result = invoke(app, "index", "verify")
    assert result.exit_code == 0
    assert "Index conforme" in result.output


def test_verify_lists_a_page_missing_from_the_index(app):
    write_page("Maraude du mardi", "Une tournée hebdomadaire.")
    lose_the_outbox()
    result = invoke(app, "index", "verify")
    assert result.exit_code == 1
    assert "maraude-du-mardi : absente de l'index" in result.output
    assert "1 écart(s)" in result.stderr


def test_verify_lists_a_page_whose_indexed_revision_is_old(app, make_page, member):
    page = make_page("Maraude du mardi", body="Premier passage.")
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, body="Second passage."),
        member,
        1,
    )
    db.session.commit()
    lose_the_outbox()
    result = invoke(app, "index", "verify")
    assert result.exit_code == 1
    assert "maraude-du-mardi : révision indexée 1, révision courante 2" in result.output


def test_verify_lists_a_page_indexed_but_deleted(app, make_page):
    page = make_page("Maraude du mardi")
    db.session.execute(delete(Page).where(Page.id == page.id))
    db.session.commit()
    result = invoke(app, "index", "verify")
    assert result.exit_code == 1
    assert "maraude-du-mardi : indexée mais absente de la base" in result.output


def test_rebuild_repairs_every_drift(app, make_page, member):
    stale = make_page("Maraude du mardi", body="Premier passage.")
    gone = make_page("Ancienne page", body="Bientôt supprimée.")
    save_revision(
        db.session,
        stale,
        PageDraft(kind="practice", title=stale.title, body="Second passage."),
        member,
        1,
    )
    db.session.execute(delete(Page).where(Page.id == gone.id))
    db.session.commit()
    write_page("Nouvelle page", "Jamais indexée.")
    lose_the_outbox()
    assert {d.problem for d in indexer.verify(app)} == {"stale", "orphan", "missing"}

    result = invoke(app, "index", "rebuild")
    assert result.exit_code == 0, result.output
    assert "Index reconstruit : 2 pages." in result.output
    assert "Indexation" in result.stderr  # the progress bar
    assert indexer.verify(app) == []
    assert found("second") == ["maraude-du-mardi"]
    assert found("jamais") == ["nouvelle-page"]
    assert found("bientot") == []


def test_rebuild_switches_index_under_running_searches(app, make_page):
    make_page("Maraude du mardi", body="Une tournée hebdomadaire.")
    before = indexer.open_index_name(app)
    assert found("hebdomadaire") == ["maraude-du-mardi"]  # this process holds a searcher
    indexer.rebuild(app)
    assert indexer.open_index_name(app) != before
    assert found("hebdomadaire") == ["maraude-du-mardi"]
    folders = [p.name for p in indexer.index_root(app).glob(indexer.GENERATION_PREFIX + "*")]
    assert len(folders) <= 2  # the new index, and the previous one for late readers


def test_an_edit_committed_during_a_rebuild_is_not_lost(app, make_page):
    make_page("Maraude du mardi", body="Avant la reconstruction.")
    edits = []

    def edit_meanwhile(done: int, total: int) -> None:
        if done and not edits:
            # The page is already in the new index when another worker saves a revision
            # of it. That worker's apply_pending finds the lock busy and returns at once;
            # its task waits in the outbox for the rebuild to apply before letting go.
            with app.app_context():
                page = db.session.scalar(select(Page).where(Page.slug == "maraude-du-mardi"))
                save_revision(
                    db.session,
                    page,
                    PageDraft(kind="practice", title=page.title, body="Pendant la reconstruction."),
                    None,
                    1,
                )
                db.session.commit()
                edits.append(indexer.apply_pending(app))

    indexer.rebuild(app, progress=edit_meanwhile)
    assert edits == [0]
    assert found("pendant") == ["maraude-du-mardi"]
    assert found("avant") == []
    assert indexer.verify(app) == []


def test_a_broken_index_is_reported_then_rebuilt(app, make_page):
    make_page("Maraude du mardi", body="Une tournée hebdomadaire.")
    live = indexer.index_root(app) / indexer.open_index_name(app)
    for file in live.iterdir():  # a power cut: Whoosh never fsyncs
        file.unlink()
    assert search(None, "hebdomadaire").total == 0  # no error page, just nothing
    assert [d.problem for d in indexer.verify(app)] == ["missing"]
    indexer.rebuild(app)
    assert indexer.verify(app) == []
    assert found("hebdomadaire") == ["maraude-du-mardi"]


def test_sync_applies_the_outbox(app):
    write_page("Maraude du mardi", "Une tournée hebdomadaire.")
    result = invoke(app, "index", "sync")
    assert result.exit_code == 0
    assert "1 tâche(s)" in result.output
    assert found("hebdomadaire") == ["maraude-du-mardi"]


def test_sync_shows_its_progress(app, monkeypatch):
    monkeypatch.setattr(indexer, "TASK_BATCH", 2)
    for number in range(5):
        write_page(f"Maraude {number}", "Une tournée.")
    calls = []
    assert indexer.apply_pending(app, progress=lambda *call: calls.append(call)) == 5
    assert calls == [(2, 5), (4, 5), (5, 5)]
    write_page("Maraude 6", "Une tournée.")
    result = invoke(app, "index", "sync")  # click draws the bar on a terminal only
    assert result.exit_code == 0 and "Indexation" in result.stderr


def test_ensure_index_keeps_an_existing_index(app, make_page):
    make_page("Maraude du mardi", body="Une tournée hebdomadaire.")
    name = indexer.open_index_name(app)
    indexer.ensure_index(app)
    assert indexer.open_index_name(app) == name
    assert found("hebdomadaire") == ["maraude-du-mardi"]


@pytest.mark.parametrize("command", ["rebuild", "verify", "sync"])
def test_index_commands_have_help(app, command):
    result = invoke(app, "index", command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


@pytest.mark.slow
def test_a_large_rebuild_indexes_in_parallel_and_gives_the_same_results(
    app, make_page, monkeypatch
):
    for number in range(12):
        make_page(f"Maraude numéro {number}", body=f"Une tournée, la {number}e.")
    before = [(hit.slug, hit.score) for hit in search(None, "maraude", per_page=50).results]
    monkeypatch.setattr(indexer, "PARALLEL_REBUILD_FROM", 10)  # as if it were a large wiki
    assert indexer.rebuild(app) == 12
    assert indexer.verify(app) == []
    after = [(hit.slug, hit.score) for hit in search(None, "maraude", per_page=50).results]
    assert sorted(after) == sorted(before)


def test_a_large_backlog_is_indexed_in_chunks_by_several_processes(
    app, make_page, member, monkeypatch
):
    """An import's backlog: edited, new and deleted pages, each indexed once, in a few
    segments (one per process and chunk), nothing left in the outbox."""
    monkeypatch.setattr(indexer, "PARALLEL_REBUILD_FROM", 10)  # as if it were a large import
    monkeypatch.setattr(indexer, "BACKLOG_CHUNK", 20)
    monkeypatch.setattr(indexer, "REBUILD_BATCH", 5)
    indexed = make_page("Maraude indexée", body="Ancien passage.")
    gone = make_page("Maraude supprimée", body="Une tournée effacée.")
    pages = [write_page(f"Maraude numéro {n}", f"Une tournée, la {n}e.", member) for n in range(30)]
    for page in (indexed, pages[3]):  # two tasks for these two pages
        save_revision(
            db.session,
            page,
            PageDraft(kind="practice", title=page.title, body="Nouveau passage."),
            member,
            1,
        )
    db.session.execute(delete(Page).where(Page.id == gone.id))
    db.session.add(IndexTask(page_id=gone.id, slug=gone.slug, action="delete"))
    db.session.commit()
    segments_before = len(indexer.open_index(app)._segments())

    assert indexer.apply_pending(app) == 33
    assert pending() == 0
    assert indexer.verify(app) == []
    assert found("ancien") == [] and found("effacée") == []
    assert sorted(found("nouveau")) == sorted([indexed.slug, pages[3].slug])
    assert search(None, "maraude", per_page=100).total == 31
    # 31 pages written in chunks of 20 by two processes: four segments, not one per batch.
    assert len(indexer.open_index(app)._segments()) - segments_before <= 4


def test_edits_between_searches_replace_the_page_each_time(app, make_page, member, monkeypatch):
    """The writer finds a page's old document with the process's searcher when that one
    reads the same segments: it must still replace, never duplicate, edit after edit."""
    reused = []
    find = indexer._searcher_of_segments
    monkeypatch.setattr(
        indexer, "_searcher_of_segments", lambda *args: reused.append(find(*args)) or reused[-1]
    )
    page = make_page("Maraude du mardi", body="Version zéro.")
    for number in range(1, 4):
        assert found("maraude") == [page.slug]  # the process's searcher is up to date
        save_revision(
            db.session,
            page,
            PageDraft(kind="practice", title=page.title, body=f"Version {number} zorglub{number}."),
            member,
            page.version,
        )
        db.session.commit()
        indexer.apply_pending(app)
        assert found(f"zorglub{number}") == [page.slug]
    assert indexer.verify(app) == []
    assert search(None, "maraude").total == 1
    assert reused and all(searcher is not None for searcher in reused[-3:])


def test_init_fills_an_index_of_a_new_shape_after_an_upgrade(app, make_page, monkeypatch):
    make_page("Maraude du mardi", body="Une tournée hebdomadaire.")
    monkeypatch.setattr(indexer, "INDEX_NAME", "pages_v99")  # the next version's index
    result = invoke(app, "init")
    assert result.exit_code == 0, result.output
    assert "reconstruit (nouvelle forme) : 1 pages" in result.output
    assert found("hebdomadaire") == ["maraude-du-mardi"]
    assert indexer.verify(app) == []
    assert "reconstruit" not in invoke(app, "init").output  # once is enough
