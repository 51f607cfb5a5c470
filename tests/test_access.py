"""wiki.access: one can(actor, action, resource) for every area, the same for templates."""

from __future__ import annotations

import pytest

from wiki import access
from wiki.errors import Forbidden, NotAuthenticated, NotFound
from wiki.extensions import db


@pytest.fixture
def pages(make_page, group):
    return {
        "public": make_page("Page publique"),
        "members": make_page("Page des membres", visibility="members"),
        "group": make_page("Page du groupe", visibility=f"group:{group.slug}"),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"public"}),
        ("outsider", {"public", "members"}),
        ("group_member", {"public", "members", "group"}),
    ],
)
def test_page_view_answers_as_the_sql_filter_does(pages, who, expected, member, other_member):
    actor = {"anonymous": None, "outsider": other_member, "group_member": member}[who]
    by_rule = {name for name, page in pages.items() if access.can(actor, "page.view", page)}
    listed = set(db.session.scalars(access.visible_pages(actor)))
    assert by_rule == expected
    assert {page.slug for page in listed} == {pages[name].slug for name in expected}


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(LookupError):
        access.can(None, "page.fly")


def test_a_deactivated_account_is_nobody(pages, other_member):
    other_member.active = False
    assert not access.can(other_member, "page.view", pages["members"])
    assert not access.can(other_member, "page.create")


def test_require_hides_what_the_actor_may_not_see(pages, other_member):
    with pytest.raises(NotFound):
        access.require(other_member, "page.view", pages["group"])


def test_require_asks_an_anonymous_visitor_to_sign_in_and_refuses_a_member(member):
    with pytest.raises(NotAuthenticated):
        access.require(None, "page.create")
    with pytest.raises(Forbidden):
        access.require(member, "tags.moderate")


def test_templates_ask_the_same_rules(client, login, moderator, member, make_page):
    make_page("Page publique")
    assert "/tags/aller-vers/edit" not in client.get("/tags/aller-vers").get_data(True)
    assert ">Modifier<" not in client.get("/pages/page-publique").get_data(True)
    login(moderator)
    assert "/tags/aller-vers/edit" in client.get("/tags/aller-vers").get_data(True)
    assert ">Modifier<" in client.get("/pages/page-publique").get_data(True)


def test_views_hand_templates_no_permission_booleans_of_their_own():
    """Templates ask `can(action, resource)`; a view passing `can_reply=...` or `manages=...`
    would be a second, one-off answer that the rules could drift from."""
    import ast
    from pathlib import Path

    import wiki

    suspects = []
    for path in Path(wiki.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call) and getattr(node.func, "id", "") == "render_template"
            ):
                continue
            for keyword in node.keywords:
                value = keyword.value
                asks_can = (
                    isinstance(value, ast.Call)
                    and getattr(value.func, "id", getattr(value.func, "attr", "")) == "can"
                )
                if asks_can or (keyword.arg or "").startswith(("can_", "may_")):
                    suspects.append(f"{path.name}:{node.lineno} {keyword.arg}")
    assert suspects == []


def test_templates_answer_calls_and_conversations_with_the_rules(
    client, member, other_member, token_for
):
    from helpers import sign_in, sign_out

    from tests.contact_helpers import give_profile

    give_profile(other_member)
    call = client.post(
        "/api/v1/calls", headers=token_for(member), json={"title": "Un appel", "tags": ["quartier"]}
    ).get_json()
    started = client.post(
        "/api/v1/conversations",
        headers=token_for(member),
        json={"to": other_member.handle, "subject": "Objet", "body": "Bonjour"},
    ).get_json()
    sign_in(client, member)
    page = client.get(f"/calls/{call['id']}").get_data(as_text=True)
    assert "marquer l'appel résolu" in page and "Publier la réponse" in page
    assert "Envoyer la réponse" in client.get(f"/messages/{started['id']}").get_data(as_text=True)
    sign_out(client)
    sign_in(client, other_member)
    page = client.get(f"/calls/{call['id']}").get_data(as_text=True)
    assert "marquer l'appel résolu" not in page and "Publier la réponse" in page
    client.post(f"/api/v1/calls/{call['id']}/resolve", headers=token_for(member))
    assert "Publier la réponse" not in client.get(f"/calls/{call['id']}").get_data(as_text=True)
