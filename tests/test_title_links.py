"""`[[Exact title]]` leads to the page of that title: by slug first, then by current title,
then by former title, accents, case and spacing folded; writers are warned when they create a
page whose title another page bears; a hidden page's title is never revealed."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import event, func, select

from tests.helpers import sign_in, text_of
from wiki.content.markdown import render_markdown
from wiki.extensions import db
from wiki.models import Page
from wiki.pages.editing import PageDraft, create_page, prepare_new_page

FRAPPER = "Frapper à la porte : visites auprès de personnes âgées isolées"


class Links(HTMLParser):
    """The wiki links of a page body: (href, class, text)."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []
        self._open: dict | None = None
        self.feed(html.split('<div class="page-body">', 1)[-1].split("</div>", 1)[0])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "wiki-link" in (attrs.get("class") or ""):
            self._open = {"href": attrs["href"], "class": attrs["class"], "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.found.append((self._open["href"], self._open["class"], self._open["text"]))
            self._open = None


def links_on(client, slug: str) -> list[tuple[str, str, str]]:
    return Links(text_of(client.get(f"/pages/{slug}"))).found


def edit(client, page, **changes):
    data = {
        "title": page.title,
        "body": page.current.body,
        "visibility": page.visibility,
        "summary": "",
        "tags": "",
        "base_revision": str(page.version),
    }
    data.update(changes)
    return client.post(f"/pages/{page.slug}/edit", data=data)


def test_the_exact_title_of_a_page_links_to_it(client, make_page):
    make_page(FRAPPER, body="Des visites.", slug="frapper-a-la-porte")
    linking = make_page("Un récit voisin", body=f"Voir [[{FRAPPER}]].")
    assert links_on(client, linking.slug) == [("/pages/frapper-a-la-porte", "wiki-link", FRAPPER)]


def test_accents_case_spacing_and_apostrophes_are_folded(client, make_page):
    make_page("L'atelier des praxis sociales", body="Un atelier.", slug="atelier")
    linking = make_page(
        "Récit",
        body="[[l’Atelier   des PRAXIS sociales]] et [[L'ATÉLIER des praxis sociales|l'atelier]]",
    )
    assert [href for href, _, _ in links_on(client, linking.slug)] == [
        "/pages/atelier",
        "/pages/atelier",
    ]


def test_punctuation_is_not_folded_away(client, make_page):
    make_page("Aller vers !", body="Un.", slug="aller-vers-exclamation")
    linking = make_page("Récit", body="[[Aller vers ?]]")
    ((href, css, _),) = links_on(client, linking.slug)
    assert css == "wiki-link missing"


def test_a_link_by_slug_wins_over_a_title(client, make_page):
    make_page("Balint", body="Titrée « Balint », plus ancienne.", slug="balint-bis")
    make_page("Le groupe Balint", body="La page balint.", slug="balint")
    linking = make_page("Récit", body="[[Balint]]")
    assert links_on(client, linking.slug)[0][0] == "/pages/balint"


def test_a_page_created_later_takes_the_links_to_its_title(client, member, make_page, token_for):
    linking = make_page("Récit", body=f"Voir [[{FRAPPER}]].")
    assert links_on(client, linking.slug)[0][1] == "wiki-link missing"
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={
            "kind": "practice",
            "title": FRAPPER,
            "body": "Des visites.",
            "slug": "frapper-a-la-porte",
        },
    )
    assert response.status_code == 201
    assert links_on(client, linking.slug) == [("/pages/frapper-a-la-porte", "wiki-link", FRAPPER)]


def test_a_renamed_page_keeps_its_links_and_takes_those_to_its_new_title(client, member, make_page):
    sheet = make_page("Ancien titre", body="La fiche.", slug="la-fiche")
    old_link = make_page("Récit ancien", body="[[Ancien titre]]")
    new_link = make_page("Récit nouveau", body="[[Nouveau titre]]")
    sign_in(client, member)
    assert edit(client, sheet, title="Nouveau titre").status_code == 302
    assert links_on(client, old_link.slug)[0][:2] == ("/pages/la-fiche", "wiki-link")
    assert links_on(client, new_link.slug)[0][:2] == ("/pages/la-fiche", "wiki-link")


