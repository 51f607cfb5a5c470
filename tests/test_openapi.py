"""What the OpenAPI document promises, checked against the server on the points that were
wrong: absolute urls from one function, a nullable score, the page cap, the search
parameters, the rules on slug and author. (test_openapi_conformance.py runs schemathesis
over the whole document.)"""

from __future__ import annotations

import pytest

from wiki.api.openapi import openapi_document


def search_parameters() -> dict[str, dict]:
    operation = openapi_document()["paths"]["/search"]["get"]
    return {parameter["name"]: parameter for parameter in operation["parameters"]}


def result_schema() -> dict:
    schemas = openapi_document()["components"]["schemas"]
    return schemas["SearchResults"]["properties"]["results"]["items"]["properties"]


@pytest.fixture
def page(make_page):
    return make_page("Maraude en camion", body="Le camion part chaque soir.", tags=["aller-vers"])


def test_search_results_and_pages_give_the_same_absolute_url(client, page):
    (hit,) = client.get("/api/v1/search?q=camion").get_json()["results"]
    shown = client.get(f"/api/v1/pages/{page.slug}").get_json()
    assert hit["url"] == shown["url"] == f"http://wiki.test/pages/{page.slug}"
    assert client.get(hit["url"]).status_code == 200
    assert result_schema()["url"]["format"] == "uri"


def test_a_score_may_be_null_and_the_document_says_so(client, page):
    (hit,) = client.get("/api/v1/search?tag=aller-vers").get_json()["results"]
    assert hit["score"] is None  # a filter without words lists by date
    assert "null" in result_schema()["score"]["type"]


def test_the_page_cap_is_the_documents(client, page):
    schema = search_parameters()["page"]["schema"]
    assert schema["maximum"] == 1000
    assert client.get("/api/v1/search?q=camion&page=1000").status_code == 200
    response = client.get("/api/v1/search?q=camion&page=1001")
    assert response.status_code == 400
    assert "entre 1 et 1000" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("value", ["+1", " 1", "1_0", "١", "1.0", ""])
def test_page_numbers_are_plain_digits(client, value):
    assert client.get("/api/v1/search", query_string={"q": "x", "page": value}).status_code == 400


def test_empty_filters_are_what_the_document_allows(client, page):
    parameters = search_parameters()
    assert "" in parameters["kind"]["schema"]["enum"]
    assert "" in parameters["sort"]["schema"]["enum"]
    response = client.get("/api/v1/search?q=camion&kind=&tag=&sort=&page=1&per_page=20")
    assert response.status_code == 200
    assert response.get_json()["total"] == 1


def test_every_parameter_the_server_reads_is_documented():
    assert set(search_parameters()) == {
        "q",
        "kind",
        "tag",
        "sector",
        "territory",
        "stage",
        "departement",
        "sort",
        "page",
        "per_page",
    }


def test_the_slug_and_author_rules_are_described():
    schemas = openapi_document()["components"]["schemas"]
    practice = schemas["PageInput"]["oneOf"][0]["properties"]
    assert practice["slug"]["maxLength"] == 120
    assert set(practice["slug"]["not"]["enum"]) == {"new", "random", "recent"}
    assert "409" in practice["slug"]["description"]
    assert "403 author_mismatch" in practice["author"]["description"]
    assert "admin" in practice["author"]["description"]


def test_a_taken_slug_is_a_conflict(client, token_for, member, page):
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": "Autre", "body": "x", "slug": page.slug},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["details"]["field"] == "slug"
