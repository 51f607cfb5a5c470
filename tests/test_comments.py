"""Comments on pages and calls: through the web and the API, as members would."""

from __future__ import annotations

import re

import pytest
from helpers import sign_in, sign_out, text_of
from sqlalchemy import select

from wiki.extensions import db
from wiki.models import AuditEntry, Comment, Notification, Report

API = "/api/v1/pages/{}/comments"


@pytest.fixture
def page(make_page):
    return make_page("Aller vers les habitants", body="Un récit de porte à porte.")


@pytest.fixture
def group_page(make_page, group):
    return make_page(
        "Séance du groupe Balint", body="Ce qui s'est dit.", visibility=f"group:{group.slug}"
    )


def _post(client, headers, slug, body, **extra):
    return client.post(API.format(slug), headers=headers, json={"body": body, **extra})


# --- the web --------------------------------------------------------------------------


def test_a_member_comments_on_a_page_and_sees_it_there(client, member, page):
    sign_in(client, member)
    response = client.post(f"/pages/{page.slug}/comments", data={"body": "Merci, **utile**."})

    assert response.status_code == 303
    [comment] = db.session.scalars(select(Comment))
    assert response.headers["Location"].endswith(f"/pages/{page.slug}#comment-{comment.id}")
    html = text_of(client.get(f"/pages/{page.slug}"))
    assert f'id="comment-{comment.id}"' in html
    assert "<strong>utile</strong>" in html
    assert "Claire Martin" in html


def test_an_anonymous_visitor_reads_public_comments_but_is_asked_to_sign_in(
    client, member, page, token_for
):
    _post(client, token_for(member), page.slug, "Un commentaire public")
    html = text_of(client.get(f"/pages/{page.slug}"))

    assert "Un commentaire public" in html
    assert "Connectez-vous pour commenter" in html
    assert client.post(f"/pages/{page.slug}/comments", data={"body": "anonyme"}).status_code in (
        302,
        401,
    )
    assert db.session.scalar(select(Comment).where(Comment.body == "anonyme")) is None


def test_an_empty_comment_is_refused_with_the_form_again(client, member, page):
    sign_in(client, member)
    response = client.post(f"/pages/{page.slug}/comments", data={"body": "   "})

    assert response.status_code == 400
    assert "Écrivez votre commentaire." in text_of(response)
    assert db.session.scalar(select(Comment)) is None


def test_the_charter_findings_are_shown_and_a_reason_lets_the_comment_through(client, member, page):
    sign_in(client, member)
    body = "J'ai rencontré Mme Durand, qui est schizophrène."
    refused = client.post(f"/pages/{page.slug}/comments", data={"body": body})

    assert refused.status_code == 422
    html = text_of(refused)
    assert "Mme Durand" in html and "schizophrène" in html
    assert html.count('name="justification_reason"') == 2
    assert db.session.scalar(select(Comment)) is None

    half = client.post(
        f"/pages/{page.slug}/comments",
        data={
            "body": body,
            "justification_text": ["Mme Durand", "schizophrène"],
            "justification_reason": ["Pseudonyme déjà choisi", ""],
        },
    )
    assert half.status_code == 422
    assert db.session.scalar(select(Comment)) is None

    accepted = client.post(
        f"/pages/{page.slug}/comments",
        data={
            "body": body,
            "justification_text": ["Mme Durand", "schizophrène"],
            "justification_reason": ["Pseudonyme déjà choisi", "Les mots de la personne"],
        },
    )
    assert accepted.status_code == 303
    [comment] = db.session.scalars(select(Comment))
    assert {item["text"] for item in comment.justifications} == {"Mme Durand", "schizophrène"}


def test_fixing_the_text_instead_of_justifying_is_enough(client, member, page):
    sign_in(client, member)
    client.post(f"/pages/{page.slug}/comments", data={"body": "Mme Durand est venue."})
    fixed = client.post(f"/pages/{page.slug}/comments", data={"body": "Mme D. est venue."})

    assert fixed.status_code == 303
    assert db.session.scalar(select(Comment.body)) == "Mme D. est venue."


