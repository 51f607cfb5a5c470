"""Confidential groups through the web and the API: joining (ask + approve), inviting (+
accept), leaving; a closed group is invisible to non-members in every place, and « not a
member » answers exactly like « no such group »."""

from __future__ import annotations

import re

import pytest
from conftest import _index_pending
from helpers import answer_of, sign_in, sign_out, text_of
from sqlalchemy import select

from wiki.extensions import db
from wiki.groups.membership import add_member, create_group
from wiki.models import AuditEntry, Membership, NotificationEvent

CLOSED_WORD = "Balintissime"  # in the closed group's name, and its page's body


@pytest.fixture
def groups(app, member, other_member, make_user):
    """An open workshop facilitated by `member`; a closed Balint group facilitated by a third
    person, of which `member` is a member and `other_member` is not."""
    facilitator = make_user("ines@example.org", "Inès Roy")
    workshop = create_group(
        db.session, "atelier", "Atelier des praxis", "Penser nos pratiques.", closed=False
    )
    balint = create_group(
        db.session, "balint-secret", f"Groupe {CLOSED_WORD}", "Un par un.", closed=True
    )
    add_member(db.session, "atelier", member.email, "facilitator")
    add_member(db.session, "balint-secret", facilitator.email, "facilitator")
    add_member(db.session, "balint-secret", member.email, "member")
    db.session.commit()
    return {"workshop": workshop, "balint": balint, "facilitator": facilitator}


def is_member(group, user) -> bool:
    db.session.expire_all()
    return db.session.get(Membership, (group.id, user.id)) is not None


def test_ask_to_join_an_open_group_then_a_facilitator_approves(
    client, member, other_member, groups
):
    workshop = groups["workshop"]
    sign_in(client, other_member)
    page = text_of(client.get("/groups/atelier"))
    assert "Demander à rejoindre le groupe" in page and "Inès" not in page
    assert "Claire Martin" in page  # the facilitator is named to all who see the group
    assert client.post("/groups/atelier/join").status_code == 303
    assert not is_member(workshop, other_member)
    assert "attend la réponse d'un animateur" in text_of(client.get("/groups/atelier"))

    sign_in(client, member)
    manage = text_of(client.get("/groups/atelier"))
    assert "Karim Benali" in manage
    assert client.post(f"/groups/atelier/requests/{other_member.id}/approve").status_code == 303
    assert is_member(workshop, other_member)
    assert (
        db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "group.request_approved")
        ).details["member"]
        == other_member.handle
    )
    assert db.session.scalar(
        select(NotificationEvent).where(
            NotificationEvent.kind == "group.joined", NotificationEvent.actor_id == other_member.id
        )
    )


def test_a_member_cannot_manage_the_group(client, other_member, member, groups):
    sign_in(client, other_member)
    client.post("/groups/atelier/join")
    sign_in(client, other_member)
    assert client.post(f"/groups/atelier/requests/{other_member.id}/approve").status_code == 403


def test_invite_then_accept_a_closed_group(client, member, other_member, groups):
    balint = groups["balint"]
    sign_in(client, groups["facilitator"])
    response = client.post("/groups/balint-secret/invite", data={"who": "@" + other_member.handle})
    assert response.status_code == 303
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "group.invited"))

    sign_in(client, other_member)
    assert CLOSED_WORD in text_of(client.get("/groups"))  # the invitee learns of it
    page = text_of(client.get("/groups/balint-secret"))
    assert "Accepter l'invitation" in page and "Claire Martin" not in page  # members: hidden
    assert client.post("/groups/balint-secret/join").status_code == 303
    assert is_member(balint, other_member)
    assert "Claire Martin" in text_of(client.get("/groups/balint-secret"))


def test_inviting_an_unknown_person_says_so_next_to_the_field(client, groups):
    sign_in(client, groups["facilitator"])
    response = client.post("/groups/balint-secret/invite", data={"who": "personne@nulle.part"})
    assert response.status_code == 400
    assert "Aucun adhérent validé ne répond" in text_of(response)


def test_leave_a_group(client, member, groups):
    balint = groups["balint"]
    sign_in(client, member)
    assert client.post("/groups/balint-secret/leave").status_code == 303
    assert not is_member(balint, member)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "group.left"))
    # and, the group being closed, it is gone from their view
    assert client.get("/groups/balint-secret").status_code == 404


def test_the_last_facilitator_cannot_leave_a_group_with_members(client, groups):
    sign_in(client, groups["facilitator"])
    assert client.post("/groups/balint-secret/leave").status_code == 409
    assert is_member(groups["balint"], groups["facilitator"])


def test_a_facilitator_removes_a_member(client, member, groups):
    sign_in(client, groups["facilitator"])
    assert client.post(f"/groups/balint-secret/members/{member.id}/remove").status_code == 303
    assert not is_member(groups["balint"], member)


