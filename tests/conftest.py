"""Fixtures: an app per test with its own instance folder, people, pages, and a client.

The suite runs on SQLite by default. With WIKI_TEST_BACKEND=postgres every app uses the
PostgreSQL server at WIKI_TEST_DATABASE_URL instead (a schema of its own, emptied per test).
Tests that need PostgreSQL or Chromium skip with a reason, unless CI=true where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from datetime import date
from pathlib import Path

import email_guard
import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from wiki import create_app
from wiki.extensions import db

IN_CI = os.environ.get("CI") == "true"
PG_URL = os.environ.get("WIKI_TEST_DATABASE_URL", "")
BACKEND = os.environ.get("WIKI_TEST_BACKEND", "sqlite")
PASSWORD = "mot-de-passe-solide"


def need(condition: bool, reason: str) -> None:
    """Skip a test whose requirement is missing, except in CI where it must run."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def postgres_available() -> bool:
    if not PG_URL:
        return False
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def _schema_url(base_url: str, schema: str) -> str:
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """argon2id still, with the smallest cost: the production cost (~0.15 s a hash) would
    dominate the suite. Tests of the hash format still see $argon2id$."""
    from argon2 import PasswordHasher

    from wiki.auth import accounts

    production = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    accounts._hasher = production


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """A migrated database made once per session: a SQLite file to copy, or a PG schema."""
    folder = tmp_path_factory.mktemp("template")
    if BACKEND == "postgres":
        need(postgres_available(), "no PostgreSQL server at WIKI_TEST_DATABASE_URL")
        schema = f"wiki_test_{uuid.uuid4().hex[:10]}"
        engine = create_engine(PG_URL)
        with engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        url = _schema_url(PG_URL, schema)
        _migrate(folder, url)
        yield {"url": url}
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()
    else:
        url = f"sqlite:///{folder / 'wiki.db'}"
        _migrate(folder, url)
        yield {"file": folder / "wiki.db"}


# Modules whose searches run on both backends (WIKI_SEARCH_BACKEND): Whoosh, and PostgreSQL's
# full-text search, the latter on the suite's PostgreSQL (a schema of its own when the suite
# runs on SQLite); without a PostgreSQL server its runs skip.
BOTH_SEARCH_BACKENDS = {
    "test_search_web",
    "test_search_visibility",
    "test_search_relevance",
    "test_search_places",
    "test_sectors",
    "test_search_thesaurus",
}


def pytest_generate_tests(metafunc):
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in BOTH_SEARCH_BACKENDS and "search_backend" in metafunc.fixturenames:
        metafunc.parametrize(
            "search_backend", ["whoosh", "postgres"], indirect=True, scope="module"
        )


@pytest.fixture(scope="module")
def search_backend(request):
    """The app's search backend: whoosh, unless the module runs on both (see above)."""
    return getattr(request, "param", "whoosh")


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory, database_template):
    """A migrated PostgreSQL database for the postgres search backend: the suite's own when
    it runs on PostgreSQL, else a schema made once for the session."""
    if "url" in database_template:
        yield database_template
        return
    need(
        postgres_available(),
        "the postgres search backend needs a PostgreSQL server at WIKI_TEST_DATABASE_URL",
    )
    schema = f"wiki_search_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = _schema_url(PG_URL, schema)
    _migrate(tmp_path_factory.mktemp("pg-template"), url)
    yield {"url": url}
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def template_for(request, search_backend: str, database_template: dict) -> dict:
    if search_backend == "postgres":
        return request.getfixturevalue("postgres_template")
    return database_template


def _migrate(folder: Path, url: str) -> None:
    from wiki.setup import initialise

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True}, instance_path=folder)
    with app.app_context():
        initialise(app)
        db.engine.dispose()


def _empty_postgres(url: str) -> None:
    from wiki.pages.tagging import seed_controlled_tags
    from wiki.thesaurus.entries import seed_thesaurus

    keep = {"alembic_version"}
    tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name not in keep]
    db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    seed_controlled_tags(db.session)
    seed_thesaurus(db.session)
    db.session.commit()