def test_a_current_title_wins_over_a_former_one(client, member, make_page):
    sheet = make_page("Ancien titre", body="La fiche.", slug="la-fiche")
    linking = make_page("Récit", body="[[Ancien titre]]")
    sign_in(client, member)
    edit(client, sheet, title="Nouveau titre")
    response = client.post(
        "/pages/new?kind=practice",
        data={
            "title": "Ancien titre",
            "body": "Une autre page.",
            "visibility": "public",
            "tags": "",
            "slug": "une-autre",
            "confirm_same_title": "1",
        },
    )
    assert response.status_code == 302
    assert links_on(client, linking.slug)[0][0] == "/pages/une-autre"


def test_the_oldest_page_of_a_shared_title_wins(client, make_page):
    make_page("Même titre", body="La première.", slug="premiere")
    make_page("Même titre", body="La seconde.", slug="seconde")
    linking = make_page("Récit", body="[[Même titre]]")
    assert links_on(client, linking.slug)[0][0] == "/pages/premiere"


def test_a_page_linked_by_title_lists_its_backlink(client, make_page):
    make_page(FRAPPER, body="Des visites.", slug="frapper-a-la-porte")
    make_page("Un récit voisin", body=f"Voir [[{FRAPPER}]].")
    html = text_of(client.get("/pages/frapper-a-la-porte"))
    backlinks = html.split('id="backlinks-title"', 1)[1]
    assert "Un récit voisin" in backlinks


# --- what a hidden page's title must not reveal ------------------------------------------


def test_a_title_link_to_a_hidden_page_reads_exactly_like_a_missing_link(
    client, make_page, group, other_member
):
    hidden = make_page("Cercle fermé", body="Nos échanges.", visibility="group:atelier-praxis")
    linking = make_page("Page ouverte", body="Voir [[Cercle fermé]] et [[cercle ferme]].")
    as_if_missing = render_markdown(linking.current.body).html  # no page at all
    for reader in (None, other_member):
        if reader is not None:
            sign_in(client, reader)
        html = text_of(client.get(f"/pages/{linking.slug}"))
        assert as_if_missing in html
        assert hidden.slug not in html
        api = client.get(f"/api/v1/pages/{linking.slug}").get_json()["html"]
        assert hidden.slug not in api


def test_the_group_sees_the_title_link_to_its_page(client, member, make_page, group):
    hidden = make_page("Cercle fermé", body="Nos échanges.", visibility="group:atelier-praxis")
    linking = make_page("Page ouverte", body="Voir [[Cercle fermé]].")
    sign_in(client, member)
    assert links_on(client, linking.slug)[0][:2] == (f"/pages/{hidden.slug}", "wiki-link")


def test_a_title_shared_with_a_hidden_page_leads_each_reader_to_what_they_may_see(
    client, member, other_member, make_page, group
):
    hidden = make_page("Synthèse", body="Du groupe.", visibility="group:atelier-praxis")
    make_page("Synthèse", body="Publique.", slug="synthese-publique")
    linking = make_page("Page ouverte", body="[[Synthèse]]")
    assert links_on(client, linking.slug)[0][0] == "/pages/synthese-publique"
    sign_in(client, other_member)
    assert links_on(client, linking.slug)[0][0] == "/pages/synthese-publique"
    sign_in(client, member)  # in the group: the oldest page of that title
    assert links_on(client, linking.slug)[0][0] == f"/pages/{hidden.slug}"


def test_following_the_link_to_a_hidden_title_reveals_nothing(
    client, make_page, group, other_member
):
    make_page("Cercle fermé", body="Nos échanges.", visibility="group:atelier-praxis")
    linking = make_page("Page ouverte", body="Voir [[Cercle fermé]].")
    sign_in(client, other_member)
    ((href, _, _),) = links_on(client, linking.slug)
    query = parse_qs(urlsplit(href).query)
    form = client.get(href + "&kind=practice")
    assert form.status_code == 200  # the creation form, as for any missing page
    response = client.post(
        "/pages/new?kind=practice",
        data={
            "title": query["title"][0],
            "body": "Une page publique.",
            "visibility": "public",
            "tags": "",
            "slug": query["slug"][0],
        },
    )
    assert response.status_code == 302  # no « a page bears this title » warning
    assert response.headers["Location"] == "/pages/cercle-ferme"  # and no "-2"


