"""`wiki import` and `wiki export`: the JSON Lines format, all or nothing, and the round trip."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from wiki.extensions import db
from wiki.models import Page, Tag


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def write_lines(tmp_path):
    """A JSONL file from dicts (dumped) or raw str/bytes lines (kept as they are)."""

    def write(*lines, name="pages.jsonl"):
        path = tmp_path / name
        with open(path, "wb") as f:
            for line in lines:
                if isinstance(line, dict):
                    line = json.dumps(line, ensure_ascii=False)
                if isinstance(line, str):
                    line = line.encode("utf-8")
                f.write(line + b"\n")
        return str(path)

    return write


def page_count() -> int:
    return db.session.scalar(select(func.count(Page.id)))


def tag_count() -> int:
    return db.session.scalar(select(func.count(Tag.id)))


def practice(title="Une permanence au pied des immeubles", **extra):
    line = {"kind": "practice", "title": title, "body": "Un récit.", "author": "claire@example.org"}
    line.update(extra)
    return line


def assert_one_line_error(result, line_number: int, *fragments: str):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert "\n" not in message
    assert message.startswith(f"Erreur ligne {line_number} : "), message
    for fragment in fragments:
        assert fragment in message


# --- a valid file -------------------------------------------------------------------------


def test_import_creates_every_page_with_its_content(runner, write_lines, member, group):
    path = write_lines(
        practice(
            tags=["aller-vers", "Jardins partagés"],
            fields={"territory": "Orléans"},
            body="Voir [[La fiche aller vers]].",
        ),
        "",
        {
            "kind": "innovation",
            "title": "La fiche aller vers",
            "slug": "fiche-aller-vers",
            "visibility": "group:atelier-praxis",
            "author": "claire@example.org",
            "fields": {"duration": "Maximum 3 jours / 21 heures"},
            "follow_ups": [{"date": "2022-06-14", "area": "practices", "text": "Des binômes."}],
        },
    )

    result = runner.invoke(args=["import", path])

    assert result.exit_code == 0, result.output
    assert "2 pages importées" in result.stdout
    first = db.session.scalar(
        select(Page).where(Page.slug == "une-permanence-au-pied-des-immeubles")
    )
    assert first.kind == "practice"
    assert first.current.fields == {"territory": "Orléans"}
    assert [t.slug for t in first.tags] == ["aller-vers", "jardins-partages"]
    assert first.current.author.email == "claire@example.org"
    sheet = db.session.scalar(select(Page).where(Page.slug == "fiche-aller-vers"))
    assert sheet.visibility == "group:atelier-praxis"
    assert sheet.group.slug == "atelier-praxis"
    assert [(f.observed_on, f.area) for f in sheet.follow_ups] == [(date(2022, 6, 14), "practices")]


def test_links_to_pages_later_in_the_file_resolve(runner, write_lines, member):
    path = write_lines(practice(body="Voir [[Deuxième récit]]."), practice("Deuxième récit"))

    runner.invoke(args=["import", path])

    first = db.session.scalar(
        select(Page).where(Page.slug == "une-permanence-au-pied-des-immeubles")
    )
    assert 'href="/pages/deuxieme-recit"' in first.current.html
    assert "missing" not in first.current.html


def test_lines_without_author_take_the_as_account(runner, write_lines, member, other_member):
    line = practice()
    del line["author"]
    path = write_lines(line)

    result = runner.invoke(args=["import", path, "--as", "karim@example.org"])

    assert result.exit_code == 0, result.output
    page = db.session.scalar(select(Page))
    assert page.current.author.email == "karim@example.org"


def test_a_line_without_author_and_no_as_is_refused(runner, write_lines, member):
    line = practice()
    del line["author"]
    result = runner.invoke(args=["import", write_lines(line)])

    assert_one_line_error(result, 1, "--as")
    assert page_count() == 0


def test_an_unknown_as_account_is_refused(runner, write_lines, member):
    result = runner.invoke(args=["import", write_lines(practice()), "--as", "nobody@example.org"])

    assert result.exit_code == 1
    assert result.stderr.strip() == "Aucun compte pour nobody@example.org."
    assert page_count() == 0


def test_a_title_already_used_gets_a_numbered_slug(runner, write_lines, member, make_page):
    make_page("Une permanence au pied des immeubles")

    result = runner.invoke(args=["import", write_lines(practice(), practice())])

    assert result.exit_code == 0, result.output
    assert set(db.session.scalars(select(Page.slug))) == {
        "une-permanence-au-pied-des-immeubles",
        "une-permanence-au-pied-des-immeubles-2",
        "une-permanence-au-pied-des-immeubles-3",
    }


def test_a_missing_file_is_a_one_line_error(runner, tmp_path):
    result = runner.invoke(args=["import", str(tmp_path / "absent.jsonl")])

    assert result.exit_code == 1
    assert result.stderr.startswith("Impossible de lire ")
    assert "Traceback" not in result.output


# --- every kind of bad line stops everything --------------------------------------------

BAD_LINES = {
    "syntax": ('{"kind": "practice", "title": "Sans fin"', "JSON invalide"),
    "not an object": ('["practice", "Un titre"]', "objet JSON"),
    "unknown key": (
        {
            "kind": "practice",
            "title": "T",
            "author": "claire@example.org",
            "auteur": "x",
            "categorie": "y",
        },
        "clé inconnue : auteur, categorie",
    ),
    "unknown field": (
        {
            "kind": "practice",
            "title": "T",
            "author": "claire@example.org",
            "fields": {"duration": "3 jours"},
        },
        "duration",
    ),
    "field not text": (
        {
            "kind": "innovation",
            "title": "T",
            "author": "claire@example.org",
            "fields": {"duration": 3},
        },
        "duration",
    ),
    "bad kind": ({"kind": "recit", "title": "T", "author": "claire@example.org"}, "recit"),
    "missing kind": ({"title": "T", "author": "claire@example.org"}, "kind"),
    "missing title": ({"kind": "practice", "author": "claire@example.org"}, "title"),
    "blank title": ({"kind": "practice", "title": "  ", "author": "claire@example.org"}, "titre"),
    "tags not a list": (
        {"kind": "practice", "title": "T", "author": "claire@example.org", "tags": "aller-vers"},
        "tags",
    ),
    "bad visibility": (
        {"kind": "practice", "title": "T", "author": "claire@example.org", "visibility": "secret"},
        "secret",
    ),
    # An unknown group or author is created (an export imports into a new wiki); one that
    # could not be is a bad line.
    "group that cannot be": (
        {
            "kind": "practice",
            "title": "T",
            "author": "claire@example.org",
            "visibility": "group:Pas Un Groupe",
        },
        "Pas Un Groupe",
    ),
    "author that cannot be": ({"kind": "practice", "title": "T", "author": "qui-donc"}, "qui-donc"),
    "bad slug": (
        {"kind": "practice", "title": "T", "author": "claire@example.org", "slug": "Pas Un Slug"},
        "Identifiant invalide",
    ),
    "follow-up on a practice": (
        {
            "kind": "practice",
            "title": "T",
            "author": "claire@example.org",
            "follow_ups": [{"date": "2022-01-01", "area": "people", "text": "x"}],
        },
        "follow_ups",
    ),
    "bad follow-up date": (
        {
            "kind": "innovation",
            "title": "T",
            "author": "claire@example.org",
            "follow_ups": [{"date": "hier", "area": "people", "text": "x"}],
        },
        "date",
    ),
    "broken UTF-8": (
        b'{"kind": "practice", "title": "Caf\xe9", "author": "claire@example.org"}',
        "UTF-8",
    ),
}


@pytest.mark.parametrize("bad", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_a_bad_line_stops_the_import_and_imports_nothing(runner, write_lines, member, bad):
    line, fragment = bad
    tags_before = tag_count()
    path = write_lines(
        practice(tags=["Tag libre"]),
        practice("Deuxième récit"),
        "",
        line,
        practice("Après la ligne fautive"),
    )

    result = runner.invoke(args=["import", path])

    assert_one_line_error(result, 4, fragment)
    assert page_count() == 0
    assert tag_count() == tags_before  # not even the free tag of line 1


def test_a_slug_twice_in_the_file_names_both_lines(runner, write_lines, member):
    path = write_lines(practice(slug="recit"), practice("Autre", slug="recit"))

    result = runner.invoke(args=["import", path])

    assert_one_line_error(result, 2, "recit", "ligne 1")
    assert page_count() == 0


def test_a_slug_already_in_the_wiki_is_refused(runner, write_lines, member, make_page):
    make_page("Récit existant")
    path = write_lines(practice("Nouveau"), practice("Autre", slug="recit-existant"))

    result = runner.invoke(args=["import", path])

    assert_one_line_error(result, 2, "recit-existant", "existe déjà")
    assert page_count() == 1


def test_an_interrupted_import_leaves_nothing(runner, write_lines, member, monkeypatch):
    from wiki.pages.bulk import PageBatch

    real_add, calls = PageBatch.add, []

    def interrupted_on_the_third(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_add(self, *args, **kwargs)

    monkeypatch.setattr(PageBatch, "add", interrupted_on_the_third)
    monkeypatch.setattr("wiki.pages.bulk.BATCH_SIZE", 2)  # some pages already flushed
    path = write_lines(*(practice(f"Récit {n}") for n in range(5)))

    result = runner.invoke(args=["import", path])

    assert result.exit_code != 0
    assert len(calls) == 3
    assert page_count() == 0


# --- programmatic use ---------------------------------------------------------------------


def test_import_lines_takes_str_lines_and_reports_progress(app, member):
    from wiki.pages.transfer import import_lines

    seen = []
    lines = [json.dumps(practice(f"Récit {n}")) for n in range(3)]

    count = import_lines(db.session, lines, progress=lambda done, total: seen.append((done, total)))
    db.session.commit()

    assert count == 3
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert page_count() == 3


def test_import_lines_raises_with_the_line_number(app, member):
    from wiki.pages.transfer import ImportLineError, import_lines

    with pytest.raises(ImportLineError) as raised:
        import_lines(db.session, [json.dumps(practice()), "{}"])

    assert raised.value.line == 2
    db.session.rollback()
    assert page_count() == 0


# --- export and the round trip ------------------------------------------------------------


def _empty_the_wiki() -> None:
    for page in db.session.scalars(select(Page)):
        db.session.delete(page)
    for tag in db.session.scalars(select(Tag).where(Tag.controlled.is_(False))):
        db.session.delete(tag)
    db.session.commit()


def _page_states() -> list[tuple]:
    pages = db.session.scalars(select(Page).order_by(Page.slug))
    return [
        (
            p.slug,
            p.title,
            p.kind,
            p.current.body,
            p.current.fields,
            sorted(t.slug for t in p.tags),
            p.visibility,
            [(f.observed_on, f.area, f.text) for f in p.follow_ups],
        )
        for p in pages
    ]


def test_export_then_import_into_an_empty_wiki_gives_the_same_pages(
    runner, tmp_path, app, member, other_member, group, make_page
):
    from wiki.pages.follow_ups import add_follow_up

    make_page(
        "Aller vers les habitants",
        body="Voir [[Fiche module 2]].\n\n« Accents » ✓",
        tags=["aller-vers", "Jardins partagés"],
        fields={"territory": "Tours"},
        visibility="members",
    )
    sheet = make_page(
        "Fiche module 2",
        kind="innovation",
        author=other_member,
        fields={"duration": "Maximum 3 jours / 21 heures", "partners": "DGCS"},
        visibility="group:atelier-praxis",
        slug="fiche-module-2",
    )
    add_follow_up(
        db.session,
        sheet,
        observed_on=date(2022, 6, 14),
        area="people",
        text="Des habitants reviennent.",
        author=member,
    )
    db.session.commit()
    make_page("Un récit public")
    before = _page_states()
    first_export, second_export = tmp_path / "a.jsonl", tmp_path / "b.jsonl"

    assert runner.invoke(args=["export", str(first_export)]).exit_code == 0
    _empty_the_wiki()
    imported = runner.invoke(args=["import", str(first_export)])
    assert runner.invoke(args=["export", str(second_export)]).exit_code == 0

    assert imported.exit_code == 0, imported.output
    assert "3 pages importées" in imported.stdout
    assert _page_states() == before
    assert first_export.read_text(encoding="utf-8") == second_export.read_text(encoding="utf-8")


def test_an_export_imports_into_a_new_wiki_with_its_authors_and_groups(
    runner, tmp_path, app, member, other_member, group, make_page, empty_database
):
    """A new instance has none of the accounts and groups: the import creates them (the
    accounts without a password, the groups closed, with their pages' authors in them)."""
    from tests.conftest import new_instance_app
    from wiki.models import Group, Membership, User

    make_page("Aller vers les habitants", body="Un récit.", visibility="members")
    make_page(
        "Séance de l'atelier",
        body="Entre nous.",
        author=other_member,
        visibility="group:atelier-praxis",
    )
    before = _page_states()
    export = tmp_path / "pages.jsonl"
    assert runner.invoke(args=["export", str(export)]).exit_code == 0

    target = new_instance_app(tmp_path / "new", empty_database())
    with target.app_context():
        target_runner = target.test_cli_runner()
        assert target_runner.invoke(args=["init"]).exit_code == 0
        imported = target_runner.invoke(args=["import", str(export)])
        assert imported.exit_code == 0, imported.output
        assert "2 pages importées" in imported.output
        assert "2 compte(s) créé(s)" in imported.output
        assert "1 groupe(s) créé(s)" in imported.output
        assert _page_states() == before
        accounts = {u.email: u for u in db.session.scalars(select(User))}
        assert accounts[member.email].display_name == member.display_name
        assert accounts[other_member.email].password_hash in (None, "")
        created = db.session.scalar(select(Group).where(Group.slug == "atelier-praxis"))
        members = set(
            db.session.scalars(
                select(User.email)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.group_id == created.id)
            )
        )
        assert members == {other_member.email}
        again = target_runner.invoke(args=["export", "-"])
        assert again.stdout == export.read_text(encoding="utf-8")
        db.session.remove()
        db.engine.dispose()


