"""external images in stored HTML become links, as the renderer now writes them

Revision ID: f2b8017525db
Revises: b8d2e4f6a0c3
Create Date: 2026-12-08 00:40:00

Texts are rendered once, at save. Those saved before images were restricted to the wiki's
own still hold `<img src="https://elsewhere/…">`: each reader's browser would fetch it (the
CSP now blocks it, leaving a broken image). Their HTML is rewritten as the renderer writes it
today (wiki.content.markdown): an image from another site becomes a link to it, its text (or
its address) as the link's text; inside a link, or with an address that may not be a link,
only its text is kept. Nothing else of the HTML changes: it was sanitised when stored, so its
tags and quoted attributes are regular, and its wiki links stay as they were resolved.
"""
from __future__ import annotations

import html as html_lib
import re

from alembic import op
import sqlalchemy as sa


revision = 'f2b8017525db'
down_revision = 'b8d2e4f6a0c3'
branch_labels = None
depends_on = None

# Every stored rendering of a member's Markdown: (table, its HTML column).
RENDERED_COLUMNS = (
    ("revisions", "html"),
    ("follow_ups", "html"),
    ("comments", "html"),
    ("calls", "html"),
    ("call_answers", "html"),
    ("messages", "html"),
    ("profiles", "presentation_html"),
)
LINK_REL = "nofollow ugc noopener"
BATCH = 500

_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_TAG = re.compile(r'<img(?:\s+[\w-]+="[^"]*")*\s*/?>|<a(?:\s+[\w-]+="[^"]*")*\s*>|</a>')


def image_as_link(tag: str, in_link: bool) -> str:
    """What the renderer writes today for this stored <img> tag."""
    from wiki.content.sanitize import is_safe_url, is_same_site_url

    attributes = {name: html_lib.unescape(value) for name, value in _ATTRIBUTE.findall(tag)}
    src = attributes.get("src", "")
    if src and is_same_site_url(src):
        return tag
    text = attributes.get("alt", "")
    if in_link or not src or not is_safe_url(src):
        return html_lib.escape(text, quote=False)
    title = attributes.get("title")
    title_attr = f' title="{html_lib.escape(title)}"' if title else ""
    return (f'<a href="{html_lib.escape(src)}"{title_attr} rel="{LINK_REL}">'
            f'{html_lib.escape(text or src, quote=False)}</a>')


def without_external_images(stored: str) -> str:
    parts, depth, last = [], 0, 0
    for match in _TAG.finditer(stored):
        tag = match.group()
        if tag.startswith("<img"):
            parts.append(stored[last:match.start()])
            parts.append(image_as_link(tag, depth > 0))
            last = match.end()
        elif tag == "</a>":
            depth = max(depth - 1, 0)
        else:
            depth += 1
    parts.append(stored[last:])
    return "".join(parts)


def upgrade():
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table_name, column_name in RENDERED_COLUMNS:
        if not inspector.has_table(table_name):
            continue
        (key_name,) = inspector.get_pk_constraint(table_name)["constrained_columns"]
        table = sa.table(table_name, sa.column(key_name, sa.Integer),
                         sa.column(column_name, sa.Text))
        key, column = table.c[key_name], table.c[column_name]
        last = 0
        while True:  # by batches of keys: a large wiki's texts never all sit in memory
            rows = bind.execute(sa.select(key, column)
                                .where(key > last, column.contains("<img"))
                                .order_by(key).limit(BATCH)).all()
            if not rows:
                break
            for row_id, stored in rows:
                rewritten = without_external_images(stored)
                if rewritten != stored:
                    bind.execute(table.update().where(key == row_id)
                                 .values({column_name: rewritten}))
            last = rows[-1][0]


def downgrade():
    pass  # the links stay: the older version shows them as it shows any link