def test_a_reply_goes_under_its_comment_and_a_reply_to_a_reply_joins_the_thread(
    client, member, other_member, page
):
    sign_in(client, member)
    client.post(f"/pages/{page.slug}/comments", data={"body": "Premier"})
    first = db.session.scalar(select(Comment))
    sign_in(client, other_member)
    client.post(f"/pages/{page.slug}/comments", data={"body": "Réponse", "reply_to": first.id})
    reply = db.session.scalar(select(Comment).where(Comment.body == "Réponse"))
    client.post(
        f"/pages/{page.slug}/comments", data={"body": "Réponse à la réponse", "reply_to": reply.id}
    )
    deeper = db.session.scalar(select(Comment).where(Comment.body == "Réponse à la réponse"))

    assert reply.parent_id == first.id
    assert deeper.parent_id == first.id  # one level of replies
    html = text_of(client.get(f"/pages/{page.slug}"))
    replies = html.split('class="comment-replies"')[1]
    assert "Réponse à la réponse" in replies
    # replies offer no reply form of their own
    assert f'id="reply-body-{reply.id}"' not in html
    assert f'id="reply-body-{first.id}"' in html


def test_a_reply_to_a_comment_of_another_page_is_refused(
    client, member, page, make_page, token_for
):
    other = make_page("Une autre page", body="texte")
    headers = token_for(member)
    elsewhere = _post(client, headers, other.slug, "Ailleurs").json["id"]

    response = _post(client, headers, page.slug, "Réponse", reply_to=elsewhere)
    assert response.status_code == 404
    assert db.session.scalar(select(Comment).where(Comment.body == "Réponse")) is None


def test_the_author_edits_their_comment_which_is_then_marked_modified(
    client, member, other_member, page
):
    sign_in(client, member)
    client.post(f"/pages/{page.slug}/comments", data={"body": "Premiere version"})
    comment = db.session.scalar(select(Comment))
    assert "modifié" not in text_of(client.get(f"/pages/{page.slug}")).split('id="comments"')[1]

    form = client.get(f"/comments/{comment.id}/edit")
    assert form.status_code == 200 and "Premiere version" in text_of(form)
    response = client.post(f"/comments/{comment.id}/edit", data={"body": "Première version"})
    assert response.status_code == 303
    db.session.refresh(comment)
    assert comment.body == "Première version" and comment.edited_at is not None
    assert "modifié" in text_of(client.get(f"/pages/{page.slug}")).split('id="comments"')[1]

    sign_in(client, other_member)
    assert client.get(f"/comments/{comment.id}/edit").status_code == 403
    assert client.post(f"/comments/{comment.id}/edit", data={"body": "Vandale"}).status_code == 403
    db.session.refresh(comment)
    assert comment.body == "Première version"


def test_deleting_a_comment_with_replies_leaves_its_place(client, member, other_member, page):
    sign_in(client, member)
    client.post(f"/pages/{page.slug}/comments", data={"body": "Je vais partir"})
    first = db.session.scalar(select(Comment))
    sign_in(client, other_member)
    client.post(f"/pages/{page.slug}/comments", data={"body": "Je reste", "reply_to": first.id})
    assert client.post(f"/comments/{first.id}/delete").status_code == 403

    sign_in(client, member)
    assert client.post(f"/comments/{first.id}/delete").status_code == 303
    html = text_of(client.get(f"/pages/{page.slug}"))
    assert "commentaire supprimé" in html
    assert "Je vais partir" not in html and "Je reste" in html
    db.session.refresh(first)
    assert first.deleted and first.body == ""

    # the last reply gone, the deleted comment goes too
    reply = db.session.scalar(select(Comment).where(Comment.body == "Je reste"))
    sign_in(client, other_member)
    client.post(f"/comments/{reply.id}/delete")
    assert db.session.scalar(select(Comment)) is None


def test_deleting_a_comment_without_replies_removes_it(client, member, page):
    sign_in(client, member)
    client.post(f"/pages/{page.slug}/comments", data={"body": "Oups"})
    comment = db.session.scalar(select(Comment))
    client.post(f"/comments/{comment.id}/delete")

    assert db.session.scalar(select(Comment)) is None
    assert "commentaire supprimé" not in text_of(client.get(f"/pages/{page.slug}"))


