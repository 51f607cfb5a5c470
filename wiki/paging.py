"""Page numbers of paginated lists, read from a query string and clamped in this one place.

A number past any list's reach (`?page=461168601842738792`) would overflow the database's
integers once multiplied into an OFFSET: it is brought back to MAX_PAGE_NUMBER, where the
list is simply empty, as any page past the last one is.
"""

from __future__ import annotations

import re

MAX_PAGE_NUMBER = 10_000
# ASCII digits only: int() would also read "٣" as 3, "1_0" as 10, and refuse 5,000 digits.
_DIGITS = re.compile(r"[0-9]+")


def page_number(raw: object) -> int:
    """A page number from 1 to MAX_PAGE_NUMBER; anything that is not a positive whole
    number (a negative one, 0, "abc", "1e9", "") gives 1."""
    text = str(raw).strip() if raw is not None else ""
    if not _DIGITS.fullmatch(text):
        return 1
    if len(text.lstrip("0")) > len(str(MAX_PAGE_NUMBER)):
        return MAX_PAGE_NUMBER  # past any list's reach, however long
    return min(max(int(text), 1), MAX_PAGE_NUMBER)