# --- the warning at creation -------------------------------------------------------------


def new_practice(client, title, **extra):
    data = {"title": title, "body": "Un récit.", "visibility": "public", "tags": ""}
    data.update(extra)
    return client.post("/pages/new?kind=practice", data=data)


def test_creating_a_page_with_a_title_already_borne_asks_first(client, member, make_page):
    make_page(FRAPPER, body="Des visites.", slug="frapper-a-la-porte")
    sign_in(client, member)
    response = new_practice(
        client, "frapper à la porte : visites auprès de personnes âgées isolées"
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "Une page porte déjà ce titre :" in html
    assert f'<a href="/pages/frapper-a-la-porte">{FRAPPER}</a>' in html
    assert "créer quand même ?" in html
    assert db.session.scalar(select(func.count(Page.id))) == 1
    assert 'name="confirm_same_title" value="1"' in html


def test_the_writer_can_create_it_anyway(client, member, make_page):
    make_page(FRAPPER, body="Des visites.", slug="frapper-a-la-porte")
    sign_in(client, member)
    response = new_practice(client, FRAPPER, confirm_same_title="1")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Page.id))) == 2


def test_a_page_created_anyway_takes_no_link_from_the_older_one(client, member, make_page):
    """Links resolve by slug first: the newcomer must not get the slug [[title]] names."""
    make_page(FRAPPER, body="Des visites.", slug="frapper-a-la-porte")
    linking = make_page("Un récit voisin", body=f"Voir [[{FRAPPER}]].")
    sign_in(client, member)
    response = new_practice(client, FRAPPER, confirm_same_title="1", body=f"Comme [[{FRAPPER}]].")
    slug = response.headers["Location"].removeprefix("/pages/")
    assert slug == "frapper-a-la-porte-visites-aupres-de-personnes-agees-isolees-2"
    assert links_on(client, linking.slug)[0][0] == "/pages/frapper-a-la-porte"
    assert links_on(client, slug)[0][0] == "/pages/frapper-a-la-porte"


def test_the_warning_names_no_page_the_writer_may_not_see(client, other_member, make_page, group):
    make_page("Cercle fermé", body="Nos échanges.", visibility="group:atelier-praxis")
    sign_in(client, other_member)
    assert new_practice(client, "Cercle fermé").status_code == 302


def test_the_api_creates_and_warns(client, member, make_page, token_for):
    make_page(FRAPPER, body="Des visites.", slug="frapper-a-la-porte")
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": FRAPPER, "body": "Encore des visites."},
    )
    assert response.status_code == 201
    (warning,) = response.get_json()["warnings"]
    assert warning["code"] == "same_title"
    assert [p["slug"] for p in warning["pages"]] == ["frapper-a-la-porte"]
    assert warning["pages"][0]["url"].endswith("/pages/frapper-a-la-porte")


def test_a_new_title_creates_without_warning(client, member, token_for):
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": "Titre nouveau", "body": "Un texte."},
    )
    assert response.status_code == 201
    assert "warnings" not in response.get_json()


# --- the link pass stays linear ----------------------------------------------------------


def count_selects(app):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    return statements, lambda: event.remove(db.engine, "before_cursor_execute", record)


def test_resolving_links_costs_the_same_few_queries_for_10_or_400_links(app, member, make_page):
    make_page("Cible", body="La cible.", slug="cible")
    counts = []
    for n in (10, 400):
        body = " ".join(f"[[Titre numéro {i}]] [[Cible]]" for i in range(n))
        statements, stop = count_selects(app)
        prepare_new_page(db.session, PageDraft(kind="practice", title=f"Liens {n}", body=body))
        stop()
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_a_page_appearing_between_preparation_and_write_is_linked(app, member, make_page):
    prepared = prepare_new_page(
        db.session, PageDraft(kind="practice", title="Récit", body="[[Arrivée entre-temps]]")
    )
    make_page("Arrivée entre-temps", body="Elle arrive.", slug="arrivee")  # and commits
    page = create_page(db.session, prepared.draft, member, prepared=prepared)
    db.session.commit()
    assert 'href="/pages/arrivee"' in page.current.html
