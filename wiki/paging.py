"""Page numbers of paginated lists, read from a query string and clamped in this one place.

A number past any list's reach (`?page=461168601842738792`) would overflow the database's
integers once multiplied into an OFFSET: it is brought back to MAX_PAGE_NUMBER, where the
list is simply empty, as any page past the last one is.
"""

from __future__ import annotations

MAX_PAGE_NUMBER = 10_000


def page_number(raw: object) -> int:
    """A page number from 1 to MAX_PAGE_NUMBER; anything that is not a number gives 1."""
    try:
        number = int(str(raw).strip()) if raw is not None else 1
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE_NUMBER)
