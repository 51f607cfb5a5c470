"""A page's address: relative for links on the site, absolute for what is read elsewhere."""

from __future__ import annotations

import pytest

from wiki.urls import page_url


def test_a_relative_page_address_is_the_pages_path(app):
    assert page_url("accueil-de-jour", absolute=False) == "/pages/accueil-de-jour"


def test_an_anchor_follows_the_path(app):
    assert (
        page_url("accueil-de-jour", absolute=False, anchor="comment-3")
        == "/pages/accueil-de-jour#comment-3"
    )


def test_an_absolute_page_address_starts_with_the_configured_base_url(app):
    app.config["BASE_URL"] = "https://wiki.example.org/"
    assert (
        page_url("accueil-de-jour", absolute=True, anchor="etape")
        == "https://wiki.example.org/pages/accueil-de-jour#etape"
    )


def test_without_a_base_url_the_address_is_the_requests_host(app):
    app.config["BASE_URL"] = ""
    with app.test_request_context("/", base_url="https://ici.example.org"):
        assert page_url("x", absolute=True) == "https://ici.example.org/pages/x"


def test_every_caller_says_which_address_it_needs(app):
    with pytest.raises(TypeError):
        page_url("x")  # type: ignore[call-arg]
