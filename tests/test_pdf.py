"""/pages/<slug>.pdf: a sheet as a PDF in its layout, for whoever may read the page."""

from __future__ import annotations

import io
from datetime import date

import pytest

from wiki.extensions import db
from wiki.pages.follow_ups import add_follow_up

pypdf = pytest.importorskip("pypdf")


def pdf_text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def sheet(make_page, member):
    page = make_page(
        "Aller vers en milieu rural",
        kind="innovation",
        fields={
            "context": "Des villages isolés.",
            "objectives": "Rencontrer les habitants.",
            "duration": "3 jours",
            "territory": "Loches",
        },
        body="Le déroulé des journées.",
    )
    add_follow_up(
        db.session,
        page,
        observed_on=date(2025, 3, 1),
        area="people",
        text="Des habitants reviennent.",
        author=member,
    )
    db.session.commit()
    return page


@pytest.mark.slow  # WeasyPrint lays out a whole sheet
def test_a_sheet_as_a_pdf_holds_its_title_and_sections(client, sheet):
    response = client.get(f"/pages/{sheet.slug}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = " ".join(pdf_text(response).split())
    for expected in (
        "Aller vers en milieu rural",
        "Fiche technique",
        "3 jours",
        "Loches",
        "Contexte",
        "Des villages isolés.",
        "Objectifs",
        "Rencontrer les habitants.",
        "Le déroulé des journées.",
        "Suivi des effets",
        "Des habitants reviennent.",
        f"/pages/{sheet.slug}",
    ):
        assert expected in text, expected


def test_the_page_links_to_its_pdf(client, sheet):
    assert f'href="/pages/{sheet.slug}.pdf"' in client.get(f"/pages/{sheet.slug}").get_data(
        as_text=True
    )


def test_a_page_one_may_not_read_has_no_pdf_either(client, make_page, member):
    from tests.helpers import sign_in

    page = make_page("Réservé", body="motréservé", visibility="members")
    assert client.get(f"/pages/{page.slug}.pdf").status_code == 404
    assert client.get("/pages/nulle-part.pdf").status_code == 404
    sign_in(client, member)
    assert client.get(f"/pages/{page.slug}.pdf").status_code == 200


def test_the_pdf_fetches_nothing_from_the_network(app):
    """An image of the page is fetched for the PDF only from the wiki's own files."""
    from wiki.printing.pdf import PRINT_BASE, _local_file

    with app.test_request_context():
        assert _local_file(PRINT_BASE + "static/css/print.css") is not None
        assert _local_file("http://169.254.169.254/latest/meta-data") is None
        assert _local_file(PRINT_BASE + "static/../../etc/passwd") is None
        assert _local_file("file:///etc/passwd") is None


def test_without_pango_the_pdf_address_says_what_to_install(client, sheet, monkeypatch):
    from wiki.printing import pdf

    def unavailable():
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", unavailable)
    response = client.get(f"/pages/{sheet.slug}.pdf")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "libpango" in page and "Imprimer" in page
