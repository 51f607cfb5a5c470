"""History that can forget, part one: a masked revision.

Its author, or a moderator, masks a revision that said too much about someone; from then on
its title, text, fields and summary are found nowhere by anyone but the moderators. Each
place a reader could find them is tested: the page, the history, diffs, the revision's URL,
search (web and API), the API's history and revision, recent changes and the feed, the
export and the personal data export, the links by its former title, the notifications.
"""

from __future__ import annotations

import io
import json
import logging

import pytest
from sqlalchemy import select

from tests.helpers import sign_in, sign_out, text_of, words_in_the_index_files
from wiki.extensions import db
from wiki.models import AuditEntry, NotificationEvent, Page, PageTitle, Revision

WORD = "Zorbalinde"  # the name the first version gave: in no other text of the wiki
SLUG = "visite-a-domicile"
REASON = "nom d'une personne accompagnée"


def index_now(app) -> None:
    from wiki.aftercommit import after_commit
    from wiki.search.indexer import apply_pending

    apply_pending(app)
    after_commit(app).run_marked()


@pytest.fixture
def page(app, member, other_member, make_page):
    """Version 1 tells a visit; version 2, by the same member, names Madame Zorbalinde (in
    the title, the text, a field and the summary); version 3 takes her name out again.
    The other member follows the page (and hears of each version); all bear a tag."""
    from wiki.notifications.following import follow
    from wiki.pages.editing import PageDraft, save_revision

    created = make_page(
        "Une visite à domicile",
        slug=SLUG,
        body="Une habitante nous ouvre sa porte, un mardi de pluie.",
        fields={"territory": "Tours"},
        tags=["aller-vers"],
    )
    follow(db.session, other_member, "page", SLUG)
    db.session.commit()
    save_revision(
        db.session,
        created,
        PageDraft(
            kind="practice",
            title=f"Visite chez Madame {WORD}",
            body=f"Madame {WORD} nous ouvre sa porte, un mardi de pluie.",
            fields={"territory": f"Quartier {WORD}"},
            summary=f"Le nom de Madame {WORD}",
            tags=["aller-vers"],
        ),
        member,
        1,
    )
    save_revision(
        db.session,
        created,
        PageDraft(
            kind="practice",
            title="Une visite à domicile",
            body="Une habitante nous ouvre sa porte, un mardi de pluie, avec un sourire.",
            fields={"territory": "Tours"},
            summary="Anonymisé",
            tags=["aller-vers"],
        ),
        member,
        2,
    )
    db.session.commit()
    index_now(app)
    summaries = [e.data.get("summary") for e in db.session.scalars(select(NotificationEvent))]
    assert f"Le nom de Madame {WORD}" in summaries  # the notifications' record holds it
    return created


@pytest.fixture
def masked(app, page, member):
    """The author masks version 1 through the API, as CONTRACT says."""
    from wiki.auth.accounts import create_token

    token = create_token(db.session, member, "tests")
    db.session.commit()
    response = app.test_client().post(
        f"/api/v1/pages/{SLUG}/revisions/2/suppress",
        headers={"Authorization": f"Bearer {token}"},
        json={"reason": REASON},
    )
    assert response.status_code == 200, response.get_json()
    index_now(app)
    return page


@pytest.fixture(params=["anonymous", "author", "other member"])
def reader(request, client, member, other_member):
    """Everyone who is not a moderator, the revision's own author included."""
    if request.param == "author":
        sign_in(client, member)
    elif request.param == "other member":
        sign_in(client, other_member)
    else:
        sign_out(client)
    return request.param


def assert_absent(response) -> None:
    assert WORD not in text_of(response)


# --- masking: who, what the answer is, what is recorded ----------------------------------


def test_the_answer_is_the_history_entry_masked(masked, client, token_for, member):
    entry = client.get(f"/api/v1/pages/{SLUG}/revisions", headers=token_for(member)).get_json()[
        "revisions"
    ][1]
    assert entry == {
        "revision": 2,
        "title": None,
        "summary": None,
        "masked": True,
        "masked_reason": REASON,
        "author": entry["author"],
        "created_at": entry["created_at"],
        "minor": False,
    }
    assert entry["author"]["display_name"] == "Claire Martin"  # who wrote it stays


def test_the_audit_log_records_the_masking(masked, member):
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "revision.suppress"))
    assert entry.target == f"revision:{SLUG}/2"
    assert entry.actor_id == member.id and entry.reason == REASON
    assert entry.details == {"page": SLUG, "revision": 2}


