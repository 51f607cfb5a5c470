"""`wiki backup` while the wiki writes, then `wiki restore` into an empty instance: the same
pages, revisions and accounts as at the backup's moment, and a clean `wiki index verify`; from
SQLite into PostgreSQL too."""

from __future__ import annotations

import tarfile
import threading

from sqlalchemy import func, select

from tests.conftest import new_instance_app
from wiki.backup import archive
from wiki.extensions import db
from wiki.models import Page, Revision, Tag, User
from wiki.pages.editing import PageDraft, create_page


def state() -> dict:
    """What a restore must give back: pages with their revisions, and the accounts."""
    pages = {
        page.slug: (page.version, page.current.title, page.current.body)
        for page in db.session.scalars(select(Page))
    }
    revisions = sorted(
        db.session.execute(
            select(Page.slug, Revision.number, Revision.body).join(
                Page, Revision.page_id == Page.id
            )
        ).all()
    )
    users = sorted(
        db.session.execute(
            select(User.email, User.display_name, User.role, User.password_hash)
        ).all()
    )
    return {"pages": pages, "revisions": revisions, "users": users}


def restored_app(tmp_path, url: str, name: str = "restored"):
    return new_instance_app(tmp_path / name, url)


def write_pages(app, member_id: int, titles: list[str]) -> None:
    with app.app_context():
        author = db.session.get(User, member_id)
        for title in titles:
            create_page(
                db.session,
                PageDraft(kind="practice", title=title, body=f"Le récit « {title} »."),
                author,
            )
            db.session.commit()
        db.session.remove()


def test_a_backup_taken_during_writes_restores_its_moment(
    app, member, make_page, tmp_path, empty_database, monkeypatch
):
    for i in range(6):
        make_page(f"Récit avant la sauvegarde {i}", body=f"Texte {i}.")
    before = state()
    member_id = member.id
    monkeypatch.setattr(archive, "BATCH", 5)  # a progress call every 5 rows
    written_during: list[str] = []

    def write_meanwhile(_done: int, _total: int) -> None:
        """While the backup reads, another writer commits pages (in its own thread)."""
        if written_during:
            return
        titles = [f"Récit écrit pendant la sauvegarde {i}" for i in range(3)]
        writer = threading.Thread(target=write_pages, args=(app, member_id, titles))
        writer.start()
        writer.join(timeout=30)
        written_during.extend(titles)

    backup = tmp_path / "sauvegarde.tar.gz"
    summary = archive.write_backup(app, backup, progress=write_meanwhile)
    db.session.rollback()
    assert written_during and len(state()["pages"]) == len(before["pages"]) + 3
    assert summary.rows["pages"] == len(before["pages"])

    target = restored_app(tmp_path, empty_database())
    runner = target.test_cli_runner()
    with target.app_context():  # the commands run in the app whose context is current
        result = runner.invoke(args=["restore", str(backup)])
        assert result.exit_code == 0, result.output
        assert "Sauvegarde restaurée : 6 pages" in result.output
        assert state() == before
        verify = runner.invoke(args=["index", "verify"])
        assert verify.exit_code == 0, verify.output
        # The restored wiki goes on: new ids follow the restored ones (PostgreSQL's
        # sequences were moved past them).
        highest = db.session.scalar(select(func.max(Tag.id)))
        tag = Tag(slug="apres-restauration", label_fr="Après restauration")
        db.session.add(tag)
        db.session.commit()
        assert tag.id > highest
        db.session.remove()
        db.engine.dispose()


