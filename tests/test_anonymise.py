"""History that can forget, part two: a moderator anonymises a passage through a page's whole
history. Afterwards no revision holds it (the database, the page, the history, the diffs,
search, the export) and the audit log records who, when, why and how many revisions."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from tests.helpers import sign_in, sign_out, text_of, words_in_the_index_files
from wiki.extensions import db
from wiki.models import AuditEntry, FollowUp, NotificationEvent, Page, PageTitle, Revision

PASSAGE = "Martine Lefèvre"
INITIALS = "M. L."
SLUG = "accueil-au-centre"
REASON = "nom d'une personne accompagnée, signalé par l'autrice"


def index_now(app) -> None:
    from wiki.aftercommit import after_commit
    from wiki.search.indexer import apply_pending

    apply_pending(app)
    after_commit(app).run_marked()


@pytest.fixture
def page(app, member, other_member, moderator, make_page):
    """An innovation sheet whose three versions, one of them masked, and follow-up of
    effects name Martine Lefèvre: in titles, the text, fields and summaries."""
    from wiki.pages.editing import PageDraft, save_revision
    from wiki.pages.follow_ups import add_follow_up
    from wiki.pages.masking import suppress_revision

    created = make_page(
        f"Accueil de {PASSAGE}",
        slug=SLUG,
        kind="innovation",
        body=f"{PASSAGE} vient chaque jeudi.",
        fields={
            "context": f"{PASSAGE} vit seule depuis deux ans.",
            "objectives": "Rompre l'isolement.",
        },
    )
    save_revision(
        db.session,
        created,
        PageDraft(
            kind="innovation",
            title=f"Accueil de {PASSAGE}",
            body=f"{PASSAGE} vient chaque jeudi, et parfois le lundi.",
            fields={"context": f"{PASSAGE} vit seule.", "objectives": "Rompre l'isolement."},
            summary=f"Précisions sur {PASSAGE}",
        ),
        other_member,
        1,
    )
    save_revision(
        db.session,
        created,
        PageDraft(
            kind="innovation",
            title="Accueil au centre social",
            body=f"{PASSAGE} vient chaque jeudi ; **{PASSAGE}** aide à la cuisine.",
            fields={
                "context": "Une habitante vit seule.",
                "objectives": "Rompre l'isolement.",
                "contact": f"via {PASSAGE}",
            },
            summary="Titre plus neutre",
        ),
        member,
        2,
    )
    add_follow_up(
        db.session,
        created,
        author=member,
        observed_on=date(2026, 3, 2),
        area="people",
        text=f"{PASSAGE} revient le mardi aussi.",
    )
    db.session.flush()
    suppress_revision(db.session, created, 2, moderator, f"trop de détails sur {PASSAGE}")
    db.session.commit()
    index_now(app)
    return created


@pytest.fixture
def anonymised(app, page, client, moderator):
    sign_in(client, moderator)
    response = client.post(
        f"/pages/{SLUG}/anonymise", data={"find": PASSAGE, "replace": INITIALS, "reason": REASON}
    )
    assert response.status_code == 302, text_of(response)[:2000]
    index_now(app)
    db.session.expire_all()
    return response


def test_no_revision_holds_the_passage_in_the_database(anonymised):
    revisions = db.session.scalars(select(Revision)).all()
    assert len(revisions) == 3
    for revision in revisions:
        stored = json.dumps(
            [
                revision.title,
                revision.body,
                revision.html,
                revision.summary,
                revision.fields,
                revision.masked_reason,
            ],
            ensure_ascii=False,
        )
        assert PASSAGE not in stored
    assert INITIALS in revisions[2].body and "<strong>M. L.</strong>" in revisions[2].html
    assert revisions[0].title == "Accueil de M. L."
    assert revisions[1].masked  # a masked revision stays masked, anonymised too
    page = db.session.scalar(select(Page))
    assert page.title == "Accueil au centre social"
    for follow_up in db.session.scalars(select(FollowUp)):
        assert PASSAGE not in follow_up.text + follow_up.html
    keys = set(db.session.scalars(select(PageTitle.title_key)))
    assert not any("lefevre" in key for key in keys)
    assert "accueil de m. l." in keys  # the former title, as now spelt
    for event in db.session.scalars(select(NotificationEvent)):
        assert PASSAGE not in json.dumps(event.data, ensure_ascii=False)


def test_the_audit_log_records_who_when_why_and_how_many(anonymised, moderator):
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "page.anonymise"))
    assert entry.actor_id == moderator.id and entry.actor_name == "Modération"
    assert entry.target == f"page:{SLUG}" and entry.reason == REASON
    assert entry.created_at is not None
    assert entry.details == {"page": SLUG, "revisions": 3, "follow_ups": 1, "replacement": INITIALS}
    assert PASSAGE not in json.dumps(entry.details, ensure_ascii=False)  # never the passage


def test_the_moderator_is_told_what_changed(anonymised, client):
    html = text_of(client.get(anonymised.headers["Location"]))
    assert "Passage remplacé dans 3 versions. Et dans 1 observation du suivi des effets." in html


def test_the_page(anonymised, client):
    for _reader in ("moderator", "anonymous"):
        html = text_of(client.get(f"/pages/{SLUG}"))
        assert PASSAGE not in html
        assert f"{INITIALS} revient le mardi" in html  # the follow-up of effects
        sign_out(client)


def test_the_history_and_every_revision_as_a_moderator_reads_them(anonymised, client):
    assert PASSAGE not in text_of(client.get(f"/pages/{SLUG}/history"))
    for number in (1, 2, 3):
        response = client.get(f"/pages/{SLUG}/revisions/{number}")
        assert response.status_code == 200
        assert PASSAGE not in text_of(response)


def test_the_diffs(anonymised, client):
    for old, new in ((1, 2), (2, 3), (1, 3)):
        response = client.get(f"/pages/{SLUG}/diff?from={old}&to={new}")
        assert response.status_code == 200
        assert PASSAGE not in text_of(response)


def test_search(anonymised, client):
    for words in ("Lefèvre", "Martine", f'"{PASSAGE}"'):
        answer = client.get("/api/v1/search", query_string={"q": words}).get_json()
        assert answer["total"] == 0, words
    found = client.get("/api/v1/search", query_string={"q": "cuisine"}).get_json()
    assert [r["slug"] for r in found["results"]] == [SLUG]
    assert PASSAGE not in json.dumps(found, ensure_ascii=False)  # its snippet


def test_the_export(anonymised, app, tmp_path):
    target = tmp_path / "pages.jsonl"
    assert app.test_cli_runner().invoke(args=["export", str(target)]).exit_code == 0
    exported = target.read_text(encoding="utf-8")
    assert SLUG in exported and PASSAGE not in exported


def test_the_api_history_and_revisions(anonymised, client, token_for, moderator):
    headers = token_for(moderator)
    assert PASSAGE not in client.get(f"/api/v1/pages/{SLUG}/revisions", headers=headers).get_data(
        as_text=True
    )
    for number in (1, 2, 3):
        one = client.get(f"/api/v1/pages/{SLUG}/revisions/{number}", headers=headers)
        assert one.status_code == 200 and PASSAGE not in one.get_data(as_text=True)


def test_recent_changes_the_feed_and_the_writers_export(anonymised, client, member):
    for address in ("/recent", "/feeds/recent.atom", f"/api/v1/pages/{SLUG}"):
        response = client.get(address)
        assert response.status_code == 200
        assert "Accueil au centre social" in text_of(response), address
        assert PASSAGE not in text_of(response), address
    sign_in(client, member)
    export = client.get("/account/export")
    assert export.status_code == 200 and SLUG in text_of(export)
    assert PASSAGE not in text_of(export)


def test_a_mail_still_waiting_leaves_with_the_replacement(
    app, client, member, other_member, moderator, make_page
):
    """The mail telling a follower of an edit named the page by a title holding the passage;
    the mail server being down, it still waits when the moderator anonymises: it leaves
    with the replacement."""
    from wiki.models import OutgoingMail
    from wiki.notifications.following import follow
    from wiki.notifications.kinds import KINDS
    from wiki.notifications.settings import save_settings
    from wiki.pages.editing import PageDraft, save_revision

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_SECURITY="none")  # refused
    save_settings(db.session, other_member, dict.fromkeys(KINDS, "mail"), "daily")
    created = make_page(f"Accueil de {PASSAGE}", slug=SLUG, body="Le jeudi.")
    follow(db.session, other_member, "page", SLUG)
    db.session.commit()
    save_revision(
        db.session,
        created,
        PageDraft(kind="practice", title=f"Accueil de {PASSAGE}", body="Le jeudi, le lundi."),
        member,
        1,
    )
    db.session.commit()
    index_now(app)

    def waiting() -> list:
        db.session.expire_all()
        return db.session.scalars(select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))).all()

    assert any(PASSAGE in mail.subject + mail.text + mail.html for mail in waiting())
    sign_in(client, moderator)
    response = client.post(
        f"/pages/{SLUG}/anonymise", data={"find": PASSAGE, "replace": INITIALS, "reason": REASON}
    )
    assert response.status_code == 302
    mails = waiting()
    assert mails
    for mail in mails:
        assert PASSAGE not in mail.subject + mail.text + mail.html
        assert f"Accueil de {INITIALS}" in mail.subject


# --- who, and what is refused --------------------------------------------------------------


def test_only_moderators_find_the_form(page, client, member, moderator):
    sign_in(client, member)
    assert "Anonymiser dans tout l'historique" not in text_of(client.get(f"/pages/{SLUG}"))
    assert client.get(f"/pages/{SLUG}/anonymise").status_code == 403
    response = client.post(
        f"/pages/{SLUG}/anonymise", data={"find": PASSAGE, "replace": INITIALS, "reason": REASON}
    )
    assert response.status_code == 403
    assert PASSAGE in db.session.scalar(select(Page)).current.body
    sign_in(client, moderator)
    assert "Anonymiser dans tout l'historique" in text_of(client.get(f"/pages/{SLUG}"))
    assert 'name="find"' in text_of(client.get(f"/pages/{SLUG}/anonymise"))


def test_a_passage_found_nowhere_is_said_so(page, client, moderator):
    sign_in(client, moderator)
    response = client.post(
        f"/pages/{SLUG}/anonymise",
        data={"find": "Jean Valjean", "replace": "J. V.", "reason": REASON},
    )
    assert response.status_code == 400
    assert "ne figure dans aucune version" in text_of(response)
    assert (
        db.session.scalar(select(AuditEntry).where(AuditEntry.action == "page.anonymise")) is None
    )


def test_a_replacement_that_still_holds_the_passage_is_refused(page, client, moderator):
    sign_in(client, moderator)
    response = client.post(
        f"/pages/{SLUG}/anonymise",
        data={"find": PASSAGE, "replace": f"Mme {PASSAGE}", "reason": REASON},
    )
    assert response.status_code == 400
    assert "contient encore le passage" in text_of(response)


def test_a_reason_is_required(page, client, moderator):
    sign_in(client, moderator)
    response = client.post(
        f"/pages/{SLUG}/anonymise", data={"find": PASSAGE, "replace": INITIALS, "reason": ""}
    )
    assert response.status_code == 400
    assert PASSAGE in db.session.scalar(select(Page)).current.body


def test_a_slug_that_spells_the_passage_is_pointed_out(app, client, moderator, make_page):
    make_page(f"Visite à {PASSAGE}", body=f"{PASSAGE} ouvre la porte.")
    sign_in(client, moderator)
    response = client.post(
        "/pages/visite-a-martine-lefevre/anonymise",
        data={"find": PASSAGE, "replace": INITIALS, "reason": REASON},
        follow_redirects=True,
    )
    assert "L&#39;adresse de la page contient encore ce passage" in text_of(response)


# --- the command line and the API ----------------------------------------------------------


def test_the_command_line(page, app):
    result = app.test_cli_runner().invoke(
        args=[
            "page",
            "anonymise",
            SLUG,
            "--find",
            PASSAGE,
            "--replace",
            INITIALS,
            "--reason",
            REASON,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "3 versions" in result.output
    db.session.expire_all()
    assert all(PASSAGE not in r.body for r in db.session.scalars(select(Revision)))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "page.anonymise"))
    assert entry.actor_name == "ligne de commande" and entry.details["revisions"] == 3


def test_the_command_line_says_what_is_wrong_in_one_line(page, app):
    result = app.test_cli_runner().invoke(
        args=["page", "anonymise", "nulle-part", "--find", PASSAGE, "--reason", REASON]
    )
    assert result.exit_code == 1
    assert "Aucune page « nulle-part »" in result.output
    assert "Traceback" not in result.output


def test_the_api(page, client, token_for, moderator, member):
    refused = client.post(
        f"/api/v1/pages/{SLUG}/anonymise",
        headers=token_for(member),
        json={"find": PASSAGE, "replace": INITIALS, "reason": REASON},
    )
    assert refused.status_code == 403
    done = client.post(
        f"/api/v1/pages/{SLUG}/anonymise",
        headers=token_for(moderator),
        json={"find": PASSAGE, "replace": INITIALS, "reason": REASON},
    )
    assert done.status_code == 200
    assert done.get_json() == {
        "slug": SLUG,
        "revisions": 3,
        "follow_ups": 1,
        "slug_holds_passage": False,
    }


def test_the_passage_leaves_the_index_files_too(app, page, anonymised):
    words = words_in_the_index_files(app)
    assert not any("lefevr" in word or "lefèvr" in word for word in words)
    assert any(word.startswith("isol") for word in words)  # the rest of the page is indexed