def test_a_moderator_may_mask_a_revision_they_did_not_write(page, client, token_for, moderator):
    response = client.post(
        f"/api/v1/pages/{SLUG}/revisions/2/suppress",
        headers=token_for(moderator),
        json={"reason": REASON},
    )
    assert response.status_code == 200
    assert response.get_json()["title"] == f"Visite chez Madame {WORD}"  # they still read it
    assert response.get_json()["masked"] is True


def test_another_member_may_not_mask_it(page, client, token_for, other_member):
    response = client.post(
        f"/api/v1/pages/{SLUG}/revisions/2/suppress",
        headers=token_for(other_member),
        json={"reason": REASON},
    )
    assert response.status_code == 403
    assert "auteur" in response.get_json()["error"]["message"]
    assert db.session.scalar(select(Revision.masked_at).where(Revision.number == 2)) is None


def test_an_anonymous_caller_is_asked_to_sign_in(page, client):
    response = client.post(f"/api/v1/pages/{SLUG}/revisions/2/suppress", json={"reason": REASON})
    assert response.status_code == 401


def test_the_current_revision_is_not_masked_edit_first(page, client, token_for, member):
    response = client.post(
        f"/api/v1/pages/{SLUG}/revisions/3/suppress",
        headers=token_for(member),
        json={"reason": REASON},
    )
    assert response.status_code == 409
    assert "modifiez d'abord la page" in response.get_json()["error"]["message"]


def test_a_reason_is_required(page, client, token_for, member):
    response = client.post(
        f"/api/v1/pages/{SLUG}/revisions/2/suppress",
        headers=token_for(member),
        json={"reason": "  "},
    )
    assert response.status_code == 400
    assert "motif" in response.get_json()["error"]["message"]


def test_masking_twice_is_a_conflict(masked, client, token_for, moderator):
    response = client.post(
        f"/api/v1/pages/{SLUG}/revisions/2/suppress",
        headers=token_for(moderator),
        json={"reason": REASON},
    )
    assert response.status_code == 409


def test_a_page_the_caller_may_not_see_answers_404(
    app, client, token_for, member, other_member, make_page, group
):
    hidden = make_page("Séance de l'atelier", body="Texte.", visibility="group:atelier-praxis")
    response = client.post(
        f"/api/v1/pages/{hidden.slug}/revisions/1/suppress",
        headers=token_for(other_member),
        json={"reason": REASON},
    )
    assert response.status_code == 404


def test_a_masked_revision_cannot_be_restored(masked, client, moderator):
    sign_in(client, moderator)
    response = client.post(f"/pages/{SLUG}/revert/2", data={"base_revision": "3"})
    assert response.status_code == 409
    assert WORD not in db.session.scalar(select(Page)).current.body


# --- through the web: the button, the reason form ----------------------------------------


def test_the_author_finds_the_button_on_the_revision_and_masks_it(page, client, member):
    sign_in(client, member)
    html = text_of(client.get(f"/pages/{SLUG}/revisions/2"))
    assert "Masquer cette version" in html
    form = text_of(client.get(f"/pages/{SLUG}/revisions/2/suppress"))
    assert 'name="reason"' in form and "motif" in form
    response = client.post(f"/pages/{SLUG}/revisions/2/suppress", data={"reason": REASON})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/pages/{SLUG}/history")
    assert db.session.scalar(select(Revision.masked_reason).where(Revision.number == 2)) == REASON


def test_another_member_has_no_button_and_is_refused(page, client, other_member):
    sign_in(client, other_member)
    assert "Masquer cette version" not in text_of(client.get(f"/pages/{SLUG}/revisions/2"))
    assert client.get(f"/pages/{SLUG}/revisions/2/suppress").status_code == 403
    assert (
        client.post(f"/pages/{SLUG}/revisions/2/suppress", data={"reason": REASON}).status_code
        == 403
    )


def test_the_web_form_says_to_edit_first_for_the_current_revision(page, client, member):
    sign_in(client, member)
    html = text_of(client.get(f"/pages/{SLUG}/revisions/3/suppress"))
    assert "modifiez d'abord la page" in html and 'name="reason"' not in html


