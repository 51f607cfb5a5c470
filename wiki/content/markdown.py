"""Markdown to safe HTML: markdown-it-py (CommonMark, tables, strikethrough), wiki links, nh3."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml as escape
from markdown_it.rules_inline import StateInline

from wiki.content.sanitize import sanitize_html
from wiki.content.slugs import slugify

WIKI_LINK_MAX = 200


@dataclass
class Rendered:
    html: str
    links: set[str] = field(default_factory=set)  # slugs the text links to


def _wiki_link_rule(state: StateInline, silent: bool) -> bool:
    """[[Title]] or [[slug|text]]: a link to a page of the wiki, by its slug."""
    src, start = state.src, state.pos
    if not src.startswith("[[", start):
        return False
    end = src.find("]]", start + 2)
    if end < 0 or end - start > WIKI_LINK_MAX or "\n" in src[start:end]:
        return False
    inner = src[start + 2:end]
    target, _, text = inner.partition("|")
    slug = slugify(target)
    if not slug:
        return False
    if not silent:
        token = state.push("wiki_link", "a", 0)
        token.meta = {"slug": slug, "text": (text or target).strip()}
    state.pos = end + 2
    return True


def _render_wiki_link(_renderer, tokens, idx, _options, env) -> str:
    slug, text = tokens[idx].meta["slug"], escape(tokens[idx].meta["text"])
    if slug in env.get("existing_pages", ()):
        return f'<a class="wiki-link" href="/pages/{slug}">{text}</a>'
    return f'<a class="wiki-link missing" href="/pages/new?slug={slug}">{text}</a>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("link", "wiki_link", _wiki_link_rule)
    md.add_render_rule("wiki_link", _render_wiki_link)
    return md


_MD = _parser()


def wiki_links(body: str) -> set[str]:
    """The slugs a Markdown text links to with [[...]] (outside code)."""
    found: set[str] = set()

    def walk(tokens):
        for token in tokens:
            if token.type == "wiki_link":
                found.add(token.meta["slug"])
            if token.children:
                walk(token.children)

    walk(_MD.parse(body or ""))
    return found


def render_markdown(body: str, existing: Callable[[Iterable[str]], set[str]] | None = None
                    ) -> Rendered:
    """Render `body`; `existing(slugs)` tells which linked pages exist (others show as missing)."""
    tokens = _MD.parse(body or "")
    links = set()
    for token in tokens:
        for child in token.children or ():
            if child.type == "wiki_link":
                links.add(child.meta["slug"])
    present = existing(links) if existing and links else set()
    html = _MD.renderer.render(tokens, _MD.options, {"existing_pages": present})
    return Rendered(html=sanitize_html(html), links=links)
