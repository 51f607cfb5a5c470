"""Tags on the web: the index with counts, a tag's pages, and the vocabulary moderators keep."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import Tag


def test_tag_index_shows_controlled_tags_first_with_counts(client, make_page):
    make_page("Un", tags=["non-demande", "ma-marotte"])
    make_page("Deux", tags=["non-demande"])
    html = text_of(client.get("/tags"))
    assert html.index("Non-demande") < html.index("ma-marotte")
    assert "Vocabulaire de l'association" in html
    non_demande = html[html.index('href="/tags/non-demande"') :]
    assert "(2 pages)" in non_demande[:200]
    assert "(1 page)" in html[html.index('href="/tags/ma-marotte"') :][:200]
    assert "(aucune page)" in html  # an unused controlled tag still shows


def test_tag_page_lists_its_pages_with_the_description(client, make_page):
    make_page("Sur la non-demande", tags=["non-demande"])
    make_page("Sans rapport", tags=["quartier"])
    html = text_of(client.get("/tags/non-demande"))
    assert "<h1>Étiquette : Non-demande</h1>" in html
    assert "Situations où la personne n&#39;exprime pas de demande d&#39;aide." in html
    assert "Sur la non-demande" in html
    assert "Sans rapport" not in html


def test_unknown_tag_is_a_404(client):
    assert client.get("/tags/rien-de-tel").status_code == 404


def test_page_card_links_its_tags(client, make_page):
    make_page("Un récit", tags=["aller-vers"])
    assert 'href="/tags/aller-vers"' in text_of(client.get("/practices"))


def test_moderator_adds_a_tag_to_the_vocabulary(client, moderator):
    sign_in(client, moderator)
    assert client.get("/tags/new").status_code == 200
    response = client.post(
        "/tags/new",
        data={
            "label_fr": "Santé mentale",
            "label_en": "Mental health",
            "description": "Sans diagnostic.",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/tags/sante-mentale"
    tag = db.session.scalar(select(Tag).where(Tag.slug == "sante-mentale"))
    assert (tag.label_fr, tag.label_en, tag.controlled) == ("Santé mentale", "Mental health", True)
    assert "Sans diagnostic." in text_of(client.get("/tags/sante-mentale"))


def test_a_free_tag_can_be_promoted_to_the_vocabulary(client, moderator, make_page):
    make_page("Un récit", tags=["Logement"])
    sign_in(client, moderator)
    client.post("/tags/new", data={"slug": "logement", "label_fr": "Logement"})
    assert db.session.scalar(select(Tag.controlled).where(Tag.slug == "logement")) is True


def test_moderator_edits_a_tag(client, moderator):
    sign_in(client, moderator)
    form = text_of(client.get("/tags/isolement/edit"))
    assert 'value="Isolement"' in form
    response = client.post(
        "/tags/isolement/edit",
        data={
            "label_fr": "Isolement social",
            "label_en": "Social isolation",
            "description": "Personnes seules.",
            "controlled": "y",
        },
    )
    assert response.status_code == 302
    html = text_of(client.get("/tags/isolement"))
    assert "Isolement social" in html and "Personnes seules." in html


def test_tag_without_label_is_refused_next_to_the_field(client, moderator):
    sign_in(client, moderator)
    response = client.post("/tags/new", data={"label_fr": ""})
    assert response.status_code == 400
    assert "Le libellé français est obligatoire." in text_of(response)


def test_existing_controlled_tag_cannot_be_created_twice(client, moderator):
    sign_in(client, moderator)
    response = client.post("/tags/new", data={"slug": "aller-vers", "label_fr": "Autre"})
    assert response.status_code == 400
    assert db.session.scalar(select(Tag.label_fr).where(Tag.slug == "aller-vers")) == ("Aller vers")


def test_members_may_not_edit_the_vocabulary(client, member):
    sign_in(client, member)
    assert client.get("/tags/new").status_code == 403
    response = client.post("/tags/isolement/edit", data={"label_fr": "Piraté"})
    assert response.status_code == 403
    assert db.session.scalar(select(Tag.label_fr).where(Tag.slug == "isolement")) == ("Isolement")


def test_anonymous_visitors_are_sent_to_sign_in_for_the_vocabulary(client):
    response = client.get("/tags/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