def test_the_command_line_backs_up_and_restores(app, make_page, tmp_path, empty_database):
    make_page("Un récit à garder", body="Le texte.", visibility="members")
    (tmp_path / "instance" / "uploads" / "images").mkdir(parents=True)
    (tmp_path / "instance" / "uploads" / "images" / "photo.png").write_bytes(b"\x89PNG...")
    backup = tmp_path / "wiki.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert "1 fichier(s) déposé(s)" in result.output
    with tarfile.open(backup) as contents:
        names = contents.getnames()
    assert "manifest.json" in names and "tables/pages.jsonl" in names
    assert "uploads/images/photo.png" in names and "tables/index_tasks.jsonl" not in names
    expected = state()

    target = restored_app(tmp_path, empty_database())
    runner = target.test_cli_runner()
    with target.app_context():
        assert runner.invoke(args=["restore", str(backup)]).exit_code == 0
        assert (
            tmp_path / "restored" / "uploads" / "images" / "photo.png"
        ).read_bytes() == b"\x89PNG..."
        assert state() == expected
        again = runner.invoke(args=["restore", str(backup)])
        assert again.exit_code == 1
        assert "Cette instance n'est pas vide" in again.output
        db.session.remove()
        db.engine.dispose()


def test_a_restore_into_an_initialised_empty_instance_works(
    app, make_page, tmp_path, empty_database
):
    """`wiki init` then `wiki restore`: the tags init seeded give way to the backup's."""
    make_page("Un récit", body="Le texte.", tags=["aller-vers", "une étiquette libre"])
    backup = tmp_path / "wiki.tar.gz"
    archive.write_backup(app, backup)
    expected = state()
    target = restored_app(tmp_path, empty_database())
    runner = target.test_cli_runner()
    with target.app_context():
        assert runner.invoke(args=["init"]).exit_code == 0
        result = runner.invoke(args=["restore", str(backup)])
        assert result.exit_code == 0, result.output
        assert state() == expected
        db.session.remove()
        db.engine.dispose()


def test_what_is_not_a_backup_is_refused_in_one_line(app, tmp_path):
    runner = app.test_cli_runner()
    not_a_backup = tmp_path / "pages.jsonl"
    not_a_backup.write_text('{"kind": "practice"}\n')
    result = runner.invoke(args=["restore", str(not_a_backup)])
    assert result.exit_code == 1
    assert result.output.startswith("Sauvegarde illisible")
    assert "Traceback" not in result.output

    foreign = tmp_path / "other.tar.gz"
    with tarfile.open(foreign, "w:gz") as contents:
        contents.add(not_a_backup, arcname="manifest.json")
    result = runner.invoke(args=["restore", str(foreign)])
    assert result.exit_code == 1
    assert "pas une sauvegarde du wiki" in result.output

    missing_folder = runner.invoke(args=["backup", str(tmp_path / "nowhere" / "b.tar.gz")])
    assert missing_folder.exit_code == 1 and "Dossier introuvable" in missing_folder.output


def test_a_crafted_archive_may_not_write_outside_the_uploads(
    app, make_page, tmp_path, empty_database
):
    make_page("Un récit", body="Le texte.")
    backup = tmp_path / "wiki.tar.gz"
    archive.write_backup(app, backup)
    crafted = tmp_path / "crafted.tar.gz"
    with tarfile.open(backup) as source, tarfile.open(crafted, "w:gz") as out:
        for member in source.getmembers():
            out.addfile(member, source.extractfile(member))
        evil = tmp_path / "evil.txt"
        evil.write_text("x")
        out.add(evil, arcname="uploads/../../escaped.txt")
    target = restored_app(tmp_path, empty_database())
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(crafted)])
        db.session.remove()
        db.engine.dispose()
    assert result.exit_code == 1
    assert "Chemin refusé" in result.output
    assert not (tmp_path / "escaped.txt").exists()
    with target.app_context():  # refused before anything was written: the instance is new
        assert "pages" not in db.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_a_sqlite_backup_restores_into_postgresql(app, make_page, tmp_path, empty_database):
    """The way from a small association's SQLite to a bigger one's PostgreSQL."""
    make_page("Un récit", body="Le texte.", tags=["aller-vers"])
    backup = tmp_path / "wiki.tar.gz"
    archive.write_backup(app, backup)
    expected = state()
    target = restored_app(tmp_path, empty_database("postgres"))
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(backup)])
        assert result.exit_code == 0, result.output
        assert state() == expected
        db.session.remove()
        db.engine.dispose()
