"""Members' short texts (messages, calls, answers): checked, then rendered once to safe HTML.

They are Markdown like pages. A wiki link shows as existing only when it leads to a public
page: a text read by other people must not tell them which hidden pages exist.
"""

from __future__ import annotations

from wiki.content.markdown import MAX_WIKI_LINKS, render_markdown
from wiki.errors import InvalidInput


def checked_text(
    value: object, *, field: str, label: str, max_length: int, required: bool = True
) -> str:
    """`value` stripped; InvalidInput if missing (when required), not text, or too long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"« {field} » doit être un texte.", field=field)
    if "\x00" in value:
        raise InvalidInput("Le texte contient un caractère nul.", field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{label} est obligatoire.", field=field)
    if len(value) > max_length:
        raise InvalidInput(f"{label} est trop long ({max_length} caractères au plus).", field=field)
    return value


def render_member_text(session, body: str) -> str:
    """Safe HTML of `body`; do it before begin_write(): rendering is the slow part."""
    from wiki.pages.links import resolver

    # Links are resolved among public pages: a message must not tell whether a members-only
    # or group page exists to a reader who may not see it.
    return render_markdown(body, resolver(session, visible_to=None), max_links=MAX_WIKI_LINKS).html
