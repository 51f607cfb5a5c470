"""Following and notifications: what members hear of, through which channel, and never of
what they may not see when it is delivered."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from wiki.aftercommit import after_commit
from wiki.extensions import db
from wiki.models import Follow, Notification, NotificationSetting
from wiki.notifications.delivery import deliver_pending
from wiki.notifications.following import follow
from wiki.pages.editing import PageDraft, create_page, save_revision


@pytest.fixture
def reader(make_user):
    return make_user("lea@example.org", "Léa Fournier")


def settle(app):
    """What the end of a request does after its commit: deliver, then send."""
    db.session.commit()
    after_commit(app).run_marked()


def notifications_of(user) -> list[Notification]:
    db.session.commit()
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def choose(user, kind: str, channel: str) -> None:
    db.session.add(NotificationSetting(user_id=user.id, kind=kind, channel=channel))
    db.session.commit()


def publish(author, title="Maraude du jeudi", **kwargs):
    page = create_page(
        db.session, PageDraft(kind="practice", title=title, body="Récit.", **kwargs), author
    )
    db.session.commit()
    return page


def test_following_a_tag_brings_its_new_pages(app, client, login, reader, other_member):
    login(reader)
    client.post(
        "/follows", data={"kind": "tag", "target": "aller-vers", "next": "/tags/aller-vers"}
    )

    publish(other_member, tags=["aller-vers"])
    settle(app)

    html = client.get("/notifications").get_data(as_text=True)
    assert "Karim Benali a publié « Maraude du jeudi »" in html
    assert "vous suivez l&#39;étiquette « Aller vers »" in html
    assert re.search(r'class="counter">1', client.get("/").get_data(as_text=True))


def test_a_page_moved_to_a_group_before_delivery_notifies_nobody_outside(
    app, smtp, reader, other_member, group
):
    follow(db.session, reader, "tag", "aller-vers")
    choose(reader, "page.published", "mail")
    from wiki.groups.membership import add_member

    add_member(db.session, group.slug, other_member.email)
    db.session.commit()
    deliver_pending(app)  # the group's own news, delivered before the page exists
    page = publish(other_member, tags=["aller-vers"])  # recorded, not delivered yet
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
    settle(app)

    assert notifications_of(reader) == []
    assert smtp.to(reader.email) == []


def test_a_notification_whose_page_became_hidden_is_no_longer_shown(
    app, client, login, reader, other_member, group
):
    follow(db.session, reader, "tag", "aller-vers")
    db.session.commit()
    page = publish(other_member, tags=["aller-vers"])
    settle(app)
    assert len(notifications_of(reader)) == 1
    page.visibility, page.group_id = f"group:{group.slug}", group.id
    db.session.commit()

    login(reader)
    assert "Maraude du jeudi" not in client.get("/notifications").get_data(as_text=True)


def test_authors_follow_their_page_and_hear_of_edits(app, member, other_member):
    page = publish(member)
    settle(app)
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, body="Récit complété."),
        other_member,
        page.version,
    )
    settle(app)

    assert [n.kind for n in notifications_of(member)] == ["page.revised"]
    assert notifications_of(other_member) == []  # the actor hears nothing of their own act


def test_an_author_who_stops_following_is_not_made_to_follow_again(app, client, login, member):
    page = publish(member)
    settle(app)
    login(member)
    client.post("/follows/remove", data={"kind": "page", "target": page.slug, "next": "/"})
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, body="Suite."),
        member,
        page.version,
    )
    db.session.commit()

    row = db.session.scalar(select(Follow).where(Follow.user_id == member.id))
    assert row.muted


def test_the_mail_channel_mails_at_once(app, smtp, reader, other_member):
    follow(db.session, reader, "member", other_member.handle)
    choose(reader, "page.published", "mail")

    publish(other_member)
    settle(app)

    [mail] = smtp.to(reader.email)
    assert "Karim Benali a publié « Maraude du jeudi »" in mail["Subject"]
    assert "/pages/maraude-du-jeudi" in mail.get_body(("plain",)).get_content()
    assert mail["List-Unsubscribe"]
    assert notifications_of(reader)[0].mailed_at is not None


def test_the_digest_sends_one_mail_per_member_then_nothing_new(
    app, smtp, make_user, reader, other_member
):
    weekly = make_user("hugo@example.org", "Hugo Weekly")
    quiet = make_user("ines@example.org", "Inès Quiet")
    for person in (reader, weekly, quiet):
        follow(db.session, person, "member", other_member.handle)
        choose(person, "page.published", "digest")
    from wiki.notifications.settings import save_settings

    save_settings(db.session, reader, {"page.published": "digest"}, "daily")
    save_settings(db.session, weekly, {"page.published": "digest"}, "weekly")
    save_settings(db.session, quiet, {"page.published": "digest"}, "daily")
    db.session.commit()
    publish(other_member, "Premier récit")
    publish(other_member, "Deuxième récit")
    settle(app)
    from wiki.notifications.center import mark_read

    mark_read(db.session, quiet)  # read everything: nothing left to sum up
    db.session.commit()

    first = CliRunner().invoke(app.cli, ["notify", "digest", "--period", "daily"])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(app.cli, ["notify", "digest", "--period", "daily"])

    assert "Résumés mis en file : 1." in first.output
    assert "Résumés mis en file : 0." in again.output
    [digest] = smtp.to(reader.email)
    body = digest.get_body(("plain",)).get_content()
    assert "Premier récit" in body and "Deuxième récit" in body
    assert smtp.to(weekly.email) == [] and smtp.to(quiet.email) == []


def test_opening_a_notification_marks_it_read(app, client, login, reader, other_member):
    follow(db.session, reader, "member", other_member.handle)
    db.session.commit()
    publish(other_member)
    settle(app)
    [notification] = notifications_of(reader)
    login(reader)

    response = client.get(f"/notifications/{notification.id}")

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/pages/maraude-du-jeudi")
    assert notifications_of(reader)[0].read_at is not None


def test_nobody_opens_someone_elses_notification(app, client, login, reader, other_member):
    follow(db.session, reader, "member", other_member.handle)
    db.session.commit()
    publish(other_member)
    settle(app)
    [notification] = notifications_of(reader)
    login(other_member)
    assert client.get(f"/notifications/{notification.id}").status_code == 404


def test_mark_all_read_empties_the_counter(app, client, login, reader, other_member):
    follow(db.session, reader, "member", other_member.handle)
    db.session.commit()
    publish(other_member, "Un")
    publish(other_member, "Deux")
    settle(app)
    login(reader)

    client.post("/notifications/read")

    unread = db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == reader.id, Notification.read_at.is_(None)
        )
    )
    assert unread == 0
    assert 'class="counter"' not in client.get("/").get_data(as_text=True)


def test_the_settings_form_saves_each_channel(client, login, reader):
    login(reader)
    data = {"kind_page_published": "digest", "digest_period": "daily"}
    data.update(
        {
            f"kind_{k}": "wiki"
            for k in (
                "page_revised",
                "follow_up_added",
                "follow_up_reminder",
                "comment_added",
                "call_matching",
                "call_answered",
                "group_joined",
                "group_invited",
                "group_requested",
                "report_filed",
            )
        }
    )
    assert client.post("/notifications/settings", data=data).status_code == 303
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert re.search(r'value="digest"[^>]*checked|checked[^>]*value="digest"', html)


def test_a_new_member_of_a_group_is_announced_to_its_members(app, member, other_member, group):
    from wiki.groups.membership import add_member

    add_member(db.session, group.slug, other_member.email)
    settle(app)

    assert [n.kind for n in notifications_of(member)] == ["group.joined"]


def test_moderators_hear_of_a_report(app, client, token_for, moderator, other_member, make_page):
    make_page("Récit à revoir")
    client.post(
        "/api/v1/reports",
        headers=token_for(other_member),
        json={"target": "page:recit-a-revoir", "reason": "Un nom complet"},
    )
    after_commit(app).run_marked()

    assert [n.kind for n in notifications_of(moderator)] == ["report.filed"]


def test_only_members_of_a_group_may_follow_it(client, token_for, member, other_member, group):
    hidden = client.post(
        "/api/v1/follows",
        headers=token_for(other_member),
        json={"kind": "group", "target": group.slug},
    )
    missing = client.post(
        "/api/v1/follows",
        headers=token_for(other_member),
        json={"kind": "group", "target": "nulle-part"},
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json == missing.json
    assert (
        client.post(
            "/api/v1/follows",
            headers=token_for(member),
            json={"kind": "group", "target": group.slug},
        ).status_code
        == 201
    )


def test_the_api_lists_follows_and_notifications(app, client, token_for, reader, other_member):
    headers = token_for(reader)
    created = client.post(
        "/api/v1/follows", headers=headers, json={"kind": "member", "target": other_member.handle}
    )
    assert created.status_code == 201
    assert client.get("/api/v1/follows", headers=headers).json["results"] == [
        {"kind": "member", "target": other_member.handle, "name": "Karim Benali"}
    ]
    publish(other_member)
    settle(app)

    answer = client.get("/api/v1/notifications", headers=headers).json
    assert answer["unread"] == 1
    [item] = answer["results"]
    assert set(item) == {"id", "kind", "text", "url", "created_at", "read"}
    assert item["url"] == "http://wiki.test/pages/maraude-du-jeudi" and not item["read"]

    assert (
        client.delete(
            "/api/v1/follows",
            headers=headers,
            json={"kind": "member", "target": other_member.handle},
        ).json["results"]
        == []
    )


def test_following_answers_bad_requests_clearly(client, token_for, reader):
    headers = token_for(reader)
    assert (
        client.post(
            "/api/v1/follows", headers=headers, json={"kind": "planet", "target": "mars"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/follows", headers=headers, json={"kind": "page", "target": "nulle-part"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/follows", headers=headers, json={"kind": "member", "target": reader.handle}
        ).status_code
        == 400
    )
    assert (
        client.post("/api/v1/follows", json={"kind": "tag", "target": "aller-vers"}).status_code
        == 401
    )
    assert client.get("/api/v1/notifications").status_code == 401


def test_follows_and_notifications_are_in_the_export_and_go_with_the_account(
    app, client, token_for, reader, other_member
):
    follow(db.session, reader, "member", other_member.handle)
    follow(db.session, other_member, "member", reader.handle)
    db.session.commit()
    publish(other_member)
    settle(app)
    headers = token_for(reader)

    data = client.get("/api/v1/me/export", headers=headers).get_json()
    assert data["follows"] == [
        {"kind": "member", "target": other_member.handle, "name": "Karim Benali"}
    ]
    assert [n["kind"] for n in data["notifications"]["received"]] == ["page.published"]

    reader_id = reader.id
    assert client.delete(
        "/api/v1/me", headers=headers, json={"password": "mot-de-passe-solide"}
    ).status_code in (200, 204)
    db.session.commit()
    assert (
        db.session.scalar(
            select(func.count(Follow.id)).where(
                (Follow.user_id == reader_id)
                | ((Follow.kind == "member") & (Follow.target_id == reader_id))
            )
        )
        == 0
    )


def _unsubscribe_path(mail) -> str:
    link = mail["List-Unsubscribe"].strip("<>")
    assert link in mail.get_body(("plain",)).get_content()  # in the text too, for people
    return link.removeprefix("http://wiki.test")


def test_the_digests_unsubscribe_link_works_signed_out_and_the_settings_undo_it(
    app, client, login, smtp, reader, other_member
):
    from wiki.notifications.settings import save_settings

    follow(db.session, reader, "member", other_member.handle)
    save_settings(db.session, reader, {"page.published": "digest"}, "daily")
    db.session.commit()
    publish(other_member, "Premier récit")
    settle(app)
    CliRunner().invoke(app.cli, ["notify", "digest", "--period", "daily"])
    [digest] = smtp.to(reader.email)
    path = _unsubscribe_path(digest)

    assert "Ne plus recevoir ces mails" in client.get(path).get_data(as_text=True)  # signed out
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})  # RFC 8058, no session
    assert done.status_code == 200 and "le résumé périodique" in done.get_data(as_text=True)

    publish(other_member, "Deuxième récit")
    settle(app)
    stopped = CliRunner().invoke(app.cli, ["notify", "digest", "--period", "daily"])
    assert "Résumés mis en file : 0." in stopped.output
    assert len(smtp.to(reader.email)) == 1
    login(reader)
    assert "Deuxième récit" in client.get("/notifications").get_data(as_text=True)

    # The page said one may change one's mind: the settings list what was stopped.
    settings = client.get("/notifications/settings").get_data(as_text=True)
    assert "Mails arrêtés" in settings and "le résumé périodique" in settings
    assert (
        client.post("/notifications/settings/mail", data={"category": "planet"}).status_code == 400
    )
    resumed = client.post("/notifications/settings/mail", data={"category": "digest"})
    assert resumed.status_code == 303
    assert "Mails arrêtés" not in client.get("/notifications/settings").get_data(as_text=True)
    again = CliRunner().invoke(app.cli, ["notify", "digest", "--period", "daily"])
    assert "Résumés mis en file : 1." in again.output
    assert "Deuxième récit" in smtp.to(reader.email)[-1].get_body(("plain",)).get_content()


def test_a_notification_mails_unsubscribe_link_stops_those_mails_not_the_notifications(
    app, client, smtp, reader, other_member
):
    follow(db.session, reader, "member", other_member.handle)
    choose(reader, "page.published", "mail")
    publish(other_member, "Premier récit")
    settle(app)
    [mail] = smtp.to(reader.email)

    assert client.post(_unsubscribe_path(mail)).status_code == 200

    publish(other_member, "Deuxième récit")
    settle(app)
    assert len(smtp.to(reader.email)) == 1
    assert len(notifications_of(reader)) == 2  # still told in the wiki


def test_resuming_mails_is_for_the_signed_in_member(client):
    assert (
        client.post("/notifications/settings/mail", data={"category": "digest"}).status_code == 401
    )


def test_the_member_sees_what_they_follow_and_stops_from_there(
    app, client, login, reader, other_member, member, group, make_page
):
    from wiki.groups.membership import add_member, leave

    add_member(db.session, group.slug, reader.email)
    db.session.commit()
    page = make_page("Maraude du jeudi")
    for kind, target in (
        ("page", page.slug),
        ("tag", "aller-vers"),
        ("group", group.slug),
        ("member", other_member.handle),
    ):
        follow(db.session, reader, kind, target)
    db.session.commit()
    login(reader)
    assert 'href="/notifications/follows"' in client.get("/notifications").get_data(as_text=True)

    html = client.get("/notifications/follows").get_data(as_text=True)
    for name, url in (
        ("Maraude du jeudi", f"/pages/{page.slug}"),
        ("Aller vers", "/tags/aller-vers"),
        ("Atelier des praxis sociales", f"/groups/{group.slug}"),
        ("Karim Benali", f"/recent?member={other_member.handle}"),
    ):
        assert f'<a href="{url}">{name}</a>' in html, name
    assert "Ne plus suivre « Aller vers »" in html

    stopped = client.post(
        "/follows/remove",
        data={"kind": "tag", "target": "aller-vers", "next": "/notifications/follows"},
    )
    assert stopped.headers["Location"] == "/notifications/follows"
    html = client.get("/notifications/follows").get_data(as_text=True)
    assert "/tags/aller-vers" not in html and "Karim Benali" in html

    leave(db.session, reader, group)  # a group one left is no longer listed
    db.session.commit()
    assert group.name not in client.get("/notifications/follows").get_data(as_text=True)


def test_following_nothing_says_how_to_start(client, login, reader):
    login(reader)
    html = client.get("/notifications/follows").get_data(as_text=True)
    assert "Vous ne suivez rien pour l" in html


def test_the_follows_page_asks_a_visitor_to_sign_in(client):
    answer = client.get("/notifications/follows")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
