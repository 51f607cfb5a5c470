"""The HTML allow-list: what survives from rendered Markdown (nh3, not bleach: see README)."""

from __future__ import annotations

import re
import unicodedata

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "td": {"style"} - {"style"},  # alignment comes as style in markdown-it; dropped on purpose
    "th": set(),
    "code": {"class"},
}
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _visible(url: str) -> str:
    """The URL as a browser reads it: control, format and space characters removed."""
    return "".join(c for c in url if unicodedata.category(c)[0] not in "CZ")


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr in ("href", "src"):
        match = _SCHEME.match(_visible(value))
        if match and match.group(1).lower() not in SAFE_SCHEMES:
            return None
    if attr == "class" and tag in ("a", "code"):
        allowed = [c for c in value.split() if c in ("wiki-link", "missing")
                   or c.startswith("language-")]
        return " ".join(allowed) or None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={tag: attrs for tag, attrs in ALLOWED_ATTRIBUTES.items() if attrs},
        url_schemes=SAFE_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )
