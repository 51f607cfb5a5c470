"""The API's own input errors: domain errors (wiki.errors) with codes a script can act on."""

from __future__ import annotations

from wiki.errors import InvalidInput, WikiError


class BadRequestBody(InvalidInput):
    """A request body the API cannot take; `code` says why (invalid_json, unknown_keys...)."""

    def __init__(
        self, code: str, message: str, *, field: str | None = None, details: dict | None = None
    ):
        super().__init__(message, field=field, details=details)
        self.code = code


class UnsupportedMediaType(WikiError):
    status = 415
    code = "unsupported_media_type"


class ForbiddenBody(BadRequestBody):
    """A well-formed body asking for what the caller may not do (author_mismatch): 403."""

    status = 403
