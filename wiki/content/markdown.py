"""Markdown to safe HTML: markdown-it-py (CommonMark, tables, strikethrough), wiki links, nh3.

Raw HTML in the text is not interpreted (markdown-it's `html` option is off: it shows as
text), and whatever the renderer produces still goes through the allow-list of
`wiki.content.sanitize`. On top of CommonMark:

- ``[[Title]]`` and ``[[slug|text]]`` link to a page: the caller's `resolve` finds it by the
  target's slug, then by its title (`LinkTarget`); a link to a page that does not exist has
  the class ``wiki-link missing`` and leads to its creation
  (/pages/new?slug=<slug>&title=<title>). Never inside code.
- headings get stable ids (``h-`` + slug of their text, ``-2``, ``-3``... when repeated),
- table alignment becomes a class (``align-left|center|right``), since style attributes are
  not allowed,
- an image from another site becomes a link to it (its text, or its address): the reader's
  browser only fetches images from the wiki itself (see sanitize.py); inside a link, only
  its text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask_babel import format_number
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml as escape
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from wiki.content.sanitize import (
    HEADING_ID_PREFIX,
    is_safe_url,
    is_same_site_url,
    sanitize_html,
)
from wiki.content.slugs import slugify, title_key
from wiki.errors import InvalidInput
from wiki.urls import page_url

WIKI_LINK_MAX = 200  # characters between [[ and ]]
_WIKI_LINK_FORBIDDEN = ("[", "]", "\n", "`")

# What a text may cost. markdown-it-py is linear, but each character it treats as markup (the
# ones that stop its text rule, plus table bars and line breaks) costs 10 to 50 µs, so 500,000
# of them would take a worker 5 to 25 s; plain prose costs about 0.1 µs a character. 20,000
# markup characters is ten times what a long account with lists, links and a table holds
# (the demo pages: 5.6 % of their text), and about one second at worst on a busy 2-core machine.
MAX_MARKUP_CHARACTERS = 20_000
MARKUP_CHARACTERS = "\n\r!#$%&*+-:<=>@[\\]^_`{}~|"
_WITHOUT_MARKUP = str.maketrans(dict.fromkeys(MARKUP_CHARACTERS))
# Each distinct wiki link is looked up (slug, then title) and written as a row.
MAX_WIKI_LINKS = 1_000


class TextTooComplex(InvalidInput):
    """A text whose rendering would cost more than the wiki lets one save cost."""

    code = "text_too_complex"


@dataclass(frozen=True)
class LinkTarget:
    """What a wiki link names: a page with this slug, else one with this title."""

    slug: str
    title_key: str


Resolve = Callable[[set[LinkTarget]], dict[LinkTarget, str]]


@dataclass
class Rendered:
    html: str
    targets: set[LinkTarget] = field(default_factory=set)
    resolution: dict[LinkTarget, str] = field(default_factory=dict)  # target → existing slug

    @property
    def links(self) -> set[str]:
        """The slugs the text's wiki links are written with."""
        return {target.slug for target in self.targets}

    @property
    def linked_slugs(self) -> set[str]:
        """The slugs written, and those of the pages found by title: who links to whom."""
        return self.links | set(self.resolution.values())

    @property
    def title_keys(self) -> set[str]:
        return {target.title_key for target in self.targets}


def markup_count(text: str) -> int:
    return len(text) - len(text.translate(_WITHOUT_MARKUP))


def check_markup_budget(text: str, field: str = "body") -> None:
    """TextTooComplex when `text` holds more markup than one save may render."""
    count = markup_count(text or "")
    if count > MAX_MARKUP_CHARACTERS:
        raise TextTooComplex(
            _(
                "Le texte contient trop de mise en forme : %(count)s signes de balisage "
                "(crochets, astérisques, barres de tableau, retours à la ligne…), %(limit)s au "
                "plus. Simplifiez-le ou répartissez-le sur plusieurs pages.",
                count=_grouped(count),
                limit=_grouped(MAX_MARKUP_CHARACTERS),
            ),
            field=field,
        )


def _grouped(number: int) -> str:
    return format_number(number)  # 20 000 in French, 20,000 in English


def _parse_wiki_link(src: str, start: int) -> tuple[int, LinkTarget, str, str] | None:
    """The wiki link at `start`: (end, target, text, title) or None.

    The target is bounded (WIKI_LINK_MAX) so that a text full of unclosed ``[[`` costs
    linear time; it holds no bracket, backtick or line break, so ``[[a [[b]] c]]`` links
    ``b`` only and a code span keeps precedence over the link, as CommonMark wants.
    """
    if not src.startswith("[[", start):
        return None
    end = src.find("]]", start + 2, start + 4 + WIKI_LINK_MAX)
    if end < 0:
        return None
    inner = src[start + 2 : end]
    if any(c in inner for c in _WIKI_LINK_FORBIDDEN):
        return None
    target, bar, text = inner.partition("|")
    # In a table the bar is written \| (markdown-it unescapes it in cells, not elsewhere).
    target, text = target.strip().removesuffix("\\").strip(), text.strip()
    slug = slugify(target)
    if not slug:  # [[]], [[|text]], [[!!!]]: plain text
        return None
    if not bar or not text:
        text = target
    # The title a new page would get: the target, unless it is written as a slug already.
    title = text if bar and slug == target else target
    return end + 2, LinkTarget(slug, title_key(target)), text, title