@pytest.fixture
def closed_page(app, member, groups, make_page):
    page = make_page(
        f"Séance {CLOSED_WORD}",
        body=f"Un récit {CLOSED_WORD} du groupe.",
        author=member,
        visibility="group:balint-secret",
        tags=["groupe-balint"],
    )
    _index_pending(app)
    return page


def test_a_closed_group_is_invisible_to_non_members_everywhere(
    client, app, other_member, closed_page, token_for
):
    headers = token_for(other_member)
    for who in ("anonymous", "member"):
        if who == "member":
            sign_in(client, other_member)
        else:
            sign_out(client)
        group_page = client.get("/groups/balint-secret")
        unknown = client.get("/groups/nulle-part")
        assert group_page.status_code == unknown.status_code == 404
        assert answer_of(group_page) == answer_of(unknown).replace("nulle-part", "balint-secret")
        places = {
            "groups": client.get("/groups"),
            "page": client.get(f"/pages/{closed_page.slug}"),
            "search": client.get("/search?q=récit"),
            "tag": client.get("/tags/groupe-balint"),
            "recent": client.get("/recent"),
            "feed": client.get("/feeds/recent.atom"),
            "api groups": client.get("/api/v1/groups", headers=headers if who == "member" else {}),
            "api search": client.get(
                "/api/v1/search?q=récit", headers=headers if who == "member" else {}
            ),
        }
        for place, response in places.items():
            assert CLOSED_WORD not in text_of(response), (who, place)
        api_group = client.get(
            "/api/v1/groups/balint-secret", headers=headers if who == "member" else {}
        )
        api_unknown = client.get(
            "/api/v1/groups/nulle-part", headers=headers if who == "member" else {}
        )
        assert api_group.status_code == api_unknown.status_code == 404
        assert api_group.get_json() == api_unknown.get_json()
    # nor among the visibility choices of the form
    sign_in(client, other_member)
    assert CLOSED_WORD not in text_of(client.get("/pages/new?kind=practice"))
    assert "balint-secret" not in text_of(client.get("/pages/new?kind=practice"))


def test_the_closed_group_shows_to_its_members(client, member, closed_page, token_for):
    sign_in(client, member)
    assert CLOSED_WORD in text_of(client.get("/groups"))
    page = text_of(client.get("/groups/balint-secret"))
    assert closed_page.title in page and "Inès Roy" in page
    body = client.get("/api/v1/groups/balint-secret", headers=token_for(member)).get_json()
    assert body["closed"] is True and body["membership"] == "member"
    assert {m["handle"] for m in body["members"]} >= {member.handle}


def test_open_groups_show_to_anyone_without_their_members(client, groups):
    listing = client.get("/api/v1/groups").get_json()
    assert [g["slug"] for g in listing["results"]] == ["atelier"]
    one = client.get("/api/v1/groups/atelier").get_json()
    assert "members" not in one and one["facilitators"][0]["display_name"] == "Claire Martin"


def test_a_page_for_a_group_not_mine_and_for_no_group_get_the_same_error(
    client, other_member, groups, token_for
):
    headers = token_for(other_member)
    answers = []
    for slug in ("balint-secret", "nulle-part"):
        response = client.post(
            "/api/v1/pages",
            headers=headers,
            json={
                "kind": "practice",
                "title": "Essai",
                "body": "Texte.",
                "visibility": f"group:{slug}",
            },
        )
        assert response.status_code == 403
        answers.append(response.get_data(as_text=True).replace(slug, "X"))
    assert answers[0] == answers[1]

    sign_in(client, other_member)
    web = []
    for slug in ("balint-secret", "nulle-part"):
        response = client.post(
            "/pages/new?kind=practice",
            data={"title": "Essai", "body": "Texte.", "visibility": f"group:{slug}"},
        )
        assert response.status_code in (400, 403)
        web.append((response.status_code, answer_of(response).replace(slug, "X")))
    assert web[0] == web[1]  # the CSRF tokens aside: signed a second apart, they differ