def test_the_form_without_a_reason_is_refused(page, client, member):
    sign_in(client, member)
    response = client.post(f"/pages/{SLUG}/revisions/2/suppress", data={"reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif." in text_of(response)


def test_the_form_needs_its_csrf_token(app, page, client, member):
    app.config["WTF_CSRF_ENABLED"] = True
    sign_in(client, member)
    response = client.post(f"/pages/{SLUG}/revisions/2/suppress", data={"reason": REASON})
    assert response.status_code == 400
    assert db.session.scalar(select(Revision.masked_at).where(Revision.number == 2)) is None


# --- found nowhere but by moderators: one place a test ------------------------------------


def test_the_page(masked, client, reader):
    response = client.get(f"/pages/{SLUG}")
    assert response.status_code == 200
    assert_absent(response)


def test_the_history_keeps_a_line_version_masquee(masked, client, reader):
    html = text_of(client.get(f"/pages/{SLUG}/history"))
    assert WORD not in html
    assert f"version masquée ({REASON})" in html.replace("&#39;", "'")
    assert f"/pages/{SLUG}/revisions/2" not in html  # no link to it
    assert 'name="from" value="2"' not in html  # not offered for comparison
    assert 'name="from" value="1"' in html


def test_diffs(masked, client, reader):
    assert client.get(f"/pages/{SLUG}/diff?from=2&to=3").status_code == 404
    assert client.get(f"/pages/{SLUG}/diff?from=1&to=2").status_code == 404
    default = client.get(f"/pages/{SLUG}/diff")  # from the previous version they may read
    assert default.status_code == 200
    assert_absent(default)
    assert "sourire" in text_of(default)  # version 1 to version 3
    between = client.get(f"/pages/{SLUG}/diff?from=1&to=3")  # across it: the text of neither
    assert between.status_code == 200
    assert_absent(between)


def test_the_revision_url(masked, client, reader):
    response = client.get(f"/pages/{SLUG}/revisions/2")
    assert response.status_code == 404
    assert_absent(response)
    assert text_of(response).count("existe pas") >= 1  # as for a version that does not exist


def test_search_on_the_web(masked, client, reader):
    assert "Une visite à domicile" in text_of(client.get("/search?q=habitante"))  # indexed
    html = text_of(client.get(f"/search?q={WORD}"))
    assert f"/pages/{SLUG}" not in html
    assert "Aucun résultat" in html


def test_search_through_the_api(masked, client, token_for, member, other_member, reader):
    headers = {"author": token_for(member), "other member": token_for(other_member)}.get(reader, {})
    answer = client.get(f"/api/v1/search?q={WORD}", headers=headers).get_json()
    assert answer["total"] == 0 and answer["results"] == []
    assert answer["suggestion"] is None or WORD.lower() not in answer["suggestion"].lower()
    related = client.get("/api/v1/search?q=porte", headers=headers).get_json()
    assert WORD not in json.dumps(related, ensure_ascii=False)  # snippets, titles


def test_the_api_history_and_the_revision(masked, client, token_for, member, other_member, reader):
    headers = {"author": token_for(member), "other member": token_for(other_member)}.get(reader, {})
    history = client.get(f"/api/v1/pages/{SLUG}/revisions", headers=headers)
    assert WORD not in history.get_data(as_text=True)
    assert [r["masked"] for r in history.get_json()["revisions"]] == [False, True, False]
    one = client.get(f"/api/v1/pages/{SLUG}/revisions/2", headers=headers)
    assert one.status_code == 404
    assert WORD not in one.get_data(as_text=True)
    page = client.get(f"/api/v1/pages/{SLUG}", headers=headers)
    assert WORD not in page.get_data(as_text=True)
    assert (
        client.get(f"/api/v1/pages/{SLUG}/revisions/1", headers=headers)
        .get_json()["body"]
        .startswith("Une habitante")
    )


def test_recent_changes_and_the_feed(masked, client, reader):
    recent = text_of(client.get("/recent"))
    assert WORD not in recent
    assert "version masquée" in recent
    assert "diff?from=2&amp;to=3" not in recent  # a diff that would answer 404
    assert f"/pages/{SLUG}/diff?to=3" in recent
    feed = client.get("/feeds/recent.atom")
    assert feed.status_code == 200
    assert WORD not in text_of(feed)
    assert "version masquée" in text_of(feed)


def test_the_export(masked, app, tmp_path):
    target = tmp_path / "pages.jsonl"
    result = app.test_cli_runner().invoke(args=["export", str(target)])
    assert result.exit_code == 0, result.output
    exported = target.read_text(encoding="utf-8")
    assert "Une visite à domicile" in exported
    assert WORD not in exported


def test_the_authors_own_data_export(masked, client, token_for, member):
    data = client.get("/api/v1/me/export", headers=token_for(member))
    assert data.status_code == 200
    assert WORD not in data.get_data(as_text=True)
    first = next(r for r in data.get_json()["revisions"] if r["revision"] == 2)
    assert first["masked"] is True and first["masked_reason"] == REASON


def test_its_former_title_no_longer_leads_to_the_page(
    app, page, member, make_page, client, token_for
):
    """Only the masked version bore the title « Visite chez Madame Zorbalinde »."""
    linking = make_page("Une autre visite", body=f"Voir [[Visite chez Madame {WORD}]].")
    assert f'href="/pages/{SLUG}"' in linking.current.html  # by its former title
    response = client.post(
        f"/api/v1/pages/{SLUG}/revisions/2/suppress",
        headers=token_for(member),
        json={"reason": REASON},
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(PageTitle, (page.id, f"visite chez madame {WORD.lower()}")) is None
    linking = db.session.get(Page, linking.id)
    assert f'href="/pages/{SLUG}"' not in linking.current.html
    html = text_of(client.get(f"/pages/{SLUG}"))
    backlinks = html[html.index("Pages qui pointent ici") :]
    assert "Une autre visite" not in backlinks[: backlinks.index("</section>")]


def test_the_notifications_record_forgets_its_summary(masked):
    for event in db.session.scalars(select(NotificationEvent)):
        assert WORD not in json.dumps(event.data, ensure_ascii=False)


def test_the_revert_form_of_the_masked_version(masked, client, reader):
    """« Rétablir » shows what would come back: for a masked version, nothing (404)."""
    if reader == "anonymous":
        return  # asked to sign in first
    response = client.get(f"/pages/{SLUG}/revert/2")
    assert response.status_code == 404
    assert_absent(response)
    assert client.get(f"/pages/{SLUG}/revert/1").status_code == 200  # a readable one


def test_a_diff_to_the_masked_version(masked, client, reader):
    for address in (f"/pages/{SLUG}/diff?to=2", f"/pages/{SLUG}/diff?from=2"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert_absent(response)


def test_the_pdf(masked, client, reader):
    pypdf = pytest.importorskip("pypdf")
    response = client.get(f"/pages/{SLUG}.pdf")
    if response.status_code == 503:
        pytest.skip("no Pango to draw PDFs")  # test_pdf says what to install
    assert response.status_code == 200
    reader_ = pypdf.PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader_.pages)
    assert "habitante" in text and WORD not in text


def test_the_tag_feed(masked, client, reader):
    feed = client.get("/feeds/tags/aller-vers.atom")
    assert feed.status_code == 200
    assert "Une visite à domicile" in text_of(feed)
    assert_absent(feed)


def test_related_pages_of_another_page(masked, client, reader, make_page, moderator):
    """« Pages proches » on a page speaking of the same visit names the page by its title
    of today, to everyone, moderators included."""
    other = make_page("Une porte ouverte", body="Une habitante ouvre sa porte, un jour de pluie.")
    html = text_of(client.get(f"/pages/{other.slug}"))
    related = html[html.index("Pages proches") :]
    assert "Une visite à domicile" in related[: related.index("</aside>")]
    assert WORD not in html
    sign_in(client, moderator)
    assert WORD not in text_of(client.get(f"/pages/{other.slug}"))


def test_the_followers_notifications_web_api_and_feed(masked, client, token_for, other_member):
    """Karim followed the page while version 2 was current: his notifications of it (the
    centre, the API, his personal Atom feed) name the page of today."""
    from wiki.feeds.tokens import issue_feed_token

    token = issue_feed_token(db.session, other_member)
    db.session.commit()
    sign_in(client, other_member)
    centre = client.get("/notifications")
    api = client.get("/api/v1/notifications", headers=token_for(other_member))
    sign_out(client)
    feed = client.get(f"/feeds/notifications.atom?token={token}")
    for response in (centre, api, feed):
        assert response.status_code == 200
        assert "Une visite à domicile" in text_of(response)  # he was told of the edits
        assert_absent(response)
    assert len(api.get_json()["results"]) == 2


def test_the_authors_data_export_on_the_web(masked, client, member):
    sign_in(client, member)
    data = client.get("/account/export")
    assert data.status_code == 200 and "Une visite à domicile" in text_of(data)
    assert_absent(data)


def test_not_even_moderators_find_it_by_search(masked, client, token_for, moderator):
    answer = client.get(f"/api/v1/search?q={WORD}", headers=token_for(moderator)).get_json()
    assert answer["total"] == 0
    sign_in(client, moderator)
    assert "Aucun résultat" in text_of(client.get(f"/search?q={WORD}"))


def test_a_mail_still_waiting_leaves_without_the_masked_title(
    app, member, other_member, make_page, client, token_for
):
    """The mail telling Karim of version 2 bore its title; the mail server being down, it
    was still waiting when the author masked the version: it leaves with today's title."""
    from wiki.models import OutgoingMail
    from wiki.notifications.following import follow
    from wiki.notifications.kinds import KINDS
    from wiki.notifications.settings import save_settings
    from wiki.pages.editing import PageDraft, save_revision

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_SECURITY="none")  # refused
    save_settings(db.session, other_member, dict.fromkeys(KINDS, "mail"), "daily")
    created = make_page("Une visite à domicile", slug=SLUG, body="Une habitante.")
    follow(db.session, other_member, "page", SLUG)
    db.session.commit()
    for number, title in ((1, f"Visite chez Madame {WORD}"), (2, "Une visite à domicile")):
        save_revision(
            db.session,
            created,
            PageDraft(kind="practice", title=title, body="Texte."),
            member,
            number,
        )
        db.session.commit()
        index_now(app)
    waiting = db.session.scalars(select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))).all()
    assert any(WORD in mail.subject + mail.text + mail.html for mail in waiting)  # the risk

    response = client.post(
        f"/api/v1/pages/{SLUG}/revisions/2/suppress",
        headers=token_for(member),
        json={"reason": REASON},
    )
    assert response.status_code == 200
    db.session.expire_all()
    waiting = db.session.scalars(select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))).all()
    assert len(waiting) == 2
    for mail in waiting:
        assert WORD not in mail.subject + mail.text + mail.html
        assert "Une visite à domicile" in mail.subject


