"""Text as the server's Python accepts it, said in JSON Schema for the OpenAPI documents:
no NUL character, not blank (Python's spaces, not a regular expression's), a character a
slug keeps."""

from __future__ import annotations

from functools import cache

from wiki.content.slugs import slugify

# Every text of a request body: the API refuses NUL characters. (Said with `not`: a pattern
# over the whole text makes generators, schemathesis' among them, very slow on long texts.)
NO_NUL = {"type": "string", "pattern": "\\x00"}


def text(
    max_length: int | None = None,
    *,
    pattern: str | None = None,
    nullable: bool = False,
    description: str | None = None,
) -> dict:
    schema: dict = {"type": ["string", "null"] if nullable else "string", "not": NO_NUL}
    if pattern:
        schema["pattern"] = pattern
    if max_length is not None:
        schema["maxLength"] = max_length
    if description:
        schema["description"] = description
    return schema


def character_class(keeps, *, negated: bool = False) -> str:
    """A regular expression's class of every character for which `keeps(character)` is
    true, so that the document says exactly what the server's Python decides."""
    ranges: list[list[int]] = []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF or not keeps(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])

    def char(code: int) -> str:
        return "\\" + chr(code) if chr(code) in "\\]^-[" else chr(code)

    body = "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges)
    return f"[{'^' if negated else ''}{body}]"


@cache
def sluggable_character() -> str:
    """A letter or digit once accents are folded (what a slug keeps): a tag needs one."""
    return character_class(lambda c: bool(slugify(c)))


@cache
def space_class() -> tuple[str, str]:
    """Python's spaces (str.split, str.strip), which regular expressions' \\s differs from:
    (a space, a character that is not one)."""
    return character_class(str.isspace), character_class(str.isspace, negated=True)
