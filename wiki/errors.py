"""Domain errors: raised by domain functions, turned into a 4xx page or JSON by one handler."""

from __future__ import annotations


class WikiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}


class InvalidInput(WikiError):
    status = 400
    code = "invalid"


class ForbiddenValue(InvalidInput):
    """A well-formed value this person may not choose (a group they are not in, another
    account as author): 403 in the API, shown next to its field like any invalid input."""

    status = 403
    code = "forbidden"


class TakenValue(InvalidInput):
    """A well-formed value that something existing already holds (an explicit slug): 409."""

    status = 409
    code = "conflict"


class NotAuthenticated(WikiError):
    status = 401
    code = "unauthenticated"


class Forbidden(WikiError):
    status = 403
    code = "forbidden"


class NotFound(WikiError):
    status = 404
    code = "not_found"


class Conflict(WikiError):
    status = 409
    code = "conflict"


class StaleRevision(Conflict):
    """The page changed since the revision the writer started from."""

    code = "stale_revision"

    def __init__(self, message: str, *, current_revision: int, base_revision: int | None):
        super().__init__(
            message, details={"current_revision": current_revision, "base_revision": base_revision}
        )
        self.current_revision = current_revision
        self.base_revision = base_revision


class TooManyRequests(WikiError):
    status = 429
    code = "rate_limited"
