"""The results page /search and the JSON endpoint /api/v1/search, through the client."""

from __future__ import annotations

import re

import pytest

RESULT_KEYS = {"slug", "title", "kind", "tags", "snippet", "url", "score"}


@pytest.fixture
def pages(make_page):
    return [
        make_page(
            "Maraude de nuit à Orléans",
            body="Nous allons vers les personnes à la rue.",
            tags=["aller-vers", "isolement"],
            fields={"territory": "Orléans"},
        ),
        make_page(
            "Maraude en camion",
            body="Le camion part chaque soir vers la gare.",
            tags=["aller-vers"],
        ),
        make_page(
            "Fiche : maraude sociale",
            kind="innovation",
            body="Une maraude sociale avec les habitants.",
            tags=["innovation-sociale"],
        ),
    ]


def get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- the results page ---------------------------------------------------------------------


def test_the_search_page_without_a_query_shows_the_form(client):
    html = get_html(client, "/search")
    assert '<form class="search-form" id="search-form" role="search"' in html
    assert '<label for="search-q">' in html
    assert 'class="search-results"' not in html


def test_the_results_page_has_one_search_field(client, pages):
    """The header's search box would make a second search landmark (axe: landmark-unique)."""
    html = get_html(client, "/search?q=camion")
    assert html.count('role="search"') == 1
    assert html.count('type="search"') == 1


def test_the_filters_belong_to_the_search_form_behind_a_disclosure(client, pages):
    html = get_html(client, "/search?q=camion")
    filters = html.split('<details class="search-filters"', 1)[1].split("</details>", 1)[0]
    assert "<summary>Filtrer" in filters
    for name in ("kind", "sector", "territory", "sort"):
        assert re.search(
            rf'name="{name}" [^>]*form="search-form"|form="search-form"[^>]*'
            rf'name="{name}"',
            filters,
        ), name
    assert html.index('class="search-filters"') < html.index('class="search-results"')


def test_results_link_to_the_pages_with_marked_snippets(client, pages):
    html = get_html(client, "/search?q=camion")
    assert f'href="http://wiki.test/pages/{pages[1].slug}">Maraude en camion</a>' in html
    assert "Le <mark>camion</mark> part chaque soir" in html
    assert "1 page trouvée pour « camion »" in html


def test_facets_are_filter_links_with_counts(client, pages):
    html = get_html(client, "/search?q=maraude")
    assert "3 pages trouvées" in html
    assert 'href="/search?q=maraude&amp;kind=innovation">Fiches innovation</a> (1)' in html
    assert 'href="/search?q=maraude&amp;kind=practice">Récits de pratique</a> (2)' in html
    assert 'href="/search?q=maraude&amp;tag=aller-vers">Aller vers</a> (2)' in html


def test_following_a_facet_link_filters_and_offers_to_remove_the_filter(client, pages):
    html = get_html(client, "/search?q=maraude&kind=innovation")
    assert "1 page trouvée" in html
    assert "Fiche : maraude sociale" in html
    assert "Maraude en camion" not in html
    assert "Type : Fiche innovation" in html
    assert 'href="/search?q=maraude">retirer' in html


def test_tag_filter(client, pages):
    html = get_html(client, "/search?q=maraude&tag=isolement")
    assert "1 page trouvée" in html
    assert "Maraude de nuit à Orléans" in html
    assert "Étiquette : Isolement" in html


def test_territory_filter_from_the_form(client, pages):
    html = get_html(client, "/search?q=maraude&territory=orleans")
    assert "1 page trouvée" in html
    assert "Maraude de nuit à Orléans" in html


def test_a_typo_offers_the_suggestion_as_a_link(client, pages):
    html = get_html(client, "/search?q=camoin")
    assert "Vouliez-vous dire :" in html
    assert 'href="/search?q=camion">camion</a>' in html


def test_no_result_gives_help(client, pages):
    html = get_html(client, "/search?q=kangourou")
    assert "Aucun résultat" in html
    assert "Vérifiez l'orthographe" in html
    assert "Vouliez-vous dire" not in html


def test_results_are_paginated(client, pages):
    html = get_html(client, "/search?q=maraude&per_page=1&page=2")
    assert "Page 2 sur 3" in html
    assert 'rel="prev" href="/search?q=maraude&amp;page=1"' in html
    assert 'rel="next" href="/search?q=maraude&amp;page=3"' in html


def test_sorting_by_date_is_offered_and_kept(client, pages):
    html = get_html(client, "/search?q=maraude&sort=date")
    assert '<option value="date" selected>' in html


def test_text_of_a_page_is_escaped_in_snippets(client, make_page):
    make_page("Code", body="Le piège `<script>alert(1)</script>` est cité.")
    html = get_html(client, "/search?q=piege")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>piège</mark>" in html


def test_the_search_box_keeps_the_query(client, pages):
    html = get_html(client, "/search?q=camion")
    assert 'name="q" value="camion"' in html


