"""No save holds the database's write lock while it renders Markdown, and no text may cost a
save more than the wiki allows: a pathological text gets a clear 400, and three worst-case
saves at once leave every other request answered.

The lock is watched through SQLAlchemy's engine events: a connection holds SQLite's write
lock from its BEGIN IMMEDIATE (wiki.database.begin_write marks the transaction, on
PostgreSQL too) to its COMMIT or ROLLBACK. Every call of the renderer records whether the
thread calling it is inside such a transaction then. Nothing here measures time.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select

from tests.helpers import sign_in
from wiki.content.markdown import MAX_MARKUP_CHARACTERS, MAX_WIKI_LINKS
from wiki.database import IMMEDIATE
from wiki.extensions import db
from wiki.models import Page

WORST_TEXTS = {
    "unclosed wiki links": "[[" * 100_000,
    "unclosed links": "[a](" * 100_000,
    "emphasis": "*_" * 100_000,
    "table 1000 x 200": "\n".join(
        ["|" + "|".join(["a"] * 200) + "|", "|" + "|".join(["-"] * 200) + "|"]
        + ["|" + "|".join(["x"] * 200) + "|"] * 1000
    ),
    "images": "![a](" * 100_000,
    "reference brackets": "[a][" * 100_000,
    "lines": "a\n" * 200_000,
    "lone carriage returns": "a\r" * 200_000,
}
# Just under the budget, of the costliest kind found (benchmarks/worst_inputs.py).
HEAVY_BUT_ALLOWED = "[a][" * (MAX_MARKUP_CHARACTERS // 3 - 10)


class LockWatch:
    """Which threads hold a write transaction now, and what each render call saw."""

    def __init__(self, monkeypatch):
        self.holders: set[int] = set()
        self.renders: list[bool] = []  # True: the rendering thread held the lock
        self._guard = threading.Lock()
        self._by_connection: dict[int, int] = {}
        event.listen(db.engine, "begin", self._begin)
        event.listen(db.engine, "commit", self._end)
        event.listen(db.engine, "rollback", self._end)
        from wiki.pages import editing, follow_ups, reading

        for module in (editing, follow_ups, reading):
            monkeypatch.setattr(module, "render_markdown", self._watched(module.render_markdown))

    def _begin(self, connection):
        if connection.get_execution_options().get(IMMEDIATE):
            with self._guard:
                self._by_connection[id(connection)] = threading.get_ident()
                self.holders.add(threading.get_ident())

    def _end(self, connection):
        with self._guard:
            thread = self._by_connection.pop(id(connection), None)
            if thread is not None:
                self.holders.discard(thread)

    def _watched(self, render):
        def watched(*args, **kwargs):
            with self._guard:
                self.renders.append(threading.get_ident() in self.holders)
            return render(*args, **kwargs)

        return watched

    def stop(self):
        event.remove(db.engine, "begin", self._begin)
        event.remove(db.engine, "commit", self._end)
        event.remove(db.engine, "rollback", self._end)


@pytest.fixture
def watch(app, monkeypatch):
    watcher = LockWatch(monkeypatch)
    yield watcher
    watcher.stop()


def sheet_fields():
    return {"context": "Des habitants isolés.", "objectives": "Aller vers eux."}


# --- the lock is not held while rendering ------------------------------------------------


def test_an_api_creation_renders_before_taking_the_lock(
    client, member, token_for, make_page, watch
):
    make_page("Récit qui attend", body="[[Nouvelle page]]")  # re-rendered by the creation
    watch.renders.clear()
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": "Nouvelle page", "body": "Voir [[Récit qui attend]]."},
    )
    assert response.status_code == 201
    assert len(watch.renders) >= 2 and not any(watch.renders)


def test_an_api_edit_with_a_rename_renders_before_taking_the_lock(
    client, member, token_for, make_page, watch
):
    page = make_page("Ancien titre", body="Un texte.")
    make_page("Récit", body="[[Ancien titre]] et [[Nouveau titre]]")
    watch.renders.clear()
    response = client.put(
        f"/api/v1/pages/{page.slug}",
        headers=token_for(member),
        json={"title": "Nouveau titre", "body": "Un texte revu.", "base_revision": 1},
    )
    assert response.status_code == 200
    assert len(watch.renders) >= 2 and not any(watch.renders)


def test_web_writes_render_before_taking_the_lock(client, member, make_page, watch):
    page = make_page("Ancien titre", body="Un texte.")
    make_page("Récit", body="[[Nouveau titre]]")
    sheet = make_page("Fiche", kind="innovation", fields=sheet_fields())
    sign_in(client, member)
    watch.renders.clear()
    assert (
        client.post(
            "/pages/new?kind=practice",
            data={"title": "Une page", "body": "Un texte.", "visibility": "public", "tags": ""},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/pages/{page.slug}/edit",
            data={
                "title": "Nouveau titre",
                "body": "Revu.",
                "visibility": "public",
                "tags": "",
                "base_revision": "1",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(f"/pages/{page.slug}/revert/1", data={"base_revision": "2"}).status_code == 302
    )
    assert (
        client.post(
            f"/pages/{sheet.slug}/follow-ups",
            data={"observed_on": "2024-03-12", "area": "people", "text": "Un effet."},
        ).status_code
        == 302
    )
    assert len(watch.renders) >= 5 and not any(watch.renders)


# --- what a text may cost ----------------------------------------------------------------


@pytest.mark.parametrize("name", list(WORST_TEXTS))
def test_the_api_refuses_a_pathological_text_with_a_clear_400(client, member, token_for, name):
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": "Pire texte", "body": WORST_TEXTS[name]},
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "text_too_complex"
    assert error["details"]["field"] == "body"
    assert db.session.scalar(select(func.count(Page.id))) == 0


def test_the_form_refuses_it_next_to_the_text(client, member):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=practice",
        data={"title": "Pire texte", "body": "[[" * 100_000, "visibility": "public", "tags": ""},
    )
    assert response.status_code == 400
    body_block = response.get_data(as_text=True).split('for="body"', 1)[1].split("<fieldset", 1)[0]
    assert "trop de mise en forme" in body_block


def test_too_many_distinct_wiki_links_are_refused(client, member, token_for):
    body = " ".join(f"[[p{i}]]" for i in range(MAX_WIKI_LINKS + 1))
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": "Trop de liens", "body": body},
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "text_too_complex"


def test_a_text_just_under_the_budget_is_saved(client, member, token_for):
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": "Lourd mais permis", "body": HEAVY_BUT_ALLOWED},
    )
    assert response.status_code == 201


# --- three worst-case saves at once ------------------------------------------------------


@pytest.mark.slow
def test_worst_case_saves_at_once_leave_every_other_request_answered(
    app, member, token_for, make_page, watch
):
    page = make_page("Page modifiée", body="Un texte.")
    headers = token_for(member)
    statuses: dict[str, int] = {}
    errors: list[BaseException] = []

    def call(name, method, url, **kwargs):
        try:
            response = getattr(app.test_client(), method)(url, **kwargs)
            statuses[name] = response.status_code
        except BaseException as error:  # a thread's failure must fail the test
            errors.append(error)

    worst = list(WORST_TEXTS.values())[:3]
    requests = [
        *(
            (
                f"worst {n}",
                "post",
                "/api/v1/pages",
                {
                    "headers": headers,
                    "json": {"kind": "practice", "title": f"Pire {n}", "body": text},
                },
            )
            for n, text in enumerate(worst)
        ),
        *(
            (
                f"heavy {n}",
                "post",
                "/api/v1/pages",
                {
                    "headers": headers,
                    "json": {"kind": "practice", "title": f"Lourd {n}", "body": HEAVY_BUT_ALLOWED},
                },
            )
            for n in range(3)
        ),
        ("home", "get", "/", {}),
        ("recent", "get", "/recent", {}),
        ("read", "get", f"/api/v1/pages/{page.slug}", {}),
        (
            "small save",
            "post",
            "/api/v1/pages",
            {
                "headers": headers,
                "json": {"kind": "practice", "title": "Petite", "body": "Un mot."},
            },
        ),
        (
            "edit",
            "put",
            f"/api/v1/pages/{page.slug}",
            {
                "headers": headers,
                "json": {"title": "Page modifiée", "body": "Revu.", "base_revision": 1},
            },
        ),
    ]
    threads = [
        threading.Thread(target=call, args=(name, method, url), kwargs=kwargs)
        for name, method, url, kwargs in requests
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(statuses) == len(requests)
    assert 500 not in statuses.values()
    assert {statuses[f"worst {n}"] for n in range(3)} == {400}
    assert {statuses[f"heavy {n}"] for n in range(3)} == {201}
    assert (statuses["home"], statuses["recent"], statuses["read"]) == (200, 200, 200)
    assert (statuses["small save"], statuses["edit"]) == (201, 200)
    assert watch.renders and not any(watch.renders)
