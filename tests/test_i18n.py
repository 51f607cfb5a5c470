"""The interface language: French by default, English on request, and a complete catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from wiki.extensions import db

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "wiki" / "translations" / "en" / "LC_MESSAGES"


def h1(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.get_data(as_text=True), re.S).group(1).strip()


def test_the_interface_is_french_by_default(client):
    response = client.get("/login")
    assert h1(response) == "Se connecter"
    assert '<html lang="fr">' in response.get_data(as_text=True)


def test_a_browser_asking_for_english_gets_english(client):
    response = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert h1(response) == "Sign in"
    assert '<html lang="en">' in response.get_data(as_text=True)


def test_a_browser_preferring_a_language_we_lack_falls_back_to_french(client):
    response = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert h1(response) == "Se connecter"


def test_the_language_switch_turns_the_interface_to_english(client):
    response = client.post("/language", data={"locale": "en", "next": "/login"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert h1(client.get("/login")) == "Sign in"


def test_the_switch_beats_the_browser(client):
    client.post("/language", data={"locale": "fr", "next": "/login"})
    assert h1(client.get("/login", headers={"Accept-Language": "en"})) == "Se connecter"


def test_a_signed_in_persons_choice_is_kept_on_their_account(client, member, login):
    login(member)
    client.post("/language", data={"locale": "en", "next": "/account"})
    db.session.refresh(member)
    assert member.locale == "en"
    # a new browser, French by its headers, still gets the person's English after sign-in
    other_browser = client.application.test_client()
    other_browser.post("/login", data={"email": member.email, "password": "mot-de-passe-solide"})
    response = other_browser.get("/account", headers={"Accept-Language": "fr"})
    assert h1(response) == "My account"


def test_an_unknown_language_is_refused(client):
    response = client.post("/language", data={"locale": "xx", "next": "/login"})
    assert response.status_code == 400


def test_english_error_messages_come_from_the_catalog(client):
    client.post("/language", data={"locale": "en", "next": "/"})
    response = client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert "Wrong email address or password." in response.get_data(as_text=True)


# The catalog itself ---------------------------------------------------------------------


def _read_po():
    with open(CATALOG / "messages.po", "rb") as f:
        return read_po(f)


def _id(message_id):
    return message_id if isinstance(message_id, str) else message_id[0]


def test_every_message_of_the_catalog_is_translated():
    untranslated = [
        m.id
        for m in _read_po()
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert untranslated == [], "translate these in messages.po, then `make translations`"


def test_the_compiled_catalog_matches_the_po_file():
    """The .mo is what the application reads: it must say what the .po says."""
    with open(CATALOG / "messages.mo", "rb") as f:
        compiled = {(_text(m.context), _forms(m.id)): _forms(m.string) for m in read_mo(f) if m.id}
    source = {
        (m.context, _forms(m.id)): _forms(m.string)
        for m in _read_po()
        if m.id and any(_forms(m.string)) and not m.fuzzy
    }
    assert compiled == source, "run `make translations` (pybabel compile) and commit the .mo"


def test_every_string_of_the_code_is_in_the_catalog():
    """What `make translations` extracts is already there: no string left in French only."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
    extracted = {
        _id(message_id)
        for _file, _line, message_id, _comments, _context in extract_from_dir(
            str(ROOT / "wiki"), method_map, options_map, keywords=keywords
        )
    }
    catalog = {_id(m.id) for m in _read_po() if m.id}
    assert extracted, "babel.cfg matches no file"
    assert sorted(extracted - catalog) == [], "run `make translations` and translate"


@pytest.mark.parametrize("placeholder", [r"%\(\w+\)[sd]"])
def test_translations_keep_their_placeholders(placeholder):
    for message in _read_po():
        if message.id and message.string:
            wanted = sorted(re.findall(placeholder, _forms(message.id)[-1]))
            for form in _forms(message.string):
                assert sorted(re.findall(placeholder, form)) == wanted, message.id


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def _forms(text) -> tuple:
    """A message's id or string as a tuple of forms (plurals have several)."""
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


def test_visibility_public_and_the_audience_field_translate_apart(client, make_page):
    make_page("Permanence au marché", fields={"audience": "Habitants"})

    html = client.get("/pages/permanence-au-marche", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    assert "Audience" in html  # the field label
    assert re.search(r">\s*Public\s*<", html)  # the visibility badge, not "Audience"