def _wiki_link_rule(state: StateInline, silent: bool) -> bool:
    if state.linkLevel > 0:  # no link inside the text of another link
        return False
    parsed = _parse_wiki_link(state.src, state.pos)
    if parsed is None:
        return False
    end, target, text, title = parsed
    if not silent:
        token = state.push("wiki_link", "a", 0)
        token.meta = {"target": target, "text": text, "title": title}
        token.content = text
    state.pos = end
    return True


def wiki_link_href(slug: str, title: str, exists: bool) -> str:
    """Where a wiki link leads: the page, or the form creating it."""
    if exists:
        return page_url(slug, absolute=False)
    return "/pages/new?" + urlencode({"slug": slug, "title": title})


_EXISTING_LINK = re.compile(r'<a class="wiki-link" href="/pages/([^"?#/]+)"')


def existing_link_slugs(html: str) -> list[str]:
    """The slugs that rendered HTML links to as existing pages (_render_wiki_link's markup)."""
    return _EXISTING_LINK.findall(html or "")


def _render_wiki_link(_renderer, tokens, idx, _options, env) -> str:
    meta = tokens[idx].meta
    target: LinkTarget = meta["target"]
    found = env["resolution"].get(target)
    href = escape(wiki_link_href(found or target.slug, meta["title"], found is not None))
    css = "wiki-link" if found else "wiki-link missing"
    return f'<a class="{css}" href="{href}">{escape(meta["text"])}</a>'


def _plain_text(inline: Token) -> str:
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "wiki_link"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(_plain_text(child))
    return "".join(parts)


def _heading_ids(state: StateCore) -> None:
    """Each heading gets id="h-<slug of its text>", numbered when the text repeats."""
    used: set[str] = set()
    next_number: dict[str, int] = {}  # keeps a thousand "## Suite" headings linear
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or i + 1 >= len(tokens):
            continue
        base = HEADING_ID_PREFIX + (slugify(_plain_text(tokens[i + 1])) or "section")
        n = next_number.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        next_number[base] = n + 1
        used.add(candidate)
        token.attrSet("id", candidate)


def _table_alignment(state: StateCore) -> None:
    """markdown-it writes alignment as style="text-align:x"; make it class="align-x"."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            style = str(token.attrs.pop("style"))
            align = style.removeprefix("text-align:").strip()
            if align in ("left", "center", "right"):
                token.attrSet("class", f"align-{align}")


def _mark_images_in_links(state: StateCore) -> None:
    """An image inside a link's text is marked, so that it is never turned into a link."""
    for token in state.tokens:
        depth = 0
        for child in token.children or ():
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            elif child.type == "image" and depth > 0:
                child.meta = {**(child.meta or {}), "in_link": True}


def _render_image(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if is_same_site_url(src):
        return renderer.image(tokens, idx, options, env)
    text = renderer.renderInlineAsText(token.children or [], options, env)
    if (token.meta or {}).get("in_link") or not is_safe_url(src):
        return escape(text)
    title = token.attrGet("title")
    title_attr = f' title="{escape(str(title))}"' if title else ""
    return f'<a href="{escape(src)}"{title_attr}>{escape(text or src)}</a>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("link", "wiki_link", _wiki_link_rule)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("table_alignment", _table_alignment)
    md.core.ruler.push("images_in_links", _mark_images_in_links)
    md.add_render_rule("wiki_link", _render_wiki_link)
    md.add_render_rule("image", _render_image)
    return md


_MD = _parser()


def _link_targets(tokens: list[Token]) -> set[LinkTarget]:
    # Inline tokens are all at the top level of markdown-it's flat stream (tables included).
    return {
        child.meta["target"]
        for token in tokens
        for child in token.children or ()
        if child.type == "wiki_link"
    }


def wiki_links(body: str) -> set[str]:
    """The slugs a Markdown text links to with [[...]] (outside code)."""
    return {target.slug for target in _link_targets(_MD.parse(body or ""))}


def render_markdown(
    body: str, resolve: Resolve | None = None, *, max_links: int | None = None
) -> Rendered:
    """Render `body` to sanitised HTML; `resolve(targets)` tells which page each wiki link
    leads to (the slug of an existing page), asked once for all the text's links.

    Links that `resolve` leaves out (all of them without `resolve`) show as missing. With
    `max_links`, a text linking to more distinct targets is refused (TextTooComplex) before
    any of them is looked up. Rendering itself never refuses a text: stored texts written
    before a limit existed still render.
    """
    tokens = _MD.parse(body or "")
    targets = _link_targets(tokens)
    if max_links is not None and len(targets) > max_links:
        raise TextTooComplex(
            _(
                "Le texte contient %(count)s liens vers des pages du wiki, %(limit)s au plus.",
                count=_grouped(len(targets)),
                limit=_grouped(max_links),
            ),
            field="body",
        )
    resolution = dict(resolve(targets)) if resolve and targets else {}
    html = _MD.renderer.render(tokens, _MD.options, {"resolution": resolution})
    return Rendered(html=sanitize_html(html), targets=targets, resolution=resolution)