def test_comments_on_a_call_to_the_network(client, member, other_member, token_for):
    call = client.post(
        "/api/v1/calls",
        headers=token_for(member),
        json={"title": "Qui pratique l'aller-vers ?", "body": "Je cherche", "tags": ["aller-vers"]},
    )
    call_id = call.json["id"]
    sign_in(client, other_member)
    response = client.post(f"/calls/{call_id}/comments", data={"body": "Moi, à Tours."})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/calls/{call_id}#comment-{db.session.scalar(select(Comment.id))}"
    )
    assert "Moi, à Tours." in text_of(client.get(f"/calls/{call_id}"))
    listed = client.get(f"/api/v1/calls/{call_id}/comments", headers=token_for(member))
    assert [c["body"] for c in listed.json["results"]] == ["Moi, à Tours."]
    sign_out(client)
    assert client.get(f"/api/v1/calls/{call_id}/comments").status_code == 404


# --- a group page's comments are the group's alone ---------------------------------------


def test_comments_are_listed_in_recent_changes_and_feeds_for_the_pages_readers(
    client, member, other_member, page, group_page, token_for, moderator
):
    _post(client, token_for(member), page.slug, "Un commentaire public du jeudi")
    _post(client, token_for(member), group_page.slug, "Un commentaire entre nous")
    recent = text_of(client.get("/recent"))
    assert "Un commentaire public du jeudi" in recent
    assert "Un commentaire entre nous" not in recent
    feed = client.get("/feeds/recent.atom").get_data(as_text=True)
    assert "Un commentaire public du jeudi" in feed and "Un commentaire entre nous" not in feed
    assert "Un commentaire public du jeudi" not in text_of(client.get("/recent?new=1"))
    by_member = text_of(client.get(f"/recent?member={other_member.handle}"))
    assert "Un commentaire public du jeudi" not in by_member

    sign_in(client, other_member)  # not in the group
    assert "Un commentaire entre nous" not in text_of(client.get("/recent"))
    sign_in(client, member)  # in the group
    assert "Un commentaire entre nous" in text_of(client.get("/recent"))

    hidden = db.session.scalar(select(Comment).where(Comment.page_id == page.id))
    sign_in(client, moderator)
    client.post(
        "/moderation/hide",
        data={"target": f"comment:{hidden.id}", "reason": "x", "next": "/moderation"},
    )
    sign_in(client, other_member)
    assert "Un commentaire public du jeudi" not in text_of(client.get("/recent"))


def test_a_group_pages_comments_are_invisible_to_non_members_everywhere(
    client, member, other_member, group_page, token_for, make_page
):
    _post(client, token_for(member), group_page.slug, "Entre nous seulement")
    comment = db.session.scalar(select(Comment))
    outsider = token_for(other_member)
    api = client.get(API.format(group_page.slug), headers=outsider)
    missing = client.get(API.format("nulle-part"), headers=outsider)
    assert api.status_code == missing.status_code == 404
    assert api.json == missing.json
    assert client.get(API.format(group_page.slug)).status_code == 404
    assert _post(client, outsider, group_page.slug, "Intrus").status_code == 404
    assert _post(client, outsider, "nulle-part", "Intrus").status_code == 404

    sign_in(client, other_member)
    assert client.get(f"/pages/{group_page.slug}").status_code == 404
    assert client.get(f"/comments/{comment.id}").status_code == 404
    assert client.get(f"/comments/{comment.id}/report").status_code == 404
    assert (
        client.post(f"/pages/{group_page.slug}/comments", data={"body": "Intrus"}).status_code
        == 404
    )
    report = client.post(
        "/api/v1/reports", headers=outsider, json={"target": f"comment:{comment.id}", "reason": "x"}
    )
    assert report.status_code == 404
    assert (
        client.put(
            f"/api/v1/comments/{comment.id}", headers=outsider, json={"body": "x"}
        ).status_code
        == 404
    )

    sign_in(client, member)
    assert "Entre nous seulement" in text_of(client.get(f"/pages/{group_page.slug}"))


def test_a_follower_outside_the_group_is_not_notified_of_a_comment(
    client, member, other_member, make_page, group, token_for, app
):
    page = make_page("Bientôt réservée", body="texte")
    client.post(
        "/api/v1/follows",
        headers=token_for(other_member),
        json={"kind": "page", "target": page.slug},
    )
    third = add_third_member(app, group)
    client.post(
        "/api/v1/follows", headers=token_for(third), json={"kind": "page", "target": page.slug}
    )
    # the page goes to the group between the follow and the comment
    page.visibility, page.group_id = f"group:{group.slug}", group.id
    db.session.commit()

    _post(client, token_for(member), page.slug, "Pour le groupe")

    kinds = {(n.user_id, n.kind) for n in db.session.scalars(select(Notification))}
    assert (third.id, "comment.added") in kinds
    assert (other_member.id, "comment.added") not in kinds


def add_third_member(app, group):
    from wiki.auth.accounts import create_user
    from wiki.groups.membership import add_member

    user = create_user(db.session, "lea@example.org", "Léa Petit", "mot-de-passe-solide", "member")
    add_member(db.session, group.slug, user.email, "member")
    db.session.commit()
    return user


def test_followers_of_a_page_and_the_author_answered_are_notified(
    client, member, other_member, page, token_for, app
):
    headers = token_for(member)
    first = _post(client, headers, page.slug, "Question").json["id"]
    _post(client, token_for(other_member), page.slug, "Réponse", reply_to=first)

    reply_id = db.session.scalar(select(Comment.id).where(Comment.body == "Réponse"))
    [notification] = db.session.scalars(
        select(Notification).where(
            Notification.user_id == member.id, Notification.kind == "comment.added"
        )
    )
    assert notification.reason == "reply"  # the most specific reason: an answer to them
    listed = client.get("/api/v1/notifications", headers=headers).json["results"]
    [shown] = [n for n in listed if n["kind"] == "comment.added"]
    assert shown["text"] == "Karim Benali a commenté « Aller vers les habitants »"
    assert shown["url"].endswith(f"/pages/{page.slug}#comment-{reply_id}")


# --- the API ----------------------------------------------------------------------------


def test_the_api_posts_and_lists_comments_with_replies(
    client, member, other_member, page, token_for
):
    created = _post(client, token_for(member), page.slug, "Un *avis*")
    assert created.status_code == 201
    data = created.json
    assert data["body"] == "Un *avis*" and "<em>avis</em>" in data["html"]
    assert data["reply_to"] is None and data["state"] == "published"
    assert data["author"] == {"handle": member.handle, "display_name": "Claire Martin"}

    reply = _post(client, token_for(other_member), page.slug, "D'accord", reply_to=data["id"])
    assert reply.status_code == 201 and reply.json["reply_to"] == data["id"]

    listed = client.get(API.format(page.slug))
    assert listed.status_code == 200
    assert listed.json["total"] == 2
    assert [c["body"] for c in listed.json["results"]] == ["Un *avis*", "D'accord"]


def test_the_api_answers_422_with_the_charter_findings_and_saves_nothing(
    client, member, page, token_for
):
    headers = token_for(member)
    response = _post(client, headers, page.slug, "Appelez-la au 06 12 34 56 78.")

    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "charter_findings" and error["message"]
    assert error["details"]["findings"] == [
        {"kind": "phone", "start": 14, "end": 28, "text": "06 12 34 56 78"}
    ]
    assert db.session.scalar(select(Comment)) is None

    justified = _post(
        client,
        headers,
        page.slug,
        "Appelez-la au 06 12 34 56 78.",
        justifications=[{"text": "06 12 34 56 78", "reason": "Le numéro de l'accueil, public"}],
    )
    assert justified.status_code == 201


def test_the_api_refuses_bad_comment_input(client, member, page, token_for):
    headers = token_for(member)
    assert _post(client, headers, page.slug, "").status_code == 400
    assert _post(client, headers, page.slug, "x" * 10_001).status_code == 400
    assert _post(client, headers, page.slug, "ok", reply_to="1").status_code == 400
    assert _post(client, headers, page.slug, "ok", reply_to=2**40).status_code == 404
    assert (
        _post(client, headers, page.slug, "ok", justifications=[{"texte": "x"}]).status_code == 400
    )
    assert (
        client.post(
            API.format(page.slug), headers=headers, json={"body": "ok", "autre": 1}
        ).status_code
        == 400
    )
    assert client.post(API.format(page.slug), json={"body": "ok"}).status_code == 401
    assert client.get(API.format("Pas_Un_Slug")).status_code == 400
    assert db.session.scalar(select(Comment)) is None