def test_following_a_closed_group_of_others_answers_like_no_group(
    client, other_member, groups, token_for
):
    headers = token_for(other_member)
    hidden = client.post(
        "/api/v1/follows", headers=headers, json={"kind": "group", "target": "balint-secret"}
    )
    missing = client.post(
        "/api/v1/follows", headers=headers, json={"kind": "group", "target": "nulle-part"}
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()


def test_the_demo_balint_group_is_closed_and_the_workshop_open(app):
    from wiki.demo import load_demo
    from wiki.groups.membership import get_group

    load_demo(db.session)
    db.session.commit()
    assert get_group(db.session, "groupe-balint").closed is True
    assert get_group(db.session, "atelier-des-praxis").closed is False
    anyone = app.test_client().get("/groups")
    assert "Atelier des praxis sociales" in text_of(anyone)
    assert "Groupe Balint" not in text_of(anyone)


def test_a_member_follows_their_group_from_its_page_and_hears_of_its_new_pages(
    app, client, member, other_member, groups
):
    """The group's page offers « Suivre ce groupe » to its members alone; following it
    brings its new pages to the notification centre."""
    from wiki.aftercommit import after_commit
    from wiki.models import Follow, Notification
    from wiki.pages.editing import PageDraft, create_page

    sign_in(client, other_member)  # not in the workshop: may ask to join, not follow
    assert "Suivre ce groupe" not in text_of(client.get("/groups/atelier"))
    refused = client.post(
        "/follows", data={"kind": "group", "target": "atelier", "next": "/groups/atelier"}
    )
    assert refused.status_code == 404
    sign_out(client)

    sign_in(client, member)
    shown = text_of(client.get("/groups/atelier"))
    assert "Suivre ce groupe" in shown and 'aria-pressed="false"' in shown
    followed = client.post(
        "/follows", data={"kind": "group", "target": "atelier", "next": "/groups/atelier"}
    )
    assert followed.status_code == 303 and followed.headers["Location"] == "/groups/atelier"
    assert "Ne plus suivre ce groupe" in text_of(client.get("/groups/atelier"))

    facilitator = groups["facilitator"]
    add_member(db.session, "atelier", facilitator.email, "member")
    db.session.commit()
    create_page(
        db.session,
        PageDraft(
            kind="practice", title="Séance de mars", body="Récit.", visibility="group:atelier"
        ),
        facilitator,
    )
    db.session.commit()
    after_commit(app).run_marked()
    db.session.commit()
    told = db.session.scalars(
        select(Notification).where(
            Notification.user_id == member.id, Notification.kind == "page.published"
        )
    ).all()
    assert [n.reason for n in told] == ["group"]
    assert "Séance de mars" in text_of(client.get("/notifications"))

    client.post(
        "/follows/remove", data={"kind": "group", "target": "atelier", "next": "/groups/atelier"}
    )
    assert db.session.scalar(select(Follow).where(Follow.kind == "group")) is None
    assert "Suivre ce groupe" in text_of(client.get("/groups/atelier"))


# --- each step through the buttons of the group's page, and what it opens or closes ------


def press(client, address: str, label: str, **fields):
    """Load `address`, find the form whose button says `label` and send it, hidden inputs
    and `fields` included, as a browser would."""
    html = text_of(client.get(address))
    for form in re.findall(r"<form\b.*?</form>", html, flags=re.S):
        if re.search(rf"<button[^>]*>\s*{re.escape(label)}\s*</button>", form):
            action = re.search(r'action="([^"]+)"', form).group(1).replace("&amp;", "&")
            data = dict(
                re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
            )
            return client.post(action, data={**data, **fields})
    raise AssertionError(f"no « {label} » button at {address}")


@pytest.fixture
def group_pages(app, member, groups, make_page):
    """In each group, a published account and a draft."""
    made = {}
    for slug, author in (("atelier", member), ("balint-secret", groups["facilitator"])):
        made[slug] = make_page(
            f"Récit Zephyrin {slug}",
            body="Un récit du groupe.",
            visibility=f"group:{slug}",
            author=author,
        )
        made[f"{slug} draft"] = make_page(
            f"Brouillon Zephyrin {slug}",
            body="Une esquisse.",
            visibility=f"group:{slug}",
            status="draft",
            author=author,
        )
    _index_pending(app)
    return made


def reads_the_group_pages(client, group_pages, slug: str) -> bool:
    """Whether the signed-in person reads the group's account and draft, finds them on the
    group's page and in search; all or nothing (else the test fails)."""
    page, draft = group_pages[slug], group_pages[f"{slug} draft"]
    seen = [
        client.get(f"/pages/{page.slug}").status_code == 200,
        client.get(f"/pages/{draft.slug}").status_code == 200,
        f"Récit Zephyrin {slug}" in text_of(client.get("/search?q=Zephyrin")),
        f"Brouillon Zephyrin {slug}" in text_of(client.get(f"/groups/{slug}")),
    ]
    assert len(set(seen)) == 1, seen
    return seen[0]


def test_asked_and_approved_on_the_web_the_member_reads_the_group_pages(
    client, member, other_member, groups, group_pages
):
    sign_in(client, other_member)
    assert not reads_the_group_pages(client, group_pages, "atelier")
    assert press(client, "/groups/atelier", "Demander à rejoindre le groupe").status_code == 303
    assert not reads_the_group_pages(client, group_pages, "atelier")  # waiting

    sign_in(client, member)  # the facilitator
    assert press(client, "/groups/atelier", "Accepter").status_code == 303

    sign_in(client, other_member)
    assert "Vous êtes membre de ce groupe." in text_of(client.get("/groups/atelier"))
    assert reads_the_group_pages(client, group_pages, "atelier")


def test_a_request_declined_on_the_web_opens_nothing(
    client, member, other_member, groups, group_pages
):
    sign_in(client, other_member)
    press(client, "/groups/atelier", "Demander à rejoindre le groupe")
    sign_in(client, member)
    assert press(client, "/groups/atelier", "Refuser").status_code == 303
    sign_in(client, other_member)
    assert not is_member(groups["workshop"], other_member)
    assert not reads_the_group_pages(client, group_pages, "atelier")
    assert "Demander à rejoindre le groupe" in text_of(client.get("/groups/atelier"))


def test_invited_and_accepting_on_the_web_the_member_reads_the_closed_group_pages(
    client, other_member, groups, group_pages
):
    sign_in(client, other_member)
    assert client.get("/groups/balint-secret").status_code == 404
    sign_in(client, groups["facilitator"])
    invited = press(client, "/groups/balint-secret", "Inviter", who="@" + other_member.handle)
    assert invited.status_code == 303

    sign_in(client, other_member)
    assert not reads_the_group_pages(client, group_pages, "balint-secret")  # not yet
    assert press(client, "/groups/balint-secret", "Accepter l'invitation").status_code == 303
    assert reads_the_group_pages(client, group_pages, "balint-secret")


def test_an_invitation_declined_on_the_web_hides_the_closed_group_again(
    client, other_member, groups, group_pages
):
    sign_in(client, groups["facilitator"])
    press(client, "/groups/balint-secret", "Inviter", who="@" + other_member.handle)
    sign_in(client, other_member)
    assert press(client, "/groups/balint-secret", "Décliner").status_code == 303
    assert client.get("/groups/balint-secret").status_code == 404
    assert CLOSED_WORD not in text_of(client.get("/groups"))


def test_leaving_on_the_web_closes_the_group_pages(client, member, groups, group_pages):
    sign_in(client, member)
    assert reads_the_group_pages(client, group_pages, "balint-secret")
    assert press(client, "/groups/balint-secret", "Quitter le groupe").status_code == 303
    assert not reads_the_group_pages(client, group_pages, "balint-secret")
    assert client.get("/groups/balint-secret").status_code == 404


def test_a_member_removed_on_the_web_reads_the_group_pages_no_more(
    client, member, groups, group_pages
):
    sign_in(client, groups["facilitator"])
    assert press(client, "/groups/balint-secret", "Retirer du groupe").status_code == 303
    sign_in(client, member)
    assert not reads_the_group_pages(client, group_pages, "balint-secret")


def test_a_plain_member_has_no_managing_buttons_and_is_refused_each_step(
    client, member, other_member, groups, group_pages
):
    """Inès is a plain member of the open workshop, Claire its facilitator; Karim asks."""
    facilitator, plain = member, groups["facilitator"]
    add_member(db.session, "atelier", plain.email, "member")
    db.session.commit()
    sign_in(client, other_member)
    press(client, "/groups/atelier", "Demander à rejoindre le groupe")

    sign_in(client, plain)
    page = text_of(client.get("/groups/atelier"))
    assert "Gérer les membres" not in page and 'name="who"' not in page
    assert "Retirer du groupe" not in page and "Nommer animateur" not in page
    steps = {
        f"/groups/atelier/requests/{other_member.id}/approve": {},
        f"/groups/atelier/requests/{other_member.id}/decline": {},
        "/groups/atelier/invite": {"who": "@" + other_member.handle},
        f"/groups/atelier/members/{facilitator.id}/remove": {},
        f"/groups/atelier/members/{plain.id}/role/facilitator": {},
        "/groups/atelier/settings": {"name": "Pris", "description": ""},
    }
    for address, data in steps.items():
        assert client.post(address, data=data).status_code == 403, address
    assert not is_member(groups["workshop"], other_member)  # still asking
    assert db.session.get(Membership, (groups["workshop"].id, plain.id)).role == "member"
    sign_in(client, other_member)
    assert not reads_the_group_pages(client, group_pages, "atelier")


def test_in_a_closed_group_a_plain_member_may_not_invite(client, member, other_member, groups):
    sign_in(client, member)  # a plain member of the Balint group
    assert 'name="who"' not in text_of(client.get("/groups/balint-secret"))
    response = client.post("/groups/balint-secret/invite", data={"who": "@" + other_member.handle})
    assert response.status_code == 403
    sign_in(client, other_member)
    assert client.get("/groups/balint-secret").status_code == 404  # no invitation was made