class FreshRequestClient(FlaskClient):
    """Each request starts with an empty `g`, as in production. The app fixture's context
    outlives the requests, and Flask-Login and Flask-Babel cache the user and the locale in
    `g`: without this, a request would see the previous request's (or browser's) user."""

    def open(self, *args, **kwargs):
        if has_app_context():  # a request from another thread gets a fresh context anyway
            g.__dict__.clear()
        return super().open(*args, **kwargs)


def database_for(instance: Path, template: dict) -> str:
    """A database for a new instance: a copy of the migrated SQLite file, or the PG schema."""
    if "file" in template:
        shutil.copy(template["file"], instance / "wiki.db")
        return f"sqlite:///{instance / 'wiki.db'}"
    return template["url"]


@pytest.fixture
def app(request, tmp_path, database_template, search_backend):
    database_template = template_for(request, search_backend, database_template)
    instance = tmp_path / "instance"
    instance.mkdir()
    url = database_for(instance, database_template)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "wiki.test",
            "MAIL_DELIVERY": "inline",
            "SEARCH_BACKEND": search_backend,
        },
        instance_path=instance,
    )
    app.test_client_class = FreshRequestClient
    email_guard.guard(app)  # no page or JSON answer shows someone's email address
    with app.app_context():
        if "url" in database_template:
            _empty_postgres(url)
        try:
            from wiki.search.indexer import ensure_index
        except ImportError:
            pass
        else:
            ensure_index(app)
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def empty_database(tmp_path):
    """The database of a new instance, nothing in it yet (not even `wiki init`'s schema):
    a SQLite file, or a PostgreSQL schema of its own (dropped after the test)."""
    made: list = []

    def make(backend: str = "sqlite") -> str:
        """SQLite unless asked: a second PostgreSQL schema in the same server makes the
        DROP at the end wait on the test process's own pools (PG → SQLite still crosses)."""
        if backend != "postgres":
            return f"sqlite:///{tmp_path / f'new-{uuid.uuid4().hex[:8]}.db'}"
        need(postgres_available(), "no PostgreSQL server at WIKI_TEST_DATABASE_URL")
        schema = f"wiki_restore_{uuid.uuid4().hex[:10]}"
        engine = create_engine(PG_URL)
        with engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        made.append(schema)
        return _schema_url(PG_URL, schema)

    yield make
    if made:
        engine = create_engine(PG_URL)
        with engine.begin() as connection:
            for schema in made:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def new_instance_app(instance: Path, url: str):
    """An app on a new instance folder and the given (empty) database, as a new install."""
    instance.mkdir()
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True}, instance_path=instance)


