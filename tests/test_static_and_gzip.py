"""Static files under fingerprinted addresses, kept a year; answers gzipped (issue 13)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from flask import url_for

from tests.helpers import sign_in

CSS = "css/wiki.css"


def static_url(app, filename: str = CSS) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


# --- fingerprints -------------------------------------------------------------------------


def test_url_for_static_carries_the_content_hash(app):
    import hashlib

    content = (Path(app.static_folder) / CSS).read_bytes()
    expected = hashlib.sha256(content).hexdigest()[:12]
    assert static_url(app) == f"/static/{CSS}?v={expected}"


def test_the_pages_link_their_stylesheets_by_fingerprint(app, client):
    html = client.get("/").get_data(as_text=True)
    links = re.findall(r'href="(/static/[^"]+)"', html)
    assert links
    assert all(re.search(r"\?v=[0-9a-f]{12}$", link) for link in links), links


def test_a_fingerprinted_file_is_cached_a_year(app, client):
    response = client.get(static_url(app))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "no-store" not in response.headers["Cache-Control"]


def test_a_file_without_or_with_a_stale_fingerprint_is_cached_briefly(client):
    for url in (f"/static/{CSS}", f"/static/{CSS}?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=300"


def test_static_files_stay_cacheable_for_a_signed_in_member(app, client, member):
    sign_in(client, member)
    response = client.get(static_url(app))
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_changed_file_gets_a_new_address(app, tmp_path):
    from wiki import caching

    folder = Path(app.static_folder)
    before = caching.fingerprint(app, CSS)
    target = folder / CSS
    original = target.read_bytes()
    try:
        target.write_bytes(original + b"\n/* changed */\n")
        assert caching.fingerprint(app, CSS) != before
    finally:
        target.write_bytes(original)
    assert caching.fingerprint(app, CSS) == before


def test_no_fingerprint_for_a_missing_or_outside_file(app):
    from wiki import caching

    assert caching.fingerprint(app, "css/nothing-here.css") is None
    assert caching.fingerprint(app, "../__init__.py") is None
    assert static_url(app, "css/nothing-here.css") == "/static/css/nothing-here.css"


# --- gzip -----------------------------------------------------------------------------------


def test_html_is_gzipped_for_a_client_that_accepts_it(client, make_page):
    make_page("Aller vers", slug="aller-vers", body="Un récit. " * 300)
    plain = client.get("/pages/aller-vers")
    packed = client.get("/pages/aller-vers", headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.vary and "Accept-Encoding" in plain.vary
    body = gzip.decompress(packed.get_data())
    assert b"Un r\xc3\xa9cit." in body
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())
    assert len(packed.get_data()) < len(body)


def test_the_gzipped_page_still_revalidates(client, make_page):
    make_page("Aller vers", slug="aller-vers", body="Un récit. " * 300)
    packed = client.get("/pages/aller-vers", headers={"Accept-Encoding": "gzip"})
    etag = packed.headers["ETag"]
    assert etag.startswith('W/"')  # other bytes than the plain answer's
    again = client.get(
        "/pages/aller-vers", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    assert again.status_code == 304
    assert "Content-Encoding" not in again.headers
    assert again.get_data() == b""


def test_json_and_css_are_gzipped(app, client):
    api = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(api.get_data()).startswith(b"{")
    css = client.get(static_url(app), headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(css.get_data()) == (Path(app.static_folder) / CSS).read_bytes()


def test_no_gzip_when_refused_or_small(app, client):
    refused = client.get("/", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    small = client.get("/api/v1/pages/nothing-here", headers={"Accept-Encoding": "gzip"})
    assert small.status_code == 404
    assert len(small.get_data()) < 1024
    assert "Content-Encoding" not in small.headers


def test_a_streamed_answer_is_not_gzipped(client, make_page):
    make_page(
        "Une fiche",
        kind="innovation",
        slug="une-fiche",
        body="Une démarche. " * 200,
        fields={"context": "Un quartier. " * 100},
    )
    response = client.get("/open-data/sheets.jsonl", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.is_streamed
    assert "Content-Encoding" not in response.headers
