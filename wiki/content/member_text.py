"""Members' short texts (messages, calls, answers): checked, then rendered once to safe HTML.

They are Markdown like pages. A wiki link shows as existing only when it leads to a public
page: a text read by other people must not tell them which hidden pages exist.
"""

from __future__ import annotations

from sqlalchemy import select

from wiki.content.markdown import render_markdown
from wiki.errors import InvalidInput
from wiki.models import Page


def checked_text(value: object, *, field: str, label: str, max_length: int,
                 required: bool = True) -> str:
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
        raise InvalidInput(f"{label} est trop long ({max_length} caractères au plus).",
                           field=field)
    return value


def render_member_text(session, body: str) -> str:
    """Safe HTML of `body`; do it before begin_write(): rendering is the slow part."""

    from wiki.access import visible_pages_clause

    def public_pages(slugs) -> set[str]:
        return set(session.scalars(select(Page.slug).where(
            Page.slug.in_(list(slugs)), visible_pages_clause(None))))

    return render_markdown(body, public_pages).html
