"""The benchmark's corpus generator and runner: deterministic French pages the wiki imports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import (
    AUTHORS,
    GROUPS,
    MAX_BODY_WORDS,
    MIN_BODY_WORDS,
    build_queries,
    generate_lines,
    unique_token,
)
from wiki.pages.kinds import clean_fields
from wiki.pages.tagging import CONTROLLED_VOCABULARY

ROOT = Path(__file__).resolve().parent.parent
IMPORT_KEYS = {"kind", "title", "body", "tags", "visibility", "author", "fields", "slug"}
WORD = re.compile(r"[^\W\d_]+")


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another():
    assert list(generate_lines(20, seed=7)) == list(generate_lines(20, seed=7))
    assert list(generate_lines(20, seed=7)) != list(generate_lines(20, seed=8))


def test_a_smaller_corpus_is_the_beginning_of_a_larger_one():
    assert list(generate_lines(5, seed=1)) == list(generate_lines(12, seed=1))[:5]


def test_lines_follow_the_import_format():
    group_scopes = {f"group:{slug}" for slug, _ in GROUPS}
    emails = {email for email, _ in AUTHORS}
    slugs = set()
    for line in generate_lines(200):
        page = json.loads(line)
        assert set(page) <= IMPORT_KEYS
        assert page["kind"] in ("practice", "innovation")
        assert page["title"].strip()
        assert 1 <= len(page["tags"]) <= 4
        assert set(page["tags"]) <= set(CONTROLLED_VOCABULARY)
        assert page["visibility"] in {"public", "members"} | group_scopes
        assert page["author"] in emails
        assert clean_fields(page["kind"], page["fields"]) == page["fields"]
        slugs.add(page["slug"])
    assert len(slugs) == 200


def test_visibility_is_mostly_public_with_some_members_and_group_pages():
    scopes = [json.loads(line)["visibility"].split(":")[0] for line in generate_lines(400)]
    assert scopes.count("public") > 300
    assert scopes.count("members") > 10
    assert scopes.count("group") > 5


def test_bodies_are_french_text_of_150_to_800_words():
    bodies = [json.loads(line)["body"] for line in generate_lines(50)]
    for body in bodies:
        words = WORD.findall(body.replace("’", " ").replace("'", " "))
        assert MIN_BODY_WORDS * 0.9 <= len(words) <= MAX_BODY_WORDS * 1.1
    text = " ".join(bodies)
    assert re.search(r"\bl’[a-zéèêàâîôû]", text)  # l’accompagnement, l’accueil...
    assert re.search(r"\bd’(un|une)\b", text)
    assert re.search(r"[éèêàçù]", text)
    assert " accompagnement" in text or "l’accompagnement" in text


def test_each_page_carries_its_own_unique_word():
    bodies = [json.loads(line)["body"] for line in generate_lines(100)]
    for i, body in enumerate(bodies):
        assert body.count(unique_token(i)) == 1
        assert all(unique_token(j) not in body for j in range(100) if j != i)
    assert len({unique_token(i) for i in range(5000)}) == 5000


def test_the_query_set_is_fixed_and_mixes_every_kind_of_query():
    queries = build_queries(200, seed=0)
    assert queries == build_queries(200, seed=0)
    assert len(queries) == 200
    categories = {q.category for q in queries}
    assert categories == {"word", "words", "phrase", "kind", "tag"}
    phrases = [q for q in queries if q.category == "phrase"]
    assert all(q.text.startswith('"') and q.text.endswith('"') for q in phrases)
    assert all(q.kind for q in queries if q.category == "kind")
    assert all(q.tag in CONTROLLED_VOCABULARY for q in queries if q.category == "tag")


def test_the_wiki_imports_the_corpus(app):
    from sqlalchemy import func, select

    from wiki.auth.accounts import create_user
    from wiki.extensions import db
    from wiki.groups.membership import create_group
    from wiki.models import Page
    from wiki.pages import transfer

    for email, name in AUTHORS:
        create_user(db.session, email, name)
    for slug, name in GROUPS:
        create_group(db.session, slug, name)
    db.session.commit()
    count = transfer.import_lines(db.session, list(generate_lines(30)))
    db.session.commit()
    assert count == 30
    assert db.session.scalar(select(func.count(Page.id))) == 30
    page = db.session.scalar(select(Page).order_by(Page.id))
    assert unique_token(0) in page.current.body
    assert page.tags


@pytest.mark.slow
def test_the_benchmark_runs_and_prints_its_figures(tmp_path):
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--sizes",
            "50",
            "--queries",
            "20",
            "--edits",
            "3",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-3000:]
    for figure in (
        "import (pages/s)",
        "indexing (pages/s)",
        "index size (MB)",
        "peak RSS",
        "query in-process p95 (ms)",
        "query HTTP p95 (ms)",
        "one edit indexed",
    ):
        assert figure in output
    assert "unique words found: 50/50" in output
    assert "wiki index verify (exit 0)" in output
    assert "| query in-process p50 (ms) |" in (tmp_path / "results.md").read_text()
