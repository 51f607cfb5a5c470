"""Groups founded from the web by moderators, with a first facilitator, and their name,
presentation and openness changed by their facilitators; each step in the audit log, and a
taken name never tells that a closed group exists."""

from __future__ import annotations

from helpers import answer_of, sign_in, text_of
from sqlalchemy import select

from wiki.extensions import db
from wiki.groups.membership import add_member, create_group
from wiki.models import AuditEntry, Group, GroupRole, Membership


def new_group(client, **data):
    form = {
        "name": "Groupe Balint de Tours",
        "description": "Un par un, le jeudi.",
        "facilitator": "",
        **data,
    }
    return client.post("/groups/new", data=form)


def group_named(name: str) -> Group | None:
    db.session.expire_all()
    return db.session.scalar(select(Group).where(Group.name == name))


def test_a_moderator_founds_a_closed_group_and_facilitates_it(client, moderator):
    sign_in(client, moderator)
    assert "Créer un groupe" in text_of(client.get("/groups"))
    assert client.get("/groups/new").status_code == 200
    response = new_group(client)
    assert response.status_code == 303
    group = group_named("Groupe Balint de Tours")
    assert response.headers["Location"].endswith(f"/groups/{group.slug}")
    assert group.slug == "groupe-balint-de-tours" and group.closed
    assert group.description == "Un par un, le jeudi."
    membership = db.session.get(Membership, (group.id, moderator.id))
    assert membership.role == GroupRole.FACILITATOR
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "group.created"))
    assert entry.target == f"group:{group.slug}" and entry.actor_id == moderator.id
    assert entry.details["facilitator"] == moderator.handle
    assert "Vous animez ce groupe." in text_of(client.get(f"/groups/{group.slug}"))


def test_the_first_facilitator_may_be_another_member(client, moderator, member):
    sign_in(client, moderator)
    assert new_group(client, facilitator=f"@{member.handle}", is_open="y").status_code == 303
    group = group_named("Groupe Balint de Tours")
    assert not group.closed
    assert db.session.get(Membership, (group.id, member.id)).role == GroupRole.FACILITATOR
    assert db.session.get(Membership, (group.id, moderator.id)) is None


def test_an_unknown_facilitator_is_said_next_to_its_field_and_creates_nothing(client, moderator):
    sign_in(client, moderator)
    response = new_group(client, facilitator="@personne")
    assert response.status_code == 400
    assert "Aucun adhérent validé ne répond à « @personne »" in text_of(response)
    assert group_named("Groupe Balint de Tours") is None


def test_a_name_is_required_and_bounded(client, moderator):
    sign_in(client, moderator)
    assert new_group(client, name="").status_code == 400
    assert new_group(client, name="x" * 201).status_code == 400
    response = new_group(client, name="!!!")
    assert response.status_code == 400
    assert "au moins une lettre ou un chiffre" in text_of(response)
    assert db.session.scalar(select(Group)) is None


def test_members_may_not_found_groups(client, member):
    sign_in(client, member)
    assert "Créer un groupe" not in text_of(client.get("/groups"))
    assert client.get("/groups/new").status_code == 403
    assert new_group(client).status_code == 403
    assert db.session.scalar(select(Group)) is None


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get("/groups/new").status_code in (302, 303)


def test_a_name_a_closed_group_holds_is_numbered_without_a_word_about_it(client, moderator):
    create_group(db.session, "groupe-balint-de-tours", "Secret", closed=True)
    db.session.commit()
    sign_in(client, moderator)
    response = new_group(client)
    assert response.status_code == 303
    page = text_of(client.get(response.headers["Location"]))
    assert "Secret" not in page and "existe déjà" not in page
    assert group_named("Groupe Balint de Tours").slug == "groupe-balint-de-tours-2"


def test_a_group_named_new_does_not_hide_the_form(client, moderator):
    sign_in(client, moderator)
    new_group(client, name="New")
    assert group_named("New").slug == "new-2"
    assert client.get("/groups/new").status_code == 200


def test_a_facilitator_changes_the_name_and_opens_the_group(client, member):
    group = create_group(db.session, "atelier", "Atelier", closed=True)
    add_member(db.session, "atelier", member.email, "facilitator")
    db.session.commit()
    sign_in(client, member)
    assert "Modifier le nom" in text_of(client.get("/groups/atelier"))
    form = text_of(client.get("/groups/atelier/settings"))
    assert 'value="Atelier"' in form
    response = client.post(
        "/groups/atelier/settings",
        data={
            "name": "Atelier des praxis sociales",
            "description": "Le premier lundi.",
            "is_open": "y",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    group = db.session.get(Group, group.id)
    assert (group.slug, group.name, group.closed) == (
        "atelier",
        "Atelier des praxis sociales",
        False,
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "group.updated"))
    assert entry.details["changed"] == ["name", "description", "closed"]
    again = client.post(
        "/groups/atelier/settings",
        data={
            "name": "Atelier des praxis sociales",
            "description": "Le premier lundi.",
            "is_open": "y",
        },
        follow_redirects=True,
    )
    assert "Rien n&#39;a changé." in text_of(again)
    assert (
        len(
            db.session.scalars(select(AuditEntry).where(AuditEntry.action == "group.updated")).all()
        )
        == 1
    )


def test_only_facilitators_change_a_group_and_outsiders_learn_nothing(client, member, other_member):
    create_group(db.session, "atelier", "Atelier", closed=True)
    add_member(db.session, "atelier", member.email, "member")
    db.session.commit()
    sign_in(client, member)  # a plain member: forbidden
    assert client.get("/groups/atelier/settings").status_code == 403
    assert client.post("/groups/atelier/settings", data={"name": "Pris"}).status_code == 403
    sign_in(client, other_member)  # not a member of a closed group: as if it did not exist
    missing = client.get("/groups/nulle-part/settings")
    hidden = client.get("/groups/atelier/settings")
    assert hidden.status_code == missing.status_code == 404
    assert answer_of(hidden) == answer_of(missing).replace("nulle-part", "atelier")
    db.session.expire_all()
    assert db.session.scalar(select(Group.name)) == "Atelier"
