"""Rendering a page's print HTML to PDF, fetching nothing but the wiki's own files."""

from __future__ import annotations

import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

from wiki.errors import WikiError

PRINT_BASE = "https://wiki.invalid/"  # relative addresses resolve here, and only here


class PdfUnavailable(WikiError):
    """WeasyPrint or the system's Pango is missing."""


@cache
def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango's library is not installed
        raise PdfUnavailable(str(error)) from None
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def _local_file(url: str) -> Path | None:
    """The wiki's static or uploaded file an address names, None for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != PRINT_BASE:
        return None
    path = unquote(parts.path)
    for prefix, folder in (
        ("/static/", Path(current_app.static_folder or "static")),
        ("/uploads/", Path(current_app.config["UPLOAD_PATH"])),
    ):
        if path.startswith(prefix):
            target = (folder / path.removeprefix(prefix)).resolve()
            if folder.resolve() in target.parents and target.is_file():
                return target
    return None


def _fetch_local_only(url: str, timeout: int = 10, ssl_context=None) -> dict:
    """WeasyPrint's url_fetcher: the wiki's own images and styles; nothing from the network
    (a page may not make the server fetch an address of its writer's choosing)."""
    target = _local_file(url)
    if target is None:
        raise ValueError(f"not fetched for a PDF: {url}")
    return {
        "string": target.read_bytes(),
        "mime_type": mimetypes.guess_type(target.name)[0],
        "redirected_url": url,
    }


def html_to_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    return weasyprint.HTML(
        string=html, base_url=PRINT_BASE, url_fetcher=_fetch_local_only
    ).write_pdf()