# --- the moderators still read it ----------------------------------------------------------


def test_moderators_read_the_masked_revision_everywhere_it_is_listed(
    masked, client, moderator, token_for
):
    sign_in(client, moderator)
    revision = text_of(client.get(f"/pages/{SLUG}/revisions/2"))
    assert WORD in revision and "Version masquée" in revision
    assert "Rétablir cette version" not in revision
    assert WORD in text_of(client.get(f"/pages/{SLUG}/diff?from=2&to=3"))
    history = text_of(client.get(f"/pages/{SLUG}/history"))
    assert WORD in history and "masquée" in history  # its summary, marked masked
    one = client.get(f"/api/v1/pages/{SLUG}/revisions/2", headers=token_for(moderator))
    assert one.status_code == 200 and WORD in one.get_json()["body"]


def _replaced_and_masked(app, client, token_for, member, make_page, word: str) -> tuple:
    """A page whose first version named `word`, replaced then masked; the index's words
    before and after the masking."""
    from wiki.pages.editing import PageDraft, save_revision

    created = make_page("Une visite au marché", body=f"Madame {word} tient un étal.")  # indexed
    save_revision(
        db.session,
        created,
        PageDraft(kind="practice", title=created.title, body="Une habitante tient un étal."),
        member,
        1,
    )
    db.session.commit()
    index_now(app)
    before = words_in_the_index_files(app)
    response = client.post(
        f"/api/v1/pages/{created.slug}/revisions/1/suppress",
        headers=token_for(member),
        json={"reason": REASON},
    )
    assert response.status_code == 200, response.get_json()
    index_now(app)
    return created, before, words_in_the_index_files(app)


def test_a_masked_versions_words_leave_the_index_files_too(
    app, client, token_for, member, make_page
):
    word = "quirnabelle"
    page, before, after = _replaced_and_masked(app, client, token_for, member, make_page, word)
    # Replaced, its document is marked deleted, and its words stay in the files (control).
    assert any(word[:8] in w for w in before)
    assert not any(word[:8] in w for w in after)
    found = client.get("/api/v1/search", query_string={"q": "étal"}).get_json()
    assert [hit["slug"] for hit in found["results"]] == [page.slug]  # the page is still found


def test_a_segment_too_large_to_rewrite_at_once_is_left_to_a_rebuild(
    app, client, token_for, member, make_page, monkeypatch, caplog
):
    from wiki.search import indexer

    monkeypatch.setattr(indexer, "FORGET_MERGE_MAX_DOCS", 0)
    word = "vrondelise"
    with caplog.at_level(logging.WARNING):
        _page, _before, after = _replaced_and_masked(
            app, client, token_for, member, make_page, word
        )
    assert any(word[:8] in w for w in after)
    assert any("run `wiki index rebuild`" in r.getMessage() for r in caplog.records)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    assert not any(word[:8] in w for w in words_in_the_index_files(app))
