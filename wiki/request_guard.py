"""Refuse, before any view runs, request arguments no database stores.

PostgreSQL refuses text with a NUL character (SQLite keeps it and cuts it later), so a
`?tag=%00` must be a clear 400 everywhere, not a 500 wherever a view forgot to check.
JSON bodies are checked by the API's own parser (wiki.api.payloads).
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext as _

from wiki.errors import InvalidInput


def _refuse_nul_characters() -> None:
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            if "\x00" in name or "\x00" in value:
                raise InvalidInput(
                    _("La requête contient un caractère nul."),
                    field=name.replace("\x00", "") or None,
                    details={"reason": "invalid_character"},
                )


def register(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
