"""/moderation/thesaurus: moderators list, add, edit and delete synonyms and acronyms."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import AuditEntry, ThesaurusEntry, ThesaurusState
from wiki.search.thesaurus import current_thesaurus


def _acronym(code: str) -> ThesaurusEntry | None:
    return db.session.scalar(select(ThesaurusEntry).where(ThesaurusEntry.acronym == code))


def test_the_page_lists_the_seeded_thesaurus(client, moderator):
    sign_in(client, moderator)
    page = text_of(client.get("/moderation/thesaurus"))
    assert "revenu de solidarité active" in page and "hors les murs" in page
    assert "Thésaurus de la recherche" in text_of(client.get("/moderation"))


def test_members_and_visitors_may_not_open_it(client, member):
    assert client.get("/moderation/thesaurus").status_code in (302, 401, 403)
    sign_in(client, member)
    assert client.get("/moderation/thesaurus").status_code == 403
    assert (
        client.post(
            "/moderation/thesaurus/acronym",
            data={"acronym-acronym": "ZZZ", "acronym-terms": "zèbre"},
        ).status_code
        == 403
    )
    assert _acronym("ZZZ") is None


def test_a_moderator_adds_an_acronym_with_its_audit_entry(client, moderator):
    sign_in(client, moderator)
    version = db.session.get(ThesaurusState, 1).version
    response = client.post(
        "/moderation/thesaurus/acronym",
        data={
            "acronym-acronym": "CLAS",
            "acronym-terms": "contrat local d'accompagnement à la scolarité",
        },
    )
    assert response.status_code == 303
    entry = _acronym("CLAS")
    assert entry.terms == ["contrat local d'accompagnement à la scolarité"]
    db.session.expire_all()
    assert db.session.get(ThesaurusState, 1).version == version + 1
    (audit,) = db.session.scalars(
        select(AuditEntry).where(AuditEntry.target == f"thesaurus:{entry.id}")
    )
    assert (audit.action, audit.actor_id) == ("thesaurus.add", moderator.id)
    assert (
        "contrat local d"
        in current_thesaurus().alternatives[("clas",)][("contrat", "local", "accompagn", "scolar")]
    )


def test_a_moderator_edits_then_deletes_a_group(client, moderator):
    sign_in(client, moderator)
    client.post("/moderation/thesaurus/synonyms", data={"synonyms-terms": "zèbre\nonagre"})
    (entry,) = [e for e in db.session.scalars(select(ThesaurusEntry)) if "zèbre" in e.terms]
    page = text_of(client.get(f"/moderation/thesaurus/entries/{entry.id}/edit"))
    assert "onagre" in page
    response = client.post(
        f"/moderation/thesaurus/entries/{entry.id}/edit",
        data={"synonyms-terms": "zèbre\nonagre\nâne sauvage"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(ThesaurusEntry, entry.id).terms == ["zèbre", "onagre", "âne sauvage"]
    assert client.post(f"/moderation/thesaurus/entries/{entry.id}/delete").status_code == 303
    db.session.expire_all()
    assert db.session.get(ThesaurusEntry, entry.id) is None
    actions = sorted(
        db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.target == f"thesaurus:{entry.id}")
        )
    )
    assert actions == ["thesaurus.add", "thesaurus.delete", "thesaurus.edit"]


def test_bad_entries_are_a_clear_400(client, moderator):
    sign_in(client, moderator)
    one_term = client.post("/moderation/thesaurus/synonyms", data={"synonyms-terms": "zèbre"})
    assert one_term.status_code == 400
    assert "au moins deux termes" in text_of(one_term)
    bad = client.post(
        "/moderation/thesaurus/acronym",
        data={"acronym-acronym": "r.s.a", "acronym-terms": "revenu"},
    )
    assert bad.status_code == 400
    stop_words = client.post(
        "/moderation/thesaurus/synonyms", data={"synonyms-terms": "le la\nzèbre"}
    )
    assert stop_words.status_code == 400
    assert client.post("/moderation/thesaurus/other", data={}).status_code == 400
    assert client.post("/moderation/thesaurus/entries/999999/delete").status_code == 404


def test_an_acronym_already_there_is_refused(client, moderator):
    sign_in(client, moderator)
    response = client.post(
        "/moderation/thesaurus/acronym",
        data={"acronym-acronym": "rsA", "acronym-terms": "autre chose"},
    )
    assert response.status_code == 400
    assert "déjà dans le thésaurus" in text_of(response)
    assert _acronym("RSA").terms == ["revenu de solidarité active"]


def test_forms_need_their_csrf_token(app, moderator):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    sign_in(client, moderator)
    entry = _acronym("RSA")
    assert client.post(f"/moderation/thesaurus/entries/{entry.id}/delete").status_code == 400
    assert _acronym("RSA") is not None
    page = text_of(client.get("/moderation/thesaurus"))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        f"/moderation/thesaurus/entries/{entry.id}/delete", data={"csrf_token": token}
    )
    assert response.status_code == 303
    assert _acronym("RSA") is None


ANOTHER_PROCESS = """
from wiki import create_app
from wiki.extensions import db
from wiki.thesaurus.entries import save_entry

with create_app().app_context():
    save_entry(db.session, None, "synonyms", ["onagre", "tournée vespérale"])
    db.session.commit()
"""


@pytest.mark.slow  # another Python process starts the app
def test_a_change_made_by_another_process_is_searched_at_once(app, make_page):
    import os
    import subprocess
    import sys

    from wiki.search.queries import search

    make_page("Notre tournée vespérale", body="Le jeudi soir, dans le quartier de la gare.")
    assert search(None, "onagre").total == 0  # this process has compiled its thesaurus
    done = subprocess.run(
        [sys.executable, "-c", ANOTHER_PROCESS],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "WIKI_INSTANCE_PATH": app.instance_path,
            "WIKI_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        },
    )
    assert done.returncode == 0, done.stderr
    db.session.commit()  # a new request: a new transaction
    assert [hit.slug for hit in search(None, "onagre").results] == ["notre-tournee-vesperale"]


def test_init_seeds_the_project_lists_once_and_keeps_the_moderators_changes(
    tmp_path, empty_database
):
    from tests.conftest import new_instance_app
    from wiki.search.thesaurus import base_entries
    from wiki.setup import initialise
    from wiki.thesaurus.entries import delete_entry

    app = new_instance_app(tmp_path / "fresh", empty_database())
    with app.app_context():
        initialise(app)
        assert len(db.session.scalars(select(ThesaurusEntry)).all()) == len(base_entries())
        delete_entry(db.session, None, _acronym("RSA").id)
        db.session.commit()
        initialise(app)  # `wiki init` again: the file does not come back over the database
        assert _acronym("RSA") is None
        assert len(db.session.scalars(select(ThesaurusEntry)).all()) == len(base_entries()) - 1
        db.session.remove()
        db.engine.dispose()
