"""The PostgreSQL search backend (WIKI_SEARCH_BACKEND=postgres, wiki/search/postgres.py): its
index is the database's own, written in each page's transaction, so every process sees an
edit at once; French accents folded, title words first, nothing a reader may not see.

The behaviour both backends share is tested on both (test_search_web, _visibility,
_relevance); here what is PostgreSQL's own. Skips without a PostgreSQL server (conftest).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from search_calls import related_pages, search, suggest
from sqlalchemy import delete, func, select

from wiki import create_app
from wiki.extensions import db
from wiki.models import IndexTask, PageSearch
from wiki.search import backend as backends
from wiki.search.postgres import PostgresBackend

WIKI = str(Path(sys.executable).with_name("wiki"))
SECRET = "zorglubique"  # only in pages an outsider may not see


@pytest.fixture(scope="module")
def search_backend():
    return "postgres"


def slugs(user, q: str, **filters) -> list[str]:
    return [hit.slug for hit in search(user, q, **filters).results]


# --- the configuration -----------------------------------------------------------------------


def test_the_backend_is_postgres(app):
    assert isinstance(backends.backend(app), PostgresBackend)
    assert backends.backend(app).has_index(app)


def test_refused_at_start_on_sqlite_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("WIKI_SEARCH_BACKEND", "postgres")
    monkeypatch.delenv("WIKI_DATABASE_URL", raising=False)
    with pytest.raises(
        backends.UnknownBackend, match="WIKI_SEARCH_BACKEND=postgres needs a PostgreSQL database"
    ):
        create_app({"TESTING": True}, instance_path=tmp_path)


def test_the_command_line_refuses_it_on_sqlite_in_one_line(tmp_path):
    env = {**os.environ, "WIKI_INSTANCE_PATH": str(tmp_path), "WIKI_SEARCH_BACKEND": "postgres"}
    env.pop("WIKI_DATABASE_URL", None)
    result = subprocess.run(
        [WIKI, "index", "verify"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "needs a PostgreSQL database" in result.stderr
    assert "Traceback" not in result.stderr


# --- written in the page's transaction -------------------------------------------------------


def test_an_edit_is_searchable_at_commit_without_an_outbox(app, make_page, member):
    from wiki.pages.editing import PageDraft, save_revision

    page = make_page("Maraude du soir", body="Une tournée vespérale en camion.")
    assert slugs(None, "vesperale") == [page.slug]
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, body="Une tournée matinale en camion."),
        member,
        base_revision=page.version,
    )
    db.session.commit()  # nothing else: no task to apply
    assert db.session.scalar(select(func.count(IndexTask.id))) == 0
    assert slugs(None, "vesperale") == []
    assert slugs(None, "matinale") == [page.slug]
    assert not backends.backend(app).pending(app)


def test_a_deleted_page_leaves_the_index_with_its_row(app, make_page):
    page = make_page("Permanence du mardi", body="Une permanence d'accès aux droits.")
    db.session.delete(page)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(PageSearch)) == 0
    assert search(None, "permanence").total == 0


def test_verify_reports_a_missing_row_and_rebuild_restores_it(app, make_page):
    page = make_page("Jardin partagé", body="Un jardin au pied des immeubles.")
    engine = backends.backend(app)
    assert engine.verify(app) == []
    db.session.execute(delete(PageSearch))
    db.session.commit()
    drifts = engine.verify(app)
    assert [(d.slug, d.problem) for d in drifts] == [(page.slug, "missing")]
    assert search(None, "jardin").total == 0
    seen: list[tuple[int, int]] = []
    assert engine.rebuild(app, progress=lambda done, total: seen.append((done, total))) == 1
    assert seen[-1] == (1, 1)
    assert engine.verify(app) == []
    assert slugs(None, "jardin") == [page.slug]


def test_ensure_fills_an_empty_index(app, make_page):
    make_page("Café des parents", body="Un café chaque samedi.")
    db.session.execute(delete(PageSearch))
    db.session.commit()
    assert backends.backend(app).ensure(app) == 1
    assert search(None, "cafe").total == 1


# --- French -----------------------------------------------------------------------------------


def test_accents_are_folded_both_ways(app, make_page):
    accented = make_page("Lutte contre la précarité", body="La précarité énergétique.")
    plain = make_page("Visites a domicile", body="Les visites aux personnes agees isolees.")
    assert slugs(None, "precarite energetique") == [accented.slug]
    assert slugs(None, "PRÉCARITÉ") == [accented.slug]
    assert slugs(None, "personnes âgées isolées") == [plain.slug]


def test_inflections_and_elisions(app, make_page):
    page = make_page("L'accompagnement budgétaire", body="Les maraudes d’hiver.")
    assert slugs(None, "accompagner") == [page.slug]
    assert slugs(None, "maraude") == [page.slug]
    assert slugs(None, "l’hiver") == [page.slug]


def test_a_title_match_ranks_first(app, make_page):
    body_only = make_page(
        "Tournée du soir",
        body="La maraude part. Une maraude, une autre maraude, et encore une maraude dans la nuit.",
    )
    titled = make_page("Maraude à la gare", body="Nous allons vers les personnes.")
    tagged = make_page("Permanence", body="Une maraude le lundi.", tags=["aller-vers"])
    assert slugs(None, "maraude") == [titled.slug, body_only.slug, tagged.slug]
    assert slugs(None, "aller vers")[0] in (tagged.slug, titled.slug)


def test_all_words_first_then_any_word(app, make_page):
    both = make_page("Épicerie solidaire", body="Une épicerie pour les étudiants.")
    make_page("Jardin", body="Un jardin pour les étudiants.")
    assert slugs(None, "épicerie étudiants") == [both.slug]
    relaxed = search(None, "épicerie dromadaire")
    assert relaxed.relaxed and [hit.slug for hit in relaxed.results] == [both.slug]


def test_snippets_are_escaped_and_marked(app, make_page):
    make_page("Code", body="Le piège `<b onclick=x>` est cité.")
    hit = search(None, "piege").results[0]
    assert "<b onclick" not in str(hit.snippet)
    assert "<mark>piège</mark>" in str(hit.snippet)


# --- visibility ------------------------------------------------------------------------------


@pytest.fixture
def hidden_pages(app, make_page, group, member, moderator):
    """A page of each kind an outsider may not see, each holding SECRET."""
    from wiki.moderation.actions import hide

    pages = {
        "members": make_page(
            "Réunion des adhérents", body=f"Un compte rendu {SECRET}.", visibility="members"
        ),
        "group": make_page(
            "Séance de l'atelier", body=f"Une situation {SECRET}.", visibility=f"group:{group.slug}"
        ),
        "draft": make_page("Brouillon", body=f"Un brouillon {SECRET}.", status="draft"),
        "hidden": make_page("Page masquée", body=f"Une page {SECRET} masquée."),
    }
    hide(db.session, moderator, f"page:{pages['hidden'].slug}", "Hors charte")
    db.session.commit()
    return pages


def test_an_outsider_finds_and_is_suggested_none_of_them(hidden_pages, other_member):
    outcome = search(None, SECRET)
    assert (outcome.total, outcome.results) == (0, [])
    assert outcome.facets == {"kind": {}, "tags": {}, "stage": {}, "departement": {}, "sector": {}}
    assert search(None, "zorglubiqe").suggestion is None
    assert suggest(None, "zorglubiqe") is None
    # a member who is not in the group sees the members' page only
    assert slugs(other_member, SECRET) == [hidden_pages["members"].slug]
    assert search(other_member, "zorglubiqe").suggestion == SECRET


def test_only_the_group_and_the_drafts_author_reach_theirs(hidden_pages, member, other_member):
    found = set(slugs(member, SECRET))
    assert hidden_pages["group"].slug in found
    assert hidden_pages["draft"].slug not in found  # a draft is not in search (as Whoosh)
    assert hidden_pages["hidden"].slug not in found  # hidden by the moderation: by nobody
    assert hidden_pages["group"].slug not in slugs(other_member, SECRET)


def test_a_word_of_a_group_page_is_not_suggested_to_a_non_member(
    app, make_page, group, member, other_member
):
    make_page("Séance", body=f"Une situation {SECRET}.", visibility=f"group:{group.slug}")
    assert suggest(other_member, "zorglubiqe") is None
    assert suggest(member, "zorglubiqe") == SECRET


def test_related_pages_share_tags_or_title_words_and_stay_visible(app, make_page):
    page = make_page("Maraude de nuit", body="Une maraude.", tags=["aller-vers"])
    by_tag = make_page("Permanence mobile", body="Un camion.", tags=["aller-vers"])
    by_title = make_page("Maraude du matin", body="Le matin.")
    make_page("Maraude réservée", body="Pour les adhérents.", visibility="members")
    make_page("Jardin", body="Sans rapport.")
    assert {hit.slug for hit in related_pages(None, page)} == {by_tag.slug, by_title.slug}


# --- two processes, one database -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _call(
    url: str, method: str = "GET", body: dict | None = None, token: str | None = None
) -> dict:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **({"Authorization": token} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def _serve(tmp_path: Path, name: str, database_url: str):
    instance = tmp_path / name
    instance.mkdir()
    port = _free_port()
    env = {
        **os.environ,
        "WIKI_INSTANCE_PATH": str(instance),
        "WIKI_DATABASE_URL": database_url,
        "WIKI_SEARCH_BACKEND": "postgres",
    }
    process = subprocess.Popen(
        [WIKI, "serve", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {process.stderr.read()}")
        try:
            _call(url + "/api/v1/search?q=x")
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{name} did not answer")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.mark.slow
def test_two_servers_on_one_database_see_each_others_edits_at_once(
    app, tmp_path, member, token_for
):
    token = token_for(member)["Authorization"]
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    first, first_url = _serve(tmp_path, "first", database_url)
    try:
        second, second_url = _serve(tmp_path, "second", database_url)
        try:
            created = _call(
                first_url + "/api/v1/pages",
                "POST",
                {
                    "kind": "practice",
                    "title": "Maraude vespérale",
                    "body": "Une tournée crépusculaire près de la gare.",
                },
                token,
            )
            found = _call(second_url + "/api/v1/search?q=crepusculaire")
            assert [hit["slug"] for hit in found["results"]] == [created["slug"]]

            _call(
                second_url + f"/api/v1/pages/{created['slug']}",
                "PUT",
                {
                    "kind": "practice",
                    "title": "Maraude vespérale",
                    "body": "Une tournée nocturne près de la gare.",
                    "base_revision": created["revision"],
                },
                token,
            )
            assert _call(first_url + "/api/v1/search?q=crepusculaire")["total"] == 0
            again = _call(first_url + "/api/v1/search?q=nocturne")
            assert [hit["slug"] for hit in again["results"]] == [created["slug"]]
        finally:
            _stop(second)
    finally:
        _stop(first)
