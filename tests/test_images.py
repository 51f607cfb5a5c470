"""Images come from the wiki itself: an image from another site would let a page's author see
who reads the page and when. Such an image becomes a link; the CSP allows no other image."""

from __future__ import annotations

import pytest

from tests.helpers import text_of
from tests.test_markdown import Elements
from wiki.content.sanitize import sanitize_html

TRACKER = "https://tracker.example/pixel.gif"


def images_of(html: str) -> list[dict]:
    return Elements(html).all("img")


def page_html(client, make_page, body: str) -> str:
    page = make_page("Une page illustrée", body=body)
    return text_of(client.get(f"/pages/{page.slug}"))


def test_an_image_from_another_site_is_a_link_on_the_page(client, make_page):
    html = page_html(client, make_page, f"Voici la carte : ![la carte du quartier]({TRACKER})")
    assert not [img for img in images_of(html) if "tracker" in (img.get("src") or "")]
    assert f'<a href="{TRACKER}" rel="nofollow ugc noopener">la carte du quartier</a>' in html


def test_an_image_of_the_wiki_itself_stays_an_image(client, make_page):
    html = page_html(client, make_page, "![logo](/static/images/favicon.svg)")
    assert {"src": "/static/images/favicon.svg", "alt": "logo"} in images_of(html)


@pytest.mark.parametrize(
    "source",
    [
        "//tracker.example/pixel.gif",  # no scheme, another host
        "https:tracker.example/pixel.gif",
        "HTTP://TRACKER.EXAMPLE/pixel.gif",
        " https://tracker.example/pixel.gif",
        "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_no_other_source_reaches_an_img_through_markdown(client, make_page, source):
    html = page_html(
        client, make_page, f"![pixel](<{source}>)\n\n![pixel][ref]\n\n[ref]: <{source}>"
    )
    body = html.split('<div class="page-body">', 1)[1]
    assert images_of(body) == []


def test_a_reference_image_from_another_site_is_a_link(client, make_page):
    html = page_html(client, make_page, f"![la carte][carte]\n\n[carte]: {TRACKER}")
    assert images_of(html.split('<div class="page-body">', 1)[1]) == []
    assert f'href="{TRACKER}"' in html


def test_an_image_inside_a_link_keeps_only_its_text(client, make_page):
    html = page_html(client, make_page, f"[![la carte]({TRACKER})](https://example.org/plan)")
    body = html.split('<div class="page-body">', 1)[1]
    assert images_of(body) == []
    assert '<a href="https://example.org/plan" rel="nofollow ugc noopener">la carte</a>' in body


@pytest.mark.parametrize(
    "tag",
    [
        f'<img src="{TRACKER}">',
        '<img src="//tracker.example/p.gif">',
        '<img src="/\\tracker.example/p.gif">',
        '<img src="&#47;&#47;tracker.example/p.gif">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ],
)
def test_the_allow_list_keeps_no_image_source_from_elsewhere(tag):
    assert "src" not in sanitize_html(tag)


def test_the_api_gives_the_same_html(client, member, token_for):
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "practice", "title": "Une carte", "body": f"![carte]({TRACKER})"},
    )
    assert response.status_code == 201
    assert images_of(response.get_json()["html"]) == []


def test_the_csp_allows_images_from_the_wiki_only(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["img-src"] == "'self'"
