"""Each event of issue 10 reaches whom it concerns, in the wiki and by mail as they chose:
calls to the network (matching expertise, answers), and the acceptance checks on following a
tag, moving a page to a group before delivery, and the digest."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.conftest import at_once
from tests.contact_helpers import give_profile
from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import Follow, Notification, NotificationSetting, OutgoingMail
from wiki.notifications.delivery import deliver_pending
from wiki.notifications.following import follow
from wiki.pages.editing import PageDraft, create_page, save_revision

CALL = {
    "title": "Des expériences d'aller vers en milieu rural",
    "body": "Dans le Chinonais.",
    "tags": ["aller-vers"],
    "departement": "37",
}


def kinds_of(user) -> list[str]:
    db.session.commit()
    return [
        n.kind
        for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    ]


def choose(user, kind: str, channel: str) -> None:
    db.session.add(NotificationSetting(user_id=user.id, kind=kind, channel=channel))
    db.session.commit()


@pytest.fixture
def expert(make_user):
    user = make_user("bea@example.org", "Béa Experte")
    give_profile(user, departement="37", expertise=("aller-vers",))
    return user


def test_a_call_matching_ones_expertise_is_a_notification_and_a_mail(
    client, smtp, token_for, login, member, expert
):
    response = client.post("/api/v1/calls", headers=token_for(member), json=CALL)
    assert response.get_json()["notified"] == 1

    assert kinds_of(expert) == ["call.matching"]
    [mail] = smtp.to(expert.email)
    assert "Appel au réseau" in mail["Subject"]
    assert "Aller vers" in mail.get_body(("plain",)).get_content()
    login(expert)
    html = text_of(client.get("/notifications"))
    assert "Appel au réseau de Claire Martin" in html
    assert "l&#39;appel porte sur vos sujets" in html


def test_a_member_who_wants_calls_in_the_wiki_only_gets_no_mail(
    client, smtp, token_for, member, expert
):
    choose(expert, "call.matching", "wiki")
    client.post("/api/v1/calls", headers=token_for(member), json=CALL)
    assert kinds_of(expert) == ["call.matching"]
    assert smtp.to(expert.email) == []


def test_an_answer_to_ones_call_is_a_notification_and_a_mail(
    client, smtp, token_for, member, other_member
):
    call = client.post("/api/v1/calls", headers=token_for(member), json=CALL).get_json()
    answer = client.post(
        f"/api/v1/calls/{call['id']}/answers",
        headers=token_for(other_member),
        json={"body": "Nous le faisons à Loches."},
    ).get_json()

    assert kinds_of(member) == ["call.answered"]
    [mail] = smtp.to(member.email)
    assert f"/calls/{call['id']}#answer-{answer['id']}" in mail.get_body(("plain",)).get_content()
    client.post(
        f"/api/v1/calls/{call['id']}/answers", headers=token_for(member), json={"body": "Merci !"}
    )
    assert kinds_of(member) == ["call.answered"]  # one's own answer tells one nothing


def test_following_a_tag_notifies_on_a_new_page_with_it_in_the_wiki_and_by_mail(
    app, client, smtp, login, make_user, other_member
):
    reader = make_user("lea@example.org", "Léa Fournier")
    login(reader)
    client.post("/follows", data={"kind": "tag", "target": "aller-vers", "next": "/"})
    choose(reader, "page.published", "mail")
    sign_in(client, other_member)

    client.post(
        "/pages/new?kind=practice",
        data={
            "title": "Maraude du jeudi",
            "body": "Récit.",
            "visibility": "public",
            "controlled_tags": ["aller-vers"],
            "tags": "",
        },
    )

    assert kinds_of(reader) == ["page.published"]
    [mail] = smtp.to(reader.email)
    assert "Maraude du jeudi" in mail["Subject"]


def test_a_page_moved_to_a_group_before_delivery_reaches_only_the_group(
    app, smtp, make_user, member, other_member, group
):
    """The follower outside the group gets nothing, in the wiki or by mail; the group's
    member who follows the tag too gets both."""
    outsider = make_user("lea@example.org", "Léa Fournier")
    for person in (outsider, member):
        follow(db.session, person, "tag", "aller-vers")
        choose(person, "page.published", "mail")
    from wiki.groups.membership import add_member

    add_member(db.session, group.slug, other_member.email)
    db.session.commit()
    deliver_pending(app)
    page = create_page(
        db.session,
        PageDraft(kind="practice", title="Récit de l'atelier", body="Récit.", tags=["aller-vers"]),
        other_member,
    )
    save_revision(
        db.session,
        page,
        PageDraft(
            kind="practice",
            title=page.title,
            body="Récit.",
            tags=["aller-vers"],
            visibility=f"group:{group.slug}",
        ),
        other_member,
        page.version,
    )
    db.session.commit()
    deliver_pending(app)
    from wiki.aftercommit import after_commit

    after_commit(app).run_marked()

    assert "page.published" not in kinds_of(outsider)
    assert smtp.to(outsider.email) == []
    assert (
        db.session.scalar(select(OutgoingMail.id).where(OutgoingMail.recipient_id == outsider.id))
        is None
    )
    assert "page.published" in kinds_of(member)
    assert any("Récit de l'atelier" in m["Subject"] for m in smtp.to(member.email))


def test_the_authors_of_a_page_follow_it(client, member, other_member, make_page):
    page = make_page("Un récit")
    sign_in(client, other_member)
    client.post(
        f"/pages/{page.slug}/edit",
        data={
            "title": "Un récit",
            "body": "Complété.",
            "visibility": "public",
            "tags": "",
            "base_revision": "1",
        },
    )
    followers = set(
        db.session.scalars(
            select(Follow.user_id).where(
                Follow.kind == "page", Follow.target_id == page.id, Follow.muted.is_(False)
            )
        )
    )
    assert followers == {member.id, other_member.id}
    assert kinds_of(member) == ["page.revised"]


@pytest.mark.parametrize("period", ["daily", "weekly"])
def test_the_digest_sends_one_mail_per_member_who_chose_it_then_nothing(
    app, smtp, make_user, other_member, period
):
    from wiki.notifications.settings import save_settings

    other = "weekly" if period == "daily" else "daily"
    chosen = [make_user(f"lecteur{n}@example.org", f"Lecteur {n}") for n in range(2)]
    elsewhere = make_user("ailleurs@example.org", "Autre période")
    in_wiki = make_user("wiki@example.org", "Dans le wiki")
    for person in (*chosen, elsewhere, in_wiki):
        follow(db.session, person, "member", other_member.handle)
    for person in chosen:
        save_settings(db.session, person, {"page.published": "digest"}, period)
    save_settings(db.session, elsewhere, {"page.published": "digest"}, other)
    db.session.commit()
    for title in ("Premier récit", "Deuxième récit"):
        create_page(
            db.session, PageDraft(kind="practice", title=title, body="Récit."), other_member
        )
        db.session.commit()
    deliver_pending(app)
    assert smtp.messages == []  # nobody asked for a mail at once

    first = CliRunner().invoke(app.cli, ["notify", "digest", "--period", period])
    assert first.exit_code == 0, first.output
    assert sorted(m["To"] for m in smtp.messages) == sorted(p.email for p in chosen)
    body = smtp.to(chosen[0].email)[0].get_body(("plain",)).get_content()
    assert "Premier récit" in body and "Deuxième récit" in body

    again = CliRunner().invoke(app.cli, ["notify", "digest", "--period", period])
    assert again.exit_code == 0 and "Résumés mis en file : 0." in again.output
    assert len(smtp.messages) == 2


def test_two_digest_runs_at_once_mail_each_member_once(app, monkeypatch, make_user, other_member):
    """Cron on two hosts: both runs list the same unread notifications (on PostgreSQL they
    meet after that read; SQLite's write lock lets one run at a time), yet one mail leaves."""
    import contextlib
    import threading

    from wiki.notifications import digest
    from wiki.notifications.settings import save_settings

    reader = make_user("lea@example.org", "Léa Fournier")
    follow(db.session, reader, "member", other_member.handle)
    save_settings(db.session, reader, {"page.published": "digest"}, "daily")
    db.session.commit()
    create_page(
        db.session, PageDraft(kind="practice", title="Premier récit", body="Récit."), other_member
    )
    db.session.commit()
    deliver_pending(app)
    db.session.commit()

    both_read = threading.Barrier(2)
    listed = digest.notifications_of

    def list_then_wait(*args, **kwargs):
        found = listed(*args, **kwargs)
        # on SQLite the other run waits for the write lock: it never comes here
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=2)
        return found

    monkeypatch.setattr(digest, "notifications_of", list_then_wait)
    counts = at_once(app, lambda: digest.send_digests(app, "daily"), 2)

    db.session.commit()
    mails = list(
        db.session.scalars(select(OutgoingMail).where(OutgoingMail.recipient_id == reader.id))
    )
    assert [mail.template for mail in mails] == ["digest"]
    assert sorted(counts) == [0, 1]
