"""The search engine is chosen by configuration and reached through one interface
(wiki/search/backend.py): the results page, the API, page views, the commands and the commit
hooks all go through it."""

from __future__ import annotations

import pytest

from wiki import create_app
from wiki.search import backend as backends


class RecordingBackend(backends.WhooshBackend):
    """Whoosh, noting which of the interface's methods the wiki called."""

    name = "recording"

    def __init__(self):
        self.calls: list[str] = []
        for method in (
            "page_changed",
            "search",
            "suggest",
            "related",
            "verify",
            "rebuild",
            "catch_up",
            "ensure",
            "pending",
        ):
            self._record(method)

    def _record(self, method: str) -> None:
        inner = getattr(super(), method)

        def recorded(*args, **kwargs):
            self.calls.append(method)
            return inner(*args, **kwargs)

        setattr(self, method, recorded)


@pytest.fixture
def recording(app, monkeypatch):
    engine = RecordingBackend()
    monkeypatch.setitem(app.extensions, backends.EXTENSION, engine)
    return engine


def test_whoosh_is_the_default_backend(app):
    assert app.config["SEARCH_BACKEND"] == "whoosh"
    assert isinstance(backends.backend(app), backends.WhooshBackend)


def test_an_unknown_backend_is_refused_at_start_with_its_name(tmp_path, monkeypatch):
    monkeypatch.setenv("WIKI_SEARCH_BACKEND", "elastic")
    with pytest.raises(backends.UnknownBackend, match="WIKI_SEARCH_BACKEND='elastic'.*whoosh"):
        create_app({"TESTING": True}, instance_path=tmp_path)


def test_the_command_line_says_so_in_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from wiki.cli import main

    monkeypatch.setenv("WIKI_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("WIKI_SEARCH_BACKEND", "elastic")
    result = CliRunner().invoke(main, ["index", "verify"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: WIKI_SEARCH_BACKEND='elastic': unknown search backend (available: postgres, whoosh)"
    )


def test_the_results_page_and_the_api_search_through_the_backend(app, client, make_page, recording):
    make_page("Maraude de nuit", body="Une tournée de nuit.")
    assert "Maraude de nuit" in client.get("/search?q=maraude").get_data(as_text=True)
    answer = client.get("/api/v1/search?q=maraude").get_json()
    assert [hit["title"] for hit in answer["results"]] == ["Maraude de nuit"]
    assert recording.calls.count("search") == 2


def test_a_page_view_asks_the_backend_for_related_pages(app, client, make_page, recording):
    page = make_page("Maraude de nuit", body="Une tournée de nuit.")
    make_page("Maraude de jour", body="Une tournée de jour.")
    assert client.get(f"/pages/{page.slug}").status_code == 200
    assert "related" in recording.calls


def test_a_page_written_through_the_api_is_indexed_through_the_backend(
    app, client, member, token_for, recording
):
    answer = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": "Maraude de nuit", "body": "Une tournée de nuit."},
    )
    assert answer.status_code == 201, answer.get_json()
    assert recording.calls.index("page_changed") < recording.calls.index("catch_up")
    assert [hit.title for hit in recording.search(None, "maraude").results] == ["Maraude de nuit"]


def test_the_index_commands_go_through_the_backend(app, make_page, recording):
    make_page("Maraude de nuit", body="Une tournée de nuit.")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["index", "verify"]).exit_code == 0
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["index", "sync"]).exit_code == 0
    assert runner.invoke(args=["init"]).exit_code == 0
    assert {"verify", "rebuild", "catch_up", "pending", "ensure"} <= set(recording.calls)


def test_suggest_corrects_a_word_from_visible_pages_only(app, make_page, group):
    make_page("Maraude de nuit", body="Une tournée auprès des sans-abri.")
    make_page("Atelier", body="Un accompagnement hebdomadaire.", visibility=f"group:{group.slug}")
    engine = backends.backend(app)
    suggestion = engine.suggest(None, "tournnée")
    assert suggestion is not None and suggestion.startswith("tourn")
    assert suggestion == engine.search(None, "tournnée").suggestion  # what the page offers
    assert engine.suggest(None, "hebdomadair") is None  # known only from a hidden page