class SmtpInbox:
    """What an SMTP server on loopback received: (envelope recipients, parsed message)."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, _server, _session, envelope):  # aiosmtpd's handler hook
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp(app):
    """A real SMTP server (aiosmtpd) on a free loopback port, and the app sending to it.

    `smtp.stop()` / `smtp.start()` take it down and bring it back on the same port.
    """
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running: list = []

    def start() -> None:
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        running.append(controller)

    def stop() -> None:
        running.pop().stop()

    inbox.port, inbox.start, inbox.stop = port, start, stop
    start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SECURITY="none")
    yield inbox
    while running:
        stop()


def at_once(app, work, times: int) -> list:
    """What `work()` returns when `times` threads call it at once, each in an app context
    and a session of its own (two cron runs, three mail senders...)."""
    results: list = []

    def run() -> None:
        with app.app_context():
            results.append(work())
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def token_for(app):
    """Authorization headers with a new personal API token for `user`."""
    from wiki.auth.accounts import create_token

    def make(user) -> dict:
        token = create_token(db.session, user, "tests")
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    from wiki.auth.accounts import create_user

    def make(email: str, name: str | None = None, role: str = "member"):
        user = create_user(db.session, email, name or email.split("@")[0].title(), PASSWORD, role)
        db.session.commit()
        return user

    return make


@pytest.fixture
def member(make_user):
    return make_user("claire@example.org", "Claire Martin")


@pytest.fixture
def other_member(make_user):
    return make_user("karim@example.org", "Karim Benali")


@pytest.fixture
def moderator(make_user):
    return make_user("modo@example.org", "Modération", role="moderator")


@pytest.fixture
def admin(make_user):
    return make_user("admin@example.org", "Admin", role="admin")


@pytest.fixture
def small_limits(app):
    """The sign-in throttle with few free failures, so that a test reaches its delays."""
    app.config.update(
        LOGIN_FREE_FAILURES=3, LOGIN_ADDRESS_FREE_FAILURES=6, LOGIN_ACCOUNT_CEILING=50
    )
    return app


@pytest.fixture
def login(client):
    """Sign a person in through the login form, as a browser would."""

    def sign_in(user, password: str = PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        return response

    return sign_in


@pytest.fixture
def make_page(app, member):
    from wiki.pages.editing import PageDraft, create_page

    def make(
        title: str = "Aller vers les habitants",
        *,
        kind: str = "practice",
        body: str = "",
        author=None,
        **kwargs,
    ):
        page = create_page(
            db.session, PageDraft(kind=kind, title=title, body=body, **kwargs), author or member
        )
        db.session.commit()
        _index_pending(app)
        return page

    return make


def _index_pending(app) -> None:
    """What the end of a request does after its commit: index, deliver, send."""
    from wiki.aftercommit import after_commit
    from wiki.search.indexer import apply_pending

    apply_pending(app)
    after_commit(app).run_marked()


@pytest.fixture
def group(app, member):
    from wiki.groups.membership import add_member, create_group

    created = create_group(db.session, "atelier-praxis", "Atelier des praxis sociales")
    add_member(db.session, created.slug, member.email, "facilitator")
    db.session.commit()
    return created


def _corpus_app(request, tmp_path_factory, database_template, pages, search_backend):
    from wiki.auth.accounts import create_user
    from wiki.lifecycle.stages import StageEntry, record_stage
    from wiki.pages.editing import PageDraft, create_page
    from wiki.search.indexer import apply_pending, ensure_index

    database_template = template_for(request, search_backend, database_template)
    instance = tmp_path_factory.mktemp("corpus") / "instance"
    instance.mkdir()
    url = database_for(instance, database_template)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TESTING": True,
            "SERVER_NAME": "wiki.test",
            "SEARCH_BACKEND": search_backend,
        },
        instance_path=instance,
    )
    email_guard.guard(app)
    with app.app_context():
        if "url" in database_template:
            _empty_postgres(url)
        ensure_index(app)
        author = create_user(
            db.session, "claire@example.org", "Claire Martin", "mot-de-passe-solide"
        )
        for entry in pages:
            entry = dict(entry)
            stage = entry.pop("stage", None)  # an innovation sheet's, since March 2024
            page = create_page(db.session, PageDraft(**entry), author)
            if stage:
                record_stage(db.session, page, StageEntry(stage, date(2024, 3, 1)), author)
        db.session.commit()
        apply_pending(app)
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def corpus_app(request, tmp_path_factory, database_template, search_backend):
    """An app whose index holds the French corpus of tests/search_corpus.py (all public)."""
    from search_corpus import PAGES

    yield from _corpus_app(request, tmp_path_factory, database_template, PAGES, search_backend)


@pytest.fixture(scope="module")
def thesaurus_corpus_app(request, tmp_path_factory, database_template, search_backend):
    """The corpus of tests/search_corpus.py and the sector's pages of
    tests/thesaurus_corpus.py (acronyms, synonyms, départements, stages), all public."""
    from search_corpus import PAGES
    from thesaurus_corpus import PAGES as SECTOR_PAGES

    yield from _corpus_app(
        request, tmp_path_factory, database_template, [*PAGES, *SECTOR_PAGES], search_backend
    )
