"""An invitation reaches the member invited, a request to join reaches the group's
facilitators: in the wiki and, by default, by mail; neither once it has been answered, and
never anyone else (a closed group stays unknown)."""

from __future__ import annotations

from helpers import sign_in, text_of
from sqlalchemy import select

from wiki.extensions import db
from wiki.groups.membership import create_group
from wiki.models import Notification


def notified(user) -> list[str]:
    db.session.expire_all()
    return [
        n.kind
        for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id))
    ]


def body_of(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def test_an_invited_member_hears_of_it_by_mail(client, smtp, member, other_member, group):
    sign_in(client, member)  # facilitates the workshop
    assert (
        client.post(
            f"/groups/{group.slug}/invite", data={"who": f"@{other_member.handle}"}
        ).status_code
        == 303
    )
    assert notified(other_member) == ["group.invited"]
    [mail] = smtp.to(other_member.email)
    assert "Claire Martin vous invite dans le groupe « Atelier des praxis sociales »" in body_of(
        mail
    )
    assert f"/groups/{group.slug}" in body_of(mail)
    assert notified(member) == []  # not the one who invites

    sign_in(client, other_member)
    listed = text_of(client.get("/notifications"))
    assert "vous invite dans le groupe" in listed


def test_a_closed_group_invitation_is_seen_by_the_invited_alone(
    client, member, other_member, make_user
):
    from wiki.groups.membership import add_member

    create_group(db.session, "balint", "Groupe Balint", closed=True)
    add_member(db.session, "balint", member.email, "facilitator")
    db.session.commit()
    third = make_user("ines@example.org", "Inès Roy")
    sign_in(client, member)
    client.post("/groups/balint/invite", data={"who": other_member.email})
    assert notified(other_member) == ["group.invited"]
    assert notified(third) == []
    sign_in(client, third)
    assert "Groupe Balint" not in text_of(client.get("/notifications"))


def test_facilitators_hear_of_a_request_to_join_an_open_group(client, smtp, member, other_member):
    from wiki.groups.membership import add_member

    create_group(db.session, "atelier", "Atelier ouvert", closed=False)
    add_member(db.session, "atelier", member.email, "facilitator")
    db.session.commit()
    sign_in(client, other_member)
    assert client.post("/groups/atelier/join").status_code == 303
    assert notified(member) == ["group.requested"]
    [mail] = smtp.to(member.email)
    assert "Karim Benali demande à rejoindre le groupe « Atelier ouvert »" in body_of(mail)


def test_an_answered_request_no_longer_shows(client, member, other_member):
    from wiki.groups.membership import add_member

    create_group(db.session, "atelier", "Atelier ouvert", closed=False)
    add_member(db.session, "atelier", member.email, "facilitator")
    db.session.commit()
    sign_in(client, other_member)
    client.post("/groups/atelier/join")
    client.post("/groups/atelier/request/withdraw")
    sign_in(client, member)
    assert "demande à rejoindre" not in text_of(client.get("/notifications"))
