"""The index format is the wiki's own (wiki/search/codec.py), said in the index, and Whoosh is
left as it ships: stock Whoosh refuses the wiki's index, the wiki rebuilds an index of an
older format, and importing the wiki changes no class of Whoosh."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from whoosh import index as stock_index

from wiki.search import codec, indexer
from wiki.search.queries import search
from wiki.search.schema import INDEX_NAME, build_schema


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def live_folder(app):
    return indexer.index_root(app) / indexer.open_index_name(app)


# A process that cannot import the wiki (`sys.modules["wiki"] = None` makes any import of it
# fail): Whoosh as it ships, alone.
STOCK_WHOOSH_OPENS = """
import sys
sys.modules["wiki"] = None
from whoosh import index
try:
    ix = index.open_dir(sys.argv[1], indexname=sys.argv[2])
    with ix.searcher() as searcher:
        print("read", searcher.doc_count_all())
except index.IndexVersionError as error:
    print("refused", type(error).__name__, error)
"""


def test_stock_whoosh_refuses_the_wikis_index_with_a_clear_error(app, make_page):
    make_page("Maraude de nuit", body="Une tournée de nuit auprès des personnes à la rue.")
    completed = run_python(STOCK_WHOOSH_OPENS, str(live_folder(app)), INDEX_NAME)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("refused IndexVersionError"), completed.stdout
    assert str(codec.TOC_VERSION) in completed.stdout  # Whoosh names the version it met


def test_the_index_says_its_format_name_and_version(app, make_page):
    make_page("Maraude de nuit", body="Une tournée de nuit.")
    toc = codec.WikiToc.read(codec.WikiStorage(str(live_folder(app))), INDEX_NAME)
    assert toc.version == codec.TOC_VERSION
    assert {type(segment.codec()) for segment in toc.segments} == {codec.WikiCodec}
    raw = next(live_folder(app).glob(f"_{INDEX_NAME}_*.toc")).read_bytes()
    assert f"{codec.FORMAT_NAME}".encode() in raw


def _stock_index_of(app, folder) -> None:
    """What an older wiki left: an index in Whoosh's own format, holding the current pages."""
    from wiki.extensions import db
    from wiki.models import Page

    folder.mkdir()
    ix = stock_index.create_in(str(folder), build_schema(), indexname=INDEX_NAME)
    page_ids = list(db.session.scalars(db.select(Page.id)))
    with ix.writer() as writer:
        for document in indexer.load_documents(db.session, page_ids).values():
            writer.add_document(**document)
    (indexer.index_root(app) / indexer.CURRENT_FILE).write_text(folder.name)


def test_the_wiki_refuses_an_index_written_by_stock_whoosh(app, make_page):
    make_page("Maraude de nuit", body="Une tournée de nuit.")
    folder = indexer.index_root(app) / "gen-stock"
    _stock_index_of(app, folder)
    try:
        codec.open_dir(folder, INDEX_NAME)
    except codec.OlderIndexFormat as error:
        assert "rebuild" in str(error)
    else:
        raise AssertionError("an index in Whoosh's format was opened as the wiki's")


def test_init_rebuilds_an_index_of_an_older_format(app, make_page):
    make_page("Maraude du mardi", body="Une tournée hebdomadaire.")
    _stock_index_of(app, indexer.index_root(app) / "gen-stock")
    assert search(None, "hebdomadaire").total == 0  # not misread: not read at all
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "reconstruit (nouvelle forme) : 1 pages" in result.output
    assert [hit.slug for hit in search(None, "hebdomadaire").results] == ["maraude-du-mardi"]
    assert indexer.verify(app) == []
    assert "reconstruit" not in app.test_cli_runner().invoke(args=["init"]).output


def test_init_rebuilds_an_index_of_an_older_version_of_the_wikis_format(
    app, make_page, monkeypatch
):
    make_page("Maraude du mardi", body="Une tournée hebdomadaire.")
    monkeypatch.setattr(codec, "FORMAT_VERSION", codec.FORMAT_VERSION + 1)  # the next one
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "reconstruit (nouvelle forme) : 1 pages" in result.output
    assert [hit.slug for hit in search(None, "hebdomadaire").results] == ["maraude-du-mardi"]


# Every class and function of every Whoosh module, by identity, before and after the wiki is
# imported, an app built and an index written, merged and searched in this process.
WHOOSH_UNCHANGED = """
import importlib, json, pkgutil, sys, tempfile
import whoosh

def load_all():
    for info in pkgutil.walk_packages(whoosh.__path__, "whoosh."):
        try:
            importlib.import_module(info.name)
        except Exception:  # optional dependencies
            pass

def snapshot():
    seen = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("whoosh") or module is None:
            continue
        for key, value in list(vars(module).items()):
            if isinstance(value, type) and value.__module__ == name:
                for attribute, member in vars(value).items():
                    seen[f"{name}.{key}.{attribute}"] = id(member)
            elif callable(value) and getattr(value, "__module__", None) == name:
                seen[f"{name}.{key}"] = id(value)
    return seen

load_all()
before = snapshot()
from pathlib import Path
from wiki import create_app
from wiki.extensions import db
from wiki.search import indexer, queries
from wiki.pages.editing import PageDraft, create_page
instance = Path(tempfile.mkdtemp())
app = create_app({"TESTING": True}, instance_path=instance)
with app.app_context():
    from wiki.setup import initialise
    initialise(app)
    for number in range(12):
        create_page(db.session, PageDraft(kind="practice", title=f"Maraude {number}",
                                          body="Une tournée de nuit."), None)
        db.session.commit()
        indexer.apply_pending(app)  # a segment each: the last commits merge them
    hits = queries.search(None, "tournée").total
load_all()
after = snapshot()
changed = sorted(key for key in before if after.get(key) != before[key])
print(json.dumps({"hits": hits, "checked": len(before), "changed": changed}))
"""


@pytest.mark.slow  # a fresh interpreter imports the wiki and looks at every Whoosh class
def test_importing_the_wiki_replaces_nothing_in_whoosh():
    completed = run_python(WHOOSH_UNCHANGED)
    assert completed.returncode == 0, completed.stderr
    outcome = json.loads(completed.stdout.strip().splitlines()[-1])
    assert outcome["hits"] == 12  # the wiki did index and search
    assert outcome["checked"] > 1000  # every class of Whoosh was looked at
    assert outcome["changed"] == []
