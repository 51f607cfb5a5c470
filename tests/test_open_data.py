"""/open-data: every public innovation sheet, and nothing a visitor may not read."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from wiki.extensions import db
from wiki.pages.follow_ups import add_follow_up


@pytest.fixture
def sheets(make_page, member, group):
    public = make_page(
        "Aller vers en milieu rural",
        kind="innovation",
        fields={
            "context": "Des villages isolés.",
            "territory": "Loches",
            "objectives": "Rencontrer, pour qu'elles osent demander.",
        },
        tags=["aller-vers", "Bus itinérant"],
    )
    add_follow_up(
        db.session,
        public,
        observed_on=date(2025, 3, 1),
        area="people",
        text="Des habitants reviennent à la permanence.",
        author=member,
    )
    db.session.commit()
    make_page(
        "Fiche des adhérents",
        kind="innovation",
        visibility="members",
        fields={"context": "Réservée.", "objectives": "motréservé"},
    )
    make_page(
        "Fiche de l'atelier",
        kind="innovation",
        visibility="group:atelier-praxis",
        fields={"context": "Entre nous.", "objectives": "motdugroupe"},
    )
    make_page("Un récit public", body="Pas une fiche.")
    return public


def test_the_json_lines_hold_every_public_sheet_and_nothing_else(client, sheets, member):
    from tests.helpers import sign_in

    sign_in(client, member)  # a member downloads the same public file
    response = client.get("/open-data/sheets.jsonl")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    assert 'rel="license"' in response.headers["Link"]
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [r["slug"] for r in records] == [sheets.slug]
    record = records[0]
    assert record["url"].endswith(f"/pages/{sheets.slug}")
    assert record["fields"]["territory"] == "Loches"
    assert {"slug": "aller-vers", "label": "Aller vers"} in record["tags"]
    assert record["follow_ups"] == [
        {
            "date": "2025-03-01",
            "area": "people",
            "text": "Des habitants reviennent à la permanence.",
        }
    ]
    assert record["licence"]["name"] == "CC BY-SA 4.0"
    text = response.get_data(as_text=True)
    assert "motréservé" not in text and "motdugroupe" not in text


def test_the_csv_reads_in_a_spreadsheet(client, sheets):
    response = client.get("/open-data/sheets.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    content = response.get_data(as_text=True)
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))
    assert [row["slug"] for row in rows] == [sheets.slug]
    assert rows[0]["objectives"] == "Rencontrer, pour qu'elles osent demander."
    assert "Aller vers" in rows[0]["tags"] and "Bus itinérant" in rows[0]["tags"]
    assert rows[0]["follow_ups"].startswith("2025-03-01 (people) : Des habitants")
    assert "motréservé" not in content and "motdugroupe" not in content


def test_the_open_data_page_states_the_licence(client):
    response = client.get("/open-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'rel="license"' in page and "CC BY-SA 4.0" in page
    assert "/open-data/sheets.csv" in page and "/open-data/sheets.jsonl" in page
    assert "/open-data" in client.get("/").get_data(as_text=True)  # linked from every page


def test_an_empty_wiki_gives_empty_files(client):
    assert client.get("/open-data/sheets.jsonl").get_data(as_text=True) == ""
    lines = client.get("/open-data/sheets.csv").get_data(as_text=True).splitlines()
    assert len(lines) == 1 and lines[0].startswith("\ufeffslug,url,title")


def test_a_public_sheet_carries_its_json_ld_and_a_hidden_one_none(
    client, sheets, member, make_page
):
    from tests.helpers import sign_in

    page = client.get(f"/pages/{sheets.slug}").get_data(as_text=True)
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert data["@type"] == "CreativeWork" and data["name"] == "Aller vers en milieu rural"
    assert data["spatialCoverage"]["name"] == "Loches"
    assert data["license"].startswith("https://creativecommons.org/")
    assert data["url"].endswith(f"/pages/{sheets.slug}")

    sign_in(client, member)
    members_sheet = client.get("/pages/fiche-des-adherents").get_data(as_text=True)
    assert "application/ld+json" not in members_sheet
    account = make_page("Récit </script><script>alert(1)</script>", body="x")
    assert "application/ld+json" not in client.get(f"/pages/{account.slug}").get_data(
        as_text=True
    )  # practice accounts carry none


def test_json_ld_cannot_close_its_script(client, make_page):
    sheet = make_page(
        "Fiche </script><script>alert(1)</script>",
        kind="innovation",
        fields={"context": "x", "objectives": "</script> & <b>"},
    )
    page = client.get(f"/pages/{sheet.slug}").get_data(as_text=True)
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(block)["description"] == "</script> & <b>"
