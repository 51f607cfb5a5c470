"""Sectors (issue 11, point 4): read from a page's free-text `sector` / `sectors` with a
small vocabulary, a filter and a facet in search (web and API, both backends) and in the
lists (/practices, /innovations, tag pages), counted as the reader may see."""

from __future__ import annotations

import re

import pytest
from helpers import sign_in
from markupsafe import Markup

from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.pages.sectors import page_sectors, sector_filter, sectors_in


def text_of(response) -> str:
    """The page's text, tags stripped: « Handicap (2) »."""
    return " ".join(Markup(response.get_data(as_text=True)).striptags().split())


# --- the vocabulary ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sectors"),
    [
        ("Protection de l'enfance, intervention à domicile", ["protection-enfance"]),
        ("PROTECTION DE L’ENFANCE", ["protection-enfance"]),
        ("Insertion et accès aux droits", ["insertion-emploi", "action-sociale"]),
        ("Hébergement et veille sociale", ["logement-hebergement"]),
        ("Santé mentale", ["sante-mentale"]),
        ("Personnes âgées", ["personnes-agees"]),
        ("Tous secteurs : soin, éducation", ["sante-soin", "education-jeunesse", "tous-secteurs"]),
        ("Famille et petite enfance", ["famille"]),
        ("Accueil de jour", []),
        ("", []),
    ],
)
def test_a_free_text_names_its_sectors(text, sectors):
    assert sectors_in(text) == sectors


def test_a_page_takes_the_sectors_of_either_field():
    assert page_sectors({"sector": "Handicap"}) == ["handicap"]
    assert page_sectors({"sectors": "Jeunesse, logement"}) == [
        "logement-hebergement",
        "education-jeunesse",
    ]
    assert page_sectors({"sectors": 12}) == []
    assert page_sectors(None) == []


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("handicap", "handicap"),
        ("Personnes âgées", "personnes-agees"),
        ("hébergement", "logement-hebergement"),
        ("  ", None),
        (None, None),
    ],
)
def test_a_filter_names_one_sector(value, slug):
    assert sector_filter(value) == slug


@pytest.mark.parametrize("value", ["astronomie", "insertion et handicap"])
def test_a_filter_naming_no_sector_or_several_is_refused(value):
    with pytest.raises(InvalidInput):
        sector_filter(value)


# --- pages, search and lists ---------------------------------------------------------------


@pytest.fixture
def sectored(app, make_page, member, other_member):
    """Public pages in three sectors, and a members-only page alone in « santé mentale »."""
    from wiki.search.indexer import apply_pending

    pages = {
        "handicap": make_page(
            "Un habitat partagé", fields={"sector": "Handicap"}, tags=["aller-vers"]
        ),
        "insertion": make_page(
            "Un chantier d'insertion",
            kind="innovation",
            fields={"sectors": "Insertion, logement"},
            tags=["aller-vers"],
        ),
        "logement": make_page("Une maraude du soir", fields={"sector": "Hébergement"}),
        "members": make_page(
            "Un groupe d'entraide",
            visibility="members",
            fields={"sector": "Santé mentale, handicap"},
            tags=["aller-vers"],
        ),
    }
    db.session.commit()
    apply_pending(app)
    return pages


def test_the_page_stores_its_sectors(sectored):
    assert sectored["insertion"].sectors == ",insertion-emploi,logement-hebergement,"
    assert sectored["logement"].sectors == ",logement-hebergement,"


def test_search_counts_and_filters_by_sector(client, sectored, search_backend):
    data = client.get("/api/v1/search?q=&sector=logement-hebergement").get_json()
    assert sorted(hit["slug"] for hit in data["results"]) == sorted(
        [sectored["insertion"].slug, sectored["logement"].slug]
    )
    everything = client.get("/api/v1/search?tag=aller-vers").get_json()
    assert everything["facets"]["sector"] == {
        "handicap": 1,
        "insertion-emploi": 1,
        "logement-hebergement": 1,
    }
    assert [
        hit["slug"] for hit in client.get("/api/v1/search?sector=Handicap").get_json()["results"]
    ] == [sectored["handicap"].slug]


def test_a_members_only_page_sector_is_never_counted_for_anonymous_readers(
    client, sectored, member, search_backend
):
    anonymous = client.get("/api/v1/search?tag=aller-vers").get_json()
    assert "sante-mentale" not in anonymous["facets"]["sector"]
    assert client.get("/api/v1/search?sector=sante-mentale").get_json()["total"] == 0
    page = client.get("/search?q=&tag=aller-vers").get_data(as_text=True)
    assert "sector=handicap" in page and "sector=sante-mentale" not in page  # the facet
    lists = text_of(client.get("/practices"))
    assert "Santé mentale" not in lists and "Un groupe d'entraide" not in lists
    sign_in(client, member)
    listed = text_of(client.get("/practices"))
    assert re.search(r"Santé mentale\s*\(1\)", listed)
    assert re.search(r"Handicap\s*\(2\)", listed)


def test_the_api_refuses_an_unknown_sector(client, sectored, search_backend):
    response = client.get("/api/v1/search?q=maraude&sector=astronomie")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("Secteur inconnu")


def test_the_search_page_shows_the_sector_facet_and_filter(client, sectored, search_backend):
    page = client.get("/search?q=&tag=aller-vers").get_data(as_text=True)
    assert re.search(r'href="[^"]*sector=handicap[^"]*">Handicap</a> \(1\)', page), page
    filtered = text_of(client.get("/search?sector=hebergement"))
    assert "Secteur : Logement et hébergement" in filtered
    assert "Une maraude du soir" in filtered and "Un habitat partagé" not in filtered
    assert client.get("/search?q=maraude&sector=astronomie").status_code == 400


def test_lists_count_and_filter_by_sector(client, sectored, search_backend):
    page = text_of(client.get("/innovations"))
    assert re.search(r"Insertion et emploi\s*\(1\)", page)
    page = text_of(client.get("/pages?sector=logement-hebergement"))
    assert "Un chantier d'insertion" in page and "Une maraude du soir" in page
    assert "Un habitat partagé" not in page
    assert "Secteur : Logement et hébergement" in page
    practices = text_of(client.get("/practices?sector=hebergement"))
    assert "Une maraude du soir" in practices and "Un chantier d'insertion" not in practices
    assert client.get("/practices?sector=astronomie").status_code == 400


def test_a_tag_page_counts_and_filters_by_sector(client, sectored, search_backend):
    page = text_of(client.get("/tags/aller-vers"))
    assert re.search(r"Handicap\s*\(1\)", page) and "Santé mentale" not in page
    filtered = text_of(client.get("/tags/aller-vers?sector=insertion-emploi"))
    assert "Un chantier d'insertion" in filtered and "Un habitat partagé" not in filtered
