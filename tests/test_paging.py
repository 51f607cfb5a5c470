"""Every paginated list answers any page number: 200 (an empty page past the last one) or a
clean 4xx, never a 500 (a huge number once overflowed SQLite's integers in the OFFSET)."""

from __future__ import annotations

import pytest

from tests.helpers import sign_in
from wiki.paging import MAX_PAGE_NUMBER, page_number

HUGE = "461168601842738792"
LISTS = [
    "/practices",
    "/innovations",
    "/tags/aller-vers",
    "/recent",
    "/search?q=quartier",
    "/api/v1/search?q=quartier",
    "/practices?tag=aller-vers",
]


NUMBERS = [HUGE, "-" + HUGE, "0", "-3", "abc", "1e9", "9" * 400, ""]


def test_any_page_number_is_answered_without_a_server_error(client, make_page):
    make_page("Le quartier des Tilleuls", body="Un récit du quartier.", tags=["aller-vers"])
    answers = {}
    for url in LISTS:
        separator = "&" if "?" in url else "?"
        for number in NUMBERS:
            answers[url, number] = client.get(f"{url}{separator}page={number}").status_code
    wrong = {
        key: status for key, status in answers.items() if not (status == 200 or 400 <= status < 500)
    }
    assert not wrong


def test_a_page_past_the_last_is_an_empty_list(client, make_page):
    make_page("Le quartier des Tilleuls", body="Un récit du quartier.")
    response = client.get(f"/practices?page={HUGE}")
    assert response.status_code == 200
    assert "Le quartier des Tilleuls" not in response.get_data(as_text=True)


def test_signed_in_lists_clamp_too(client, member, make_page, group):
    make_page("Au groupe", body="Un récit.", visibility="group:atelier-praxis")
    sign_in(client, member)
    assert client.get(f"/recent?page={HUGE}").status_code == 200


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 1),
        ("", 1),
        ("x", 1),
        ("0", 1),
        ("-2", 1),
        ("3", 3),
        (" 7 ", 7),
        (HUGE, MAX_PAGE_NUMBER),
        (str(MAX_PAGE_NUMBER + 1), MAX_PAGE_NUMBER),
    ],
)
def test_page_number_is_clamped(raw, expected):
    assert page_number(raw) == expected
