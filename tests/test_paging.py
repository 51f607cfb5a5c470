"""wiki.paging.page_number, the web lists' one reading of `?page=` (every route taking a page
number, through the web and the API, is swept in tests/test_page_numbers.py)."""

from __future__ import annotations

import pytest

from wiki.paging import MAX_PAGE_NUMBER, page_number

HUGE = "461168601842738792"


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
        ("9" * 5000, MAX_PAGE_NUMBER),  # more digits than int() reads
        ("0" * 20 + "3", 3),
        ("٣", 1),  # int() reads other scripts' digits, "1_0" and "+2": not page numbers
        ("1_0", 1),
        ("+2", 1),
        ("1e9", 1),
    ],
)
def test_page_number_is_clamped(raw, expected):
    assert page_number(raw) == expected