def test_export_writes_the_import_format_with_the_first_author(
    runner, app, member, other_member, make_page
):
    from wiki.pages.editing import PageDraft, save_revision

    page = make_page("Récit à plusieurs mains", tags=["non-demande"])
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title="Récit retravaillé", body="Version 2"),
        other_member,
        1,
    )
    db.session.commit()

    result = runner.invoke(args=["export", "-"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    exported = json.loads(lines[0])
    assert exported == {
        "slug": "recit-a-plusieurs-mains",
        "kind": "practice",
        "title": "Récit retravaillé",
        "visibility": "public",
        "author": "claire@example.org",
        "author_name": "Claire Martin",
        "tags": [],
        "fields": {},
        "body": "Version 2",
    }
    assert "Récit retravaillé" in lines[0]  # ensure_ascii=False: accents as they are


def test_export_of_an_empty_wiki_is_an_empty_file(runner, tmp_path):
    path = tmp_path / "vide.jsonl"

    result = runner.invoke(args=["export", str(path)])

    assert result.exit_code == 0
    assert path.read_text() == ""


def test_a_long_title_used_twice_still_gets_a_valid_slug(runner, write_lines, member):
    title = "Une très longue histoire d'aller vers " * 6

    result = runner.invoke(args=["import", write_lines(practice(title), practice(title))])

    assert result.exit_code == 0, result.output
    base = "une-tres-longue-histoire-d-aller-vers-" * 4
    base = base[:120]
    assert set(db.session.scalars(select(Page.slug))) == {base, base[:118].rstrip("-") + "-2"}


def test_import_reads_standard_input(runner, member):
    line = json.dumps(practice("Récit venu de l'entrée standard"), ensure_ascii=False)

    result = runner.invoke(args=["import", "-"], input=line.encode("utf-8") + b"\n")

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Page.title)) == "Récit venu de l'entrée standard"