def test_a_bad_page_number_is_a_clear_400(client):
    response = client.get("/search?q=maraude&page=zero")
    assert response.status_code == 400
    assert "doivent être des nombres entiers" in response.get_data(as_text=True)


def test_an_unknown_kind_is_a_clear_400(client):
    response = client.get("/search?q=maraude&kind=poeme")
    assert response.status_code == 400
    assert "Type de page inconnu" in response.get_data(as_text=True)


def test_a_signed_in_member_finds_members_pages(client, make_page, member):
    make_page("Réunion des adhérents", body="Ordre du jour confidentiel.", visibility="members")
    with client.session_transaction() as session:
        session["_user_id"] = member.get_id()
        session["_fresh"] = True
    assert "Réunion des adhérents" in get_html(client, "/search?q=confidentiel")


# --- the JSON endpoint --------------------------------------------------------------------


def test_json_search_has_the_contract_shape(client, pages):
    body = client.get("/api/v1/search?q=maraude&per_page=2").get_json()
    assert set(body) == {"query", "total", "page", "per_page", "results", "facets", "suggestion"}
    assert (body["query"], body["total"], body["page"], body["per_page"]) == ("maraude", 3, 1, 2)
    assert len(body["results"]) == 2
    assert all(set(result) == RESULT_KEYS for result in body["results"])
    assert body["facets"] == {
        "kind": {"practice": 2, "innovation": 1},
        "tags": {"aller-vers": 2, "innovation-sociale": 1, "isolement": 1},
        "stage": {},
        "departement": {},
        "sector": {},
    }  # no stage, no territory
    assert body["suggestion"] is None


def test_json_results_carry_url_tags_snippet_and_score(client, pages):
    (result,) = client.get("/api/v1/search?q=camion").get_json()["results"]
    assert result["slug"] == pages[1].slug
    assert result["url"] == f"http://wiki.test/pages/{pages[1].slug}"
    assert result["kind"] == "practice"
    assert result["tags"] == ["aller-vers"]
    assert "<mark>camion</mark>" in result["snippet"]
    assert result["score"] > 0


def test_json_filters_by_kind_and_tag(client, pages):
    assert client.get("/api/v1/search?q=maraude&kind=innovation").get_json()["total"] == 1
    assert client.get("/api/v1/search?q=maraude&tag=aller-vers").get_json()["total"] == 2


def test_json_second_page(client, pages):
    first = client.get("/api/v1/search?q=maraude&per_page=2&page=1").get_json()
    second = client.get("/api/v1/search?q=maraude&per_page=2&page=2").get_json()
    assert len(second["results"]) == 1
    slugs = {r["slug"] for r in first["results"]} | {r["slug"] for r in second["results"]}
    assert slugs == {page.slug for page in pages}


def test_json_suggestion(client, pages):
    body = client.get("/api/v1/search?q=camoin").get_json()
    assert body["total"] == 0
    assert body["suggestion"] == "camion"


def test_json_without_a_query_is_empty(client, pages):
    body = client.get("/api/v1/search").get_json()
    assert (body["total"], body["results"]) == (0, [])


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "page=1.5",
        "per_page=0",
        "per_page=101",
        "per_page=deux",
        "kind=poeme",
        "sort=hasard",
    ],
)
def test_json_bad_parameters_are_400_json(client, query):
    response = client.get(f"/api/v1/search?q=maraude&{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]


def test_json_accepts_the_largest_page_size(client, pages):
    assert client.get("/api/v1/search?q=maraude&per_page=100").status_code == 200


def test_a_match_deep_in_a_long_page_is_highlighted(client, make_page):
    filler = "Un paragraphe ordinaire sur la vie du service. " * 1000  # about 47 000 characters
    make_page("Long récit", body=f"{filler}\n\nEnfin, une trouvaille inattendue.")
    (result,) = client.get("/api/v1/search?q=trouvaille").get_json()["results"]
    assert "<mark>trouvaille</mark> inattendue" in result["snippet"]


def test_a_page_shows_related_pages_the_reader_may_see(client, make_page):
    make_page(
        "Maraude de nuit",
        body="La maraude de nuit va vers les personnes à la rue.",
        tags=["aller-vers"],
    )
    make_page(
        "Maraude du matin",
        body="Une maraude du matin auprès des personnes à la rue.",
        tags=["aller-vers"],
    )
    make_page(
        "Maraude réservée",
        body="Maraude des membres auprès des personnes à la rue.",
        tags=["aller-vers"],
        visibility="members",
    )

    html = client.get("/pages/maraude-de-nuit").get_data(as_text=True)

    related = html.split("Pages proches", 1)[1]
    assert "/pages/maraude-du-matin" in related
    assert "maraude-reservee" not in html


def test_result_tags_read_in_the_interface_language(client, make_page):
    make_page(
        "Tournée des cafés", body="Rencontrer les habitants isolés au café.", tags=["isolement"]
    )

    html = client.get("/search?q=cafés", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert ">Isolation<" in html
