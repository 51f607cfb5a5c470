"""Moderators keep the vocabulary: rename, retire and merge tags, each in the audit log."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from wiki.extensions import db
from wiki.models import AuditEntry, Follow, Page, Profile, Tag
from wiki.pages.tagging import resolve_tags
from wiki.search.indexer import apply_pending


def tag(slug: str) -> Tag:
    db.session.commit()
    return db.session.scalar(select(Tag).where(Tag.slug == slug))


def tags_of(slug: str) -> list[str]:
    db.session.commit()
    page = db.session.scalar(select(Page).where(Page.slug == slug))
    return [t.slug for t in page.tags]


def audit(action: str) -> list[AuditEntry]:
    db.session.commit()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_merging_retags_every_page_and_the_index_follows(
    app, client, login, moderator, make_page, member, group
):
    make_page("Permanence au marché", tags=["Maraude"])
    make_page("Tournée du soir", tags=["Maraude", "aller-vers"])
    group_page = make_page("Récit du groupe", tags=["maraude"], visibility=f"group:{group.slug}")
    login(moderator)

    response = client.post(
        "/tags/maraude/merge", data={"target": "aller-vers", "reason": "Doublon du vocabulaire"}
    )
    apply_pending(app)

    assert response.status_code == 302 and response.headers["Location"] == "/tags/aller-vers"
    assert tags_of("permanence-au-marche") == ["aller-vers"]
    assert tags_of("tournee-du-soir") == ["aller-vers"]  # carried both: carries one
    assert tags_of(group_page.slug) == ["aller-vers"]
    verify = CliRunner().invoke(app.cli, ["index", "verify"])
    assert verify.exit_code == 0, verify.output
    found = client.get("/api/v1/search?tag=aller-vers").json
    assert {hit["slug"] for hit in found["results"]} >= {"permanence-au-marche", "tournee-du-soir"}
    assert client.get("/api/v1/search?tag=maraude").json["total"] == 0
    [entry] = audit("tag.merge")
    assert (entry.target, entry.reason, entry.details["into"], entry.details["pages"]) == (
        "tag:maraude",
        "Doublon du vocabulaire",
        "aller-vers",
        3,
    )


def test_a_merged_tag_still_leads_to_its_successor(app, client, login, moderator, make_page):
    make_page("Permanence au marché", tags=["Maraude"])
    login(moderator)
    client.post("/tags/maraude/merge", data={"target": "aller-vers"})

    response = client.get("/tags/maraude")
    assert response.status_code == 301 and response.headers["Location"].endswith("/tags/aller-vers")
    assert [t.slug for t in resolve_tags(db.session, ["Maraude"])] == ["aller-vers"]
    assert "maraude" not in client.get("/tags").get_data(as_text=True).lower()


def test_merging_moves_profiles_and_followers(
    app, client, login, moderator, member, other_member, make_page
):
    make_page("Permanence au marché", tags=["Maraude"])
    maraude, aller_vers = tag("maraude"), tag("aller-vers")
    db.session.add(Profile(user_id=member.id, expertise=[maraude]))
    db.session.add(Profile(user_id=other_member.id, expertise=[maraude, aller_vers]))
    db.session.add(Follow(user_id=member.id, kind="tag", target_id=maraude.id))
    db.session.commit()
    login(moderator)

    client.post("/tags/maraude/merge", data={"target": "aller-vers"})

    db.session.expire_all()
    assert [t.slug for t in db.session.get(Profile, member.id).expertise] == ["aller-vers"]
    assert [t.slug for t in db.session.get(Profile, other_member.id).expertise] == ["aller-vers"]
    follow = db.session.scalar(
        select(Follow).where(Follow.user_id == member.id, Follow.kind == "tag")
    )
    assert follow.target_id == aller_vers.id


def test_a_tag_cannot_be_merged_into_itself_and_members_may_not_merge(
    client, login, member, moderator
):
    login(member)
    assert client.post("/tags/isolement/merge", data={"target": "prevention"}).status_code == 403
    login(moderator)
    response = client.post("/tags/isolement/merge", data={"target": "isolement"})
    assert response.status_code == 400
    assert tag("isolement").merged_into_id is None


def test_retiring_and_renaming_are_recorded(client, login, moderator):
    login(moderator)
    client.post(
        "/tags/isolement/edit",
        data={
            "label_fr": "Isolement social",
            "label_en": "Social isolation",
            "reason": "Plus précis",
        },
    )

    assert not tag("isolement").controlled
    [retired] = audit("tag.retire")
    [renamed] = audit("tag.rename")
    assert retired.reason == "Plus précis" and retired.actor_id == moderator.id
    assert renamed.details["after"]["fr"] == "Isolement social"


def test_merging_moves_the_calls_to_the_network_too(
    client, login, token_for, moderator, member, make_page
):
    """A call tagged with the old name is found under the new one, by either name, and the
    member whose expertise is the new tag hears of the calls that carried the old one."""
    make_page("Permanence au marché", tags=["Maraude"])  # makes the free tag « maraude »
    headers = token_for(member)

    def post(title, tags):
        return client.post(
            "/api/v1/calls",
            headers=headers,
            json={"title": title, "body": "Qui en a fait ?", "tags": tags, "departement": None},
        ).get_json()["id"]

    only_old = post("Maraudes de nuit", ["maraude"])
    both = post("Maraudes et aller vers", ["maraude", "aller-vers"])
    other = post("Isolement des aînés", ["isolement"])
    login(moderator)

    client.post("/tags/maraude/merge", data={"target": "aller-vers", "reason": "Doublon"})

    db.session.expire_all()
    from wiki.models import Call

    assert [t.slug for t in db.session.get(Call, only_old).tags] == ["aller-vers"]
    assert [t.slug for t in db.session.get(Call, both).tags] == ["aller-vers"]
    assert [t.slug for t in db.session.get(Call, other).tags] == ["isolement"]

    def listed(tag):
        answer = client.get("/api/v1/calls", headers=headers, query_string={"tag": tag})
        return sorted(call["id"] for call in answer.get_json()["results"])

    assert listed("aller-vers") == sorted([only_old, both])
    assert listed("maraude") == sorted([only_old, both])  # the old name leads to the new
    assert listed("nulle-part") == []
    [entry] = audit("tag.merge")
    assert (entry.details["pages"], entry.details["calls"]) == (1, 2)