# --- the charter: an import never refuses, it reports -----------------------------------


def test_import_keeps_pages_with_findings_and_lists_them_in_a_report(
    runner, write_lines, member, tmp_path
):
    path = write_lines(
        practice(body="Madame Dupont, schizophrène, au 06 12 34 56 78."),
        practice(title="Un récit propre"),
        practice(title="Une autre visite", fields={"territory": "12 rue des Lilas"}),
    )
    report = tmp_path / "report.jsonl"
    result = runner.invoke(args=["import", path, "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "3 pages importées" in result.stdout
    assert "2 pages contiennent des passages" in result.stdout and str(report) in result.stdout
    entries = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [(e["line"], e["title"]) for e in entries] == [
        (1, "Une permanence au pied des immeubles"),
        (3, "Une autre visite"),
    ]
    assert {"diagnosis", "phone"} <= {f["kind"] for f in entries[0]["findings"]}
    assert entries[1]["findings"][0]["field"] == "territory"
    assert page_count() == 3


def test_import_report_goes_to_the_instance_folder_by_default(app, runner, write_lines, member):
    from pathlib import Path

    result = runner.invoke(args=["import", write_lines(practice(body="Il est bipolaire."))])
    assert result.exit_code == 0, result.output
    reports = list((Path(app.instance_path) / "reports").glob("import-charter-*.jsonl"))
    assert len(reports) == 1 and str(reports[0]) in result.stdout


def test_a_clean_import_writes_no_report(app, runner, write_lines, member):
    from pathlib import Path

    result = runner.invoke(args=["import", write_lines(practice())])
    assert "Aucune page ne contient de passage" in result.stdout
    assert not (Path(app.instance_path) / "reports").exists()


def test_a_draft_goes_through_export_and_import_as_a_draft(
    app, runner, write_lines, member, tmp_path
):
    path = write_lines(practice(status="draft"), practice(title="Un récit publié"))
    assert runner.invoke(args=["import", path]).exit_code == 0
    statuses = dict(db.session.execute(select(Page.title, Page.status)).all())
    assert statuses == {
        "Une permanence au pied des immeubles": "draft",
        "Un récit publié": "published",
    }
    exported = tmp_path / "out.jsonl"
    assert runner.invoke(args=["export", str(exported)]).exit_code == 0
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert sorted(line.get("status", "published") for line in lines) == ["draft", "published"]


def test_import_lists_a_page_too_long_for_the_check_without_refusing_it(
    runner, write_lines, member, tmp_path
):
    from wiki.content.charter_names import MAX_MODEL_TOKENS

    path = write_lines(
        practice(title="Un très long récit", body="Un mot " * (MAX_MODEL_TOKENS // 2 + 1)),
        practice(title="Un récit propre"),
    )
    report = tmp_path / "report.jsonl"
    result = runner.invoke(args=["import", path, "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "2 pages importées" in result.stdout and page_count() == 2
    assert "1 pages sont trop longues pour la vérification de la charte" in result.stdout
    (entry,) = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert entry["title"] == "Un très long récit" and entry["findings"] == []
    assert "trop long pour la vérification" in entry["not_checked"]
