"""Reading and writing pages through the web interface: lists, sheets, forms, follow-ups."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import FollowUp, Page

INNOVATION_FIELDS = {
    "sectors": "Tous secteurs",
    "audience": "Les travailleurs de niveaux 6 (ASS, CESF, ES, ...)",
    "duration": "Maximum 3 jours / 21 heures",
    "places_dates": "Groupe 1\nOrléans lieu et dates à définir",
    "partners": "DGCS",
    "context": "La stratégie de prévention et de lutte contre la pauvreté.",
    "objectives": "Identifier les « techniques » de l'aller vers.",
    "prerequisites": "Avoir suivi le 1er module.",
    "approach": "A venir.",
    "territory": "Centre-Val de Loire",
    "contact": "formation@example.org",
}


def page_form(title="Un accueil de jour", body="Le récit.", **extra):
    data = {
        "title": title,
        "body": body,
        "visibility": "public",
        "summary": "",
        "tags": "",
        "base_revision": "",
    }
    data.update(extra)
    return data


# --- home and lists ---------------------------------------------------------------------


def test_home_shows_latest_pages_of_each_kind_and_the_vocabulary(client, make_page):
    make_page("Aller vers les habitants")
    make_page("Module 2 aller vers", kind="innovation")
    html = text_of(client.get("/"))
    assert "Aller vers les habitants" in html
    assert "Module 2 aller vers" in html
    assert "Non-demande" in html  # a controlled tag
    assert "Connectez-vous pour écrire" in html


def test_home_invites_members_to_write(client, member):
    sign_in(client, member)
    assert "/pages/new?kind=practice" in text_of(client.get("/"))


def test_practices_list_only_practice_accounts(client, make_page):
    make_page("Un récit de pratique", fields={"territory": "Tours", "sector": "Logement"})
    make_page("Une fiche", kind="innovation")
    html = text_of(client.get("/practices"))
    assert "Un récit de pratique" in html
    assert "Tours · Logement" in html
    assert "Une fiche" not in html
    assert "Une fiche" in text_of(client.get("/innovations"))


def test_lists_filter_by_tag(client, make_page):
    make_page("Sur la non-demande", tags=["non-demande"])
    make_page("Sur le quartier", tags=["quartier"])
    html = text_of(client.get("/practices?tag=non-demande"))
    assert "Sur la non-demande" in html
    assert "Sur le quartier" not in html


def test_unknown_tag_filter_is_a_404(client, make_page):
    assert client.get("/practices?tag=nulle-part").status_code == 404


def test_lists_are_paginated(app, client, make_page):
    app.config["PER_PAGE"] = 2
    for n in range(5):
        make_page(f"Récit numéro {n}")
    first = text_of(client.get("/practices"))
    assert "Page 1 sur 3" in first
    assert "Récit numéro 4" in first and "Récit numéro 2" not in first
    assert 'href="/practices?page=2"' in first
    third = text_of(client.get("/practices?page=3"))
    assert "Récit numéro 0" in third


@pytest.mark.parametrize(
    "url", ["/", "/practices", "/tags/isolement", "/recent", "/feeds/recent.atom", "/tags"]
)
def test_lists_do_not_query_once_per_page(app, client, make_page, make_user, url):
    """Tags, group, fields and authors come with the pages: the count does not grow."""

    def queries_for_list() -> int:
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    make_page("Premier", tags=["isolement"], fields={"territory": "Blois"})
    few = queries_for_list()
    authors = [make_user(f"auteur{n}@example.org") for n in range(3)]
    for n in range(6):
        make_page(
            f"Récit {n}",
            tags=["isolement", f"libre-{n}"],
            fields={"sector": "Santé"},
            author=authors[n % 3],
        )
    db.session.expunge_all()  # nothing already loaded may hide a query
    assert queries_for_list() == few


# --- reading a page ---------------------------------------------------------------------


def test_practice_account_shows_its_fields_then_its_text(client, make_page):
    make_page(
        "Une visite à domicile",
        body="Elle **n'ouvrait** pas la porte.",
        fields={
            "territory": "Orléans",
            "sector": "Protection de l'enfance",
            "audience": "Familles",
            "period": "2023",
            "setting": "AEMO",
        },
        tags=["aller-vers"],
    )
    html = text_of(client.get("/pages/une-visite-a-domicile"))
    for label, value in (
        ("Lieu", "Orléans"),
        ("Secteur", "Protection de l&#39;enfance"),
        ("Public", "Familles"),
        ("Période", "2023"),
        ("Cadre d'intervention", "AEMO"),
    ):
        assert f"<dt>{label}</dt>" in html
        assert value in html
    assert html.index("<dt>Lieu</dt>") < html.index("<strong>n'ouvrait</strong>")
    assert 'href="/tags/aller-vers"' in html
    assert "Claire Martin" in html  # the author
    assert 'href="/pages/une-visite-a-domicile/history"' in html


def test_innovation_sheet_reads_like_a_training_sheet(client, make_page):
    make_page("Aller vers module 2", kind="innovation", fields=INNOVATION_FIELDS)
    html = text_of(client.get("/pages/aller-vers-module-2"))
    sheet = html.index("Fiche technique")
    positions = [
        html.index(f"<dt>{label}</dt>")
        for label in ("Secteurs", "Public", "Durée", "Lieux & dates", "Partenariat & cofinancement")
    ]
    positions += [
        html.index(f">{label}</h2>")
        for label in (
            "Contexte",
            "Objectifs",
            "Prérequis",
            "Contenu / démarche",
            "Territoire",
            "Contact",
        )
    ]
    assert sheet < positions[0]
    assert positions == sorted(positions)
    # The places and dates read as sessions (wiki.pages.typed_fields): a list, not a text.
    assert "<li><strong>Groupe 1</strong> : Orléans — dates à définir</li>" in html
    assert "Suivi des effets" in html


def test_field_values_are_escaped(client, make_page):
    make_page(
        "Fiche piégée",
        kind="innovation",
        fields={"context": "<script>alert(1)</script>", "sectors": "<b>x</b>"},
    )
    html = text_of(client.get("/pages/fiche-piegee"))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_page_lists_its_backlinks(client, make_page):
    make_page("Le groupe Balint")
    make_page("Un récit", body="Discuté au [[Le groupe Balint]].")
    html = text_of(client.get("/pages/le-groupe-balint"))
    assert "Pages qui pointent ici" in html
    assert 'href="/pages/un-recit"' in html


def test_missing_page_is_a_404(client):
    assert client.get("/pages/nulle-part").status_code == 404


def test_visibility_badge_names_the_group(client, member, make_page, group):
    page = make_page("Au groupe", visibility="group:atelier-praxis")
    sign_in(client, member)
    assert "Groupe Atelier des praxis sociales" in text_of(client.get(f"/pages/{page.slug}"))


# --- follow-ups -------------------------------------------------------------------------


def test_member_adds_a_follow_up_of_effects(client, member, make_page):
    make_page("Module aller vers", kind="innovation", fields=INNOVATION_FIELDS)
    sign_in(client, member)
    response = client.post(
        "/pages/module-aller-vers/follow-ups",
        data={
            "observed_on": "2024-03-12",
            "area": "practices",
            "text": "Les équipes vont au marché le mardi.",
        },
    )
    assert response.status_code == 302
    html = text_of(client.get("/pages/module-aller-vers"))
    assert "Sur les pratiques" in html
    assert "Les équipes vont au marché le mardi." in html
    assert "12 mars 2024" in html


def test_follow_ups_are_grouped_by_area_in_date_order(client, member, make_page):
    make_page("Module", kind="innovation")
    sign_in(client, member)
    for day, area, text in (
        ("2024-05-01", "people", "Plus tard"),
        ("2024-01-01", "people", "Plus tôt"),
        ("2024-02-01", "organisations", "Une convention signée"),
    ):
        client.post(
            "/pages/module/follow-ups", data={"observed_on": day, "area": area, "text": text}
        )
    html = text_of(client.get("/pages/module"))
    assert (
        html.index("Sur les personnes concernées")
        < html.index("Plus tôt")
        < html.index("Plus tard")
        < html.index("Sur les organisations")
        < html.index("Une convention signée")
    )


def test_follow_up_without_text_is_refused_next_to_the_field(client, member, make_page):
    make_page("Module", kind="innovation")
    sign_in(client, member)
    response = client.post(
        "/pages/module/follow-ups", data={"observed_on": "2024-03-12", "area": "people", "text": ""}
    )
    assert response.status_code == 400
    assert "Décrivez les effets observés." in text_of(response)
    assert db.session.scalar(select(FollowUp)) is None


def test_anonymous_follow_up_is_sent_to_sign_in(client, make_page):
    make_page("Module", kind="innovation")
    response = client.post(
        "/pages/module/follow-ups",
        data={"observed_on": "2024-03-12", "area": "people", "text": "x"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert db.session.scalar(select(FollowUp)) is None


# --- writing ----------------------------------------------------------------------------


def test_anonymous_writer_is_sent_to_sign_in(client):
    response = client.get("/pages/new?kind=practice")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fpages%2Fnew%3Fkind%3Dpractice"


def test_new_page_without_kind_offers_both_kinds(client, member):
    sign_in(client, member)
    html = text_of(client.get("/pages/new"))
    assert "/pages/new?kind=practice" in html
    assert "/pages/new?kind=innovation" in html


def test_practice_form_has_one_labelled_input_per_field(client, member):
    sign_in(client, member)
    html = text_of(client.get("/pages/new?kind=practice"))
    for name, label in (
        ("territory", "Lieu"),
        ("sector", "Secteur"),
        ("audience", "Public"),
        ("period", "Période"),
        ("setting", "Cadre d'intervention"),
    ):
        assert f'<label for="{name}">{label}</label>' in html
        assert f'name="{name}"' in html
    assert 'value="non-demande"' in html  # the controlled vocabulary as checkboxes
    assert "Markdown" in html


def test_member_writes_a_practice_account(client, member):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=practice",
        data=page_form(
            title="Une permanence au marché",
            body="On y va le **mardi**.",
            territory="Blois",
            sector="Insertion",
            controlled_tags=["aller-vers", "quartier"],
            tags="marché, Logement",
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/pages/une-permanence-au-marche"
    page = db.session.scalar(select(Page))
    assert page.current.fields == {"territory": "Blois", "sector": "Insertion"}
    assert sorted(t.slug for t in page.tags) == ["aller-vers", "logement", "marche", "quartier"]
    assert page.current.author == member
    html = text_of(client.get("/pages/une-permanence-au-marche"))
    assert "<strong>mardi</strong>" in html


def test_member_writes_an_innovation_sheet_with_every_field(client, member):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=innovation",
        data=page_form(title="Aller vers, module 2", **INNOVATION_FIELDS),
    )
    assert response.status_code == 302
    page = db.session.scalar(select(Page))
    assert page.kind == "innovation"
    assert page.current.fields == INNOVATION_FIELDS


def test_page_created_from_a_missing_link_takes_its_slug(client, member, make_page):
    make_page("Un récit", body="Voir [[Groupe d'analyse]].")
    link_html = text_of(client.get("/pages/un-recit"))
    assert 'href="/pages/new?slug=groupe-d-analyse' in link_html
    sign_in(client, member)
    form = text_of(client.get("/pages/new?kind=practice&slug=groupe-d-analyse"))
    assert 'value="groupe-d-analyse"' in form
    response = client.post(
        "/pages/new?kind=practice", data=page_form(title="Le groupe", slug="groupe-d-analyse")
    )
    assert response.headers["Location"] == "/pages/groupe-d-analyse"
    assert 'href="/pages/groupe-d-analyse"' in text_of(client.get("/pages/un-recit"))


def test_missing_title_is_shown_next_to_the_field(client, member):
    sign_in(client, member)
    response = client.post("/pages/new?kind=practice", data=page_form(title=""))
    assert response.status_code == 400
    html = text_of(response)
    assert 'class="field has-error"' in html
    assert "Le titre est obligatoire." in html
    assert db.session.scalar(select(Page)) is None


def test_visibility_offers_only_the_writers_groups(client, member, other_member, group):
    sign_in(client, member)
    assert 'value="group:atelier-praxis"' in text_of(client.get("/pages/new?kind=practice"))
    sign_in(client, other_member)
    assert 'value="group:atelier-praxis"' not in text_of(client.get("/pages/new?kind=practice"))
    response = client.post(
        "/pages/new?kind=practice", data=page_form(visibility="group:atelier-praxis")
    )
    assert response.status_code == 400
    assert db.session.scalar(select(Page)) is None


def test_member_restricts_a_page_to_their_group(client, member, group):
    sign_in(client, member)
    client.post(
        "/pages/new?kind=practice",
        data=page_form(title="En atelier", visibility="group:atelier-praxis"),
    )
    page = db.session.scalar(select(Page))
    assert page.visibility == "group:atelier-praxis"
    assert page.group_id == group.id


def test_edit_form_is_filled_with_the_current_version(client, member, make_page):
    make_page(
        "Un récit",
        body="Texte d'origine",
        fields={"territory": "Tours"},
        tags=["isolement", "Mon étiquette"],
    )
    sign_in(client, member)
    html = text_of(client.get("/pages/un-recit/edit"))
    assert "Texte d&#39;origine</textarea>" in html
    assert 'value="Tours"' in html
    assert re.search(r'<input checked[^>]*value="isolement"', html)
    assert not re.search(r'<input checked[^>]*value="quartier"', html)
    assert 'value="Mon étiquette"' in html
    assert 'name="base_revision" type="hidden" value="1"' in html


def test_edit_saves_a_new_revision(client, member, make_page):
    page = make_page("Un récit", body="Avant")
    sign_in(client, member)
    response = client.post(
        "/pages/un-recit/edit",
        data=page_form(title="Un récit", body="Après", base_revision="1", summary="Précisions"),
    )
    assert response.status_code == 302
    db.session.refresh(page)
    assert page.version == 2
    assert page.current.body == "Après"
    assert page.current.summary == "Précisions"


def test_anonymous_edit_of_a_public_page_is_sent_to_sign_in(client, make_page):
    make_page("Un récit")
    response = client.get("/pages/un-recit/edit")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("url", ["/pages/new?kind=practice", "/pages/un-recit/edit"])
def test_form_post_without_csrf_token_is_refused(app, client, member, make_page, url):
    make_page("Un récit")
    app.config["WTF_CSRF_ENABLED"] = True
    sign_in(client, member)
    response = client.post(url, data=page_form(title="Un récit", base_revision="1"))
    assert response.status_code == 400
    assert "Le formulaire a expiré" in text_of(response)
    assert db.session.scalar(select(Page.version)) == 1


def test_hostile_text_is_escaped_on_every_page_view(client, make_user, make_page):
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    author = make_user("evil@example.org", name=evil)
    make_page(
        evil,
        kind="innovation",
        body=evil,
        author=author,
        summary=evil,
        tags=[evil[:40]],
        fields={"context": evil, "sectors": evil},
    )
    sign_in(client, author)
    client.post(
        "/pages/script-alert-1-script-img-src-x-onerror-alert-2/follow-ups",
        data={"observed_on": "2024-01-01", "area": "people", "text": evil},
    )
    slug = db.session.scalar(select(Page.slug))
    for url in (
        "/",
        "/innovations",
        f"/pages/{slug}",
        f"/pages/{slug}/edit",
        f"/pages/{slug}/history",
        f"/pages/{slug}/diff?from=1&to=1",
        f"/pages/{slug}/revisions/1",
        "/recent",
        "/tags",
    ):
        html = text_of(client.get(url))
        assert not re.search(r"<script>alert|<img[^>]*onerror", html), url


def test_link_to_a_page_created_since_leads_to_it(client, member, make_page):
    make_page("Le groupe")
    sign_in(client, member)
    response = client.get("/pages/new?slug=le-groupe")
    assert response.status_code == 302
    assert response.headers["Location"] == "/pages/le-groupe"


def test_page_reads_in_english_for_an_english_browser(client, make_page):
    make_page("Module", kind="innovation", fields={"sectors": "Tous secteurs"}, tags=["aller-vers"])
    html = text_of(client.get("/pages/module", headers={"Accept-Language": "en"}))
    assert "Technical sheet" in html
    assert "Pages that link here" in html
    assert "Proactive outreach" in html  # the tag's English label
    assert "Tous secteurs" in html  # content stays as written