def test_the_api_edits_and_deletes_ones_own_comment(client, member, other_member, page, token_for):
    headers = token_for(member)
    comment_id = _post(client, headers, page.slug, "Avant").json["id"]
    other = token_for(other_member)

    assert (
        client.put(
            f"/api/v1/comments/{comment_id}", headers=other, json={"body": "Pirate"}
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/comments/{comment_id}", headers=other).status_code == 403
    edited = client.put(f"/api/v1/comments/{comment_id}", headers=headers, json={"body": "Après"})
    assert edited.status_code == 200
    assert edited.json["body"] == "Après" and edited.json["edited_at"] is not None
    assert (
        client.put(
            f"/api/v1/comments/{comment_id}", headers=headers, json={"body": "Mme Durand"}
        ).status_code
        == 422
    )

    assert client.delete(f"/api/v1/comments/{comment_id}", headers=headers).status_code == 204
    assert client.get(API.format(page.slug)).json["total"] == 0
    assert client.delete(f"/api/v1/comments/{comment_id}", headers=headers).status_code == 404


# --- moderation -------------------------------------------------------------------------


def test_a_member_reports_a_comment_through_the_signaler_link(
    client, member, other_member, page, token_for
):
    comment_id = _post(client, token_for(member), page.slug, "Discutable").json["id"]
    sign_in(client, other_member)
    html = text_of(client.get(f"/pages/{page.slug}"))
    assert f'href="/comments/{comment_id}/report"' in html

    form = client.get(f"/comments/{comment_id}/report")
    assert form.status_code == 200 and "Discutable" in text_of(form)
    assert client.post(f"/comments/{comment_id}/report", data={"reason": ""}).status_code == 400
    response = client.post(f"/comments/{comment_id}/report", data={"reason": "Hors sujet"})
    assert response.status_code == 303
    [report] = db.session.scalars(select(Report))
    assert (report.target, report.reason) == (f"comment:{comment_id}", "Hors sujet")

    sign_in(client, member)  # one does not report oneself
    assert f"/comments/{comment_id}/report" not in text_of(client.get(f"/pages/{page.slug}"))


def test_a_reported_comment_is_in_the_queue_and_hidden_from_there(
    client, member, other_member, moderator, page, token_for
):
    comment_id = _post(client, token_for(member), page.slug, "Un commentaire discutable").json["id"]
    sign_in(client, other_member)
    client.post(f"/comments/{comment_id}/report", data={"reason": "Hors charte"})
    sign_in(client, moderator)
    queue = text_of(client.get("/moderation"))
    assert "Un commentaire discutable" in queue and "Hors charte" in queue
    hidden = client.post(
        "/moderation/hide",
        data={
            "target": f"comment:{comment_id}",
            "reason": "Contraire à la charte",
            "next": "/moderation",
        },
    )
    assert hidden.status_code == 303
    [report] = db.session.scalars(select(Report))
    assert report.status != "open"
    sign_in(client, other_member)
    html = text_of(client.get(f"/pages/{page.slug}"))
    assert "Un commentaire discutable" not in html and "masqué par la modération" in html
    sign_in(client, moderator)
    restored = client.post(
        "/moderation/restore",
        data={"target": f"comment:{comment_id}", "reason": "Relu", "next": "/moderation"},
    )
    assert restored.status_code == 303
    sign_in(client, other_member)
    assert "Un commentaire discutable" in text_of(client.get(f"/pages/{page.slug}"))


def test_the_api_reports_a_comment(client, member, other_member, page, token_for):
    comment_id = _post(client, token_for(member), page.slug, "Discutable").json["id"]
    response = client.post(
        "/api/v1/reports",
        headers=token_for(other_member),
        json={"target": f"comment:{comment_id}", "reason": "Hors sujet"},
    )
    assert response.status_code == 201


def test_a_moderator_hides_a_comment_and_others_see_it_masked(
    client, member, other_member, moderator, page, token_for
):
    comment_id = _post(client, token_for(member), page.slug, "Propos blessant").json["id"]
    sign_in(client, other_member)
    assert client.post(f"/comments/{comment_id}/hide", data={"reason": "x"}).status_code == 403

    sign_in(client, moderator)
    assert client.post(f"/comments/{comment_id}/hide", data={"reason": ""}).status_code == 400
    response = client.post(f"/comments/{comment_id}/hide", data={"reason": "Propos blessant"})
    assert response.status_code == 303
    [entry] = db.session.scalars(select(AuditEntry))
    assert (entry.action, entry.target, entry.reason, entry.actor_id) == (
        "comment.hide",
        f"comment:{comment_id}",
        "Propos blessant",
        moderator.id,
    )
    moderator_view = text_of(client.get(f"/pages/{page.slug}"))
    assert "Propos blessant" in moderator_view and "masqué par la modération" in moderator_view

    sign_in(client, other_member)
    others = text_of(client.get(f"/pages/{page.slug}")).split('id="comments"')[1]
    assert "masqué par la modération" in others and "Propos blessant" not in others
    api = client.get(API.format(page.slug), headers=token_for(other_member)).json
    assert api["results"][0]["state"] == "hidden" and api["results"][0]["body"] == ""

    sign_in(client, member)  # its author sees it, marked
    own = text_of(client.get(f"/pages/{page.slug}")).split('id="comments"')[1]
    assert "Propos blessant" in own and "masqué par la modération" in own

    sign_in(client, moderator)
    assert client.post(f"/comments/{comment_id}/restore", data={}).status_code == 303
    assert [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
        "comment.hide",
        "comment.restore",
    ]
    sign_in(client, other_member)
    assert "Propos blessant" in text_of(client.get(f"/pages/{page.slug}"))


def test_hiding_through_the_api_is_for_moderators(client, member, moderator, page, token_for):
    comment_id = _post(client, token_for(member), page.slug, "Texte").json["id"]
    url = f"/api/v1/comments/{comment_id}/hide"
    assert client.post(url, headers=token_for(member), json={"reason": "x"}).status_code == 403
    hidden = client.post(url, headers=token_for(moderator), json={"reason": "Charte"})
    assert hidden.status_code == 200 and hidden.json["state"] == "hidden"
    assert (
        client.post(url, headers=token_for(moderator), json={"reason": "Encore"}).status_code == 400
    )


# --- counts in the page cards -----------------------------------------------------------


def test_page_cards_count_the_comments_the_reader_may_read(
    client, member, other_member, moderator, make_page, token_for
):
    page = make_page("Récit commenté", body="texte")
    headers = token_for(member)
    for body in ("Un", "Deux", "Trois"):
        _post(client, headers, page.slug, body)
    hidden = db.session.scalar(select(Comment).where(Comment.body == "Trois"))
    client.post(
        f"/api/v1/comments/{hidden.id}/hide",
        headers=token_for(moderator),
        json={"reason": "Charte"},
    )

    def count_shown() -> str:
        html = text_of(client.get("/practices"))
        card = html.split("Récit commenté")[1].split("</article>")[0]
        found = re.search(r'card-comments">([^<]*)<', card)
        return found.group(1) if found else ""

    assert count_shown() == "2 commentaires"  # anonymous: the hidden one is not counted
    sign_in(client, member)
    assert count_shown() == "3 commentaires"  # its author reads it
    sign_in(client, other_member)
    assert count_shown() == "2 commentaires"


def test_counting_the_comments_of_a_list_is_one_query(app, member, make_page, token_for, client):
    from sqlalchemy import event

    from wiki.comments.reading import comment_counts

    pages = [make_page(f"Page {n}", body="texte") for n in range(5)]
    headers = token_for(member)
    for page in pages:
        _post(client, headers, page.slug, "Un avis")
    ids = [page.id for page in pages]
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        counts = comment_counts(db.session, None, ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert counts == {page_id: 1 for page_id in ids}
    assert len(statements) == 1


# --- a member's data --------------------------------------------------------------------


def test_a_members_comments_are_exported_and_go_with_the_account(
    client, member, other_member, page, token_for
):
    mine = token_for(other_member)
    answered = _post(client, mine, page.slug, "Ma question").json["id"]
    _post(client, token_for(member), page.slug, "Une réponse", reply_to=answered)
    alone = _post(client, mine, page.slug, "Un avis isolé").json["id"]
    _post(client, mine, page.slug, "Ma propre réponse", reply_to=alone)

    exported = client.get("/api/v1/me/export", headers=mine).json["comments"]
    assert {item["body"] for item in exported} == {
        "Ma question",
        "Un avis isolé",
        "Ma propre réponse",
    }
    assert client.delete("/api/v1/me", headers=mine).status_code == 200

    listed = client.get(API.format(page.slug)).json["results"]
    assert [(c["state"], c["body"], c["author"]) for c in listed] == [
        ("deleted", "", None),
        ("published", "Une réponse", {"handle": member.handle, "display_name": "Claire Martin"}),
    ]
    assert db.session.get(Comment, alone) is None


def test_the_author_of_a_call_hears_of_a_comment_on_it(client, member, other_member, token_for):
    call_id = client.post(
        "/api/v1/calls",
        headers=token_for(member),
        json={
            "title": "Qui connaît un lieu d'accueil ?",
            "body": "À Tours",
            "tags": ["aller-vers"],
        },
    ).json["id"]
    posted = client.post(
        f"/api/v1/calls/{call_id}/comments",
        headers=token_for(other_member),
        json={"body": "Le centre social du quartier"},
    )
    assert posted.status_code == 201

    [notification] = db.session.scalars(
        select(Notification).where(Notification.kind == "comment.added")
    )
    assert (notification.user_id, notification.reason) == (member.id, "own_call")


def test_a_masked_comment_takes_no_reply_and_others_cannot_report_it(
    client, member, other_member, moderator, page, token_for
):
    comment_id = _post(client, token_for(member), page.slug, "Propos").json["id"]
    client.post(
        f"/api/v1/comments/{comment_id}/hide",
        headers=token_for(moderator),
        json={"reason": "Charte"},
    )
    outsider = token_for(other_member)

    reply = _post(client, outsider, page.slug, "Réponse", reply_to=comment_id)
    assert reply.status_code == 400
    assert (
        client.post(
            "/api/v1/reports",
            headers=outsider,
            json={"target": f"comment:{comment_id}", "reason": "x"},
        ).status_code
        == 404
    )
    # its author may not rewrite it under the mask, but may delete it
    assert (
        client.put(
            f"/api/v1/comments/{comment_id}", headers=token_for(member), json={"body": "Autre"}
        ).status_code
        == 403
    )
    assert (
        client.delete(f"/api/v1/comments/{comment_id}", headers=token_for(member)).status_code
        == 204
    )


def _reported_comment(client, token_for, author, reporter, page) -> int:
    """The id of a comment of `author` on `page` that `reporter` reported."""
    comment_id = _post(client, token_for(author), page.slug, "Propos discutable").json["id"]
    client.post(
        "/api/v1/reports",
        headers=token_for(reporter),
        json={"target": f"comment:{comment_id}", "reason": "Hors charte"},
    )
    return comment_id


def test_hiding_a_reported_comment_from_its_page_closes_its_reports(
    client, member, other_member, moderator, page, token_for
):
    comment_id = _reported_comment(client, token_for, member, other_member, page)
    sign_in(client, moderator)
    assert "Propos discutable" in text_of(client.get("/moderation"))

    client.post(f"/comments/{comment_id}/hide", data={"reason": "Contraire à la charte"})

    [report] = db.session.scalars(select(Report))
    assert (report.status, report.resolution, report.handled_by_id) == (
        "resolved",
        "Contraire à la charte",
        moderator.id,
    )
    assert "Propos discutable" not in text_of(client.get("/moderation"))
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "comment.hide"))
    assert entry.details["reports"] == 1


def test_a_comment_hidden_from_the_queue_keeps_who_hid_it_and_why(
    client, member, other_member, moderator, page, token_for
):
    comment_id = _reported_comment(client, token_for, member, other_member, page)
    sign_in(client, moderator)
    client.post(
        "/moderation/hide",
        data={"target": f"comment:{comment_id}", "reason": "Insultant", "next": "/moderation"},
    )

    comment = db.session.get(Comment, comment_id)
    db.session.refresh(comment)
    assert (comment.hidden_by_id, comment.hidden_reason) == (moderator.id, "Insultant")
    [own] = client.get(API.format(page.slug), headers=token_for(member)).json["results"]
    assert (own["state"], own["hidden_reason"]) == ("hidden", "Insultant")

    client.post(
        "/moderation/restore",
        data={"target": f"comment:{comment_id}", "reason": "Relu", "next": "/moderation"},
    )
    db.session.refresh(comment)
    assert (comment.hidden_at, comment.hidden_by_id, comment.hidden_reason) == (None, None, "")
