"""/pages/<slug>.pdf: the page as its reader may see it, as a PDF."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask_login import current_user

from wiki.access import get_visible_page
from wiki.pages.reading import page_view
from wiki.printing.pdf import PdfUnavailable, html_to_pdf
from wiki.urls import page_url

bp = Blueprint("printing", __name__)


@bp.get("/pages/<slug>.pdf")
def page_pdf(slug: str):
    page = get_visible_page(current_user, slug)  # 404 as for the page itself
    view = page_view(current_user, page)
    html = render_template(
        "printing/page.html", view=view, address=page_url(page.slug, absolute=True)
    )
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable:
        return render_template("printing/unavailable.html", view=view), 503
    filename = f"{page.slug}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
