"""The HTML allow-list: what survives from rendered Markdown (nh3, not bleach: see README).

Everything not listed here is removed: no script, style, iframe, object, embed, form, input,
svg or math element, no event-handler or style attribute, and only http, https and mailto
URLs (plus relative ones). Images come from the wiki itself only: a reader's browser fetches
an image when it shows the page, so an image from another site would tell that site who reads
the page and when (markdown.py turns such an image into a link; the CSP says img-src 'self').

nh3 hands `attribute_filter` the attribute value already entity-decoded (``&#106;`` arrives
as ``j``); the filter still decodes once more and strips the characters a browser would
ignore before reading a scheme, so that neither ``java&#x09;script:`` nor
``java\\u200bscript:`` slips through.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# Removed with their content, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "class"}),
    "img": frozenset({"src", "alt", "title"}),
    "code": frozenset({"class"}),
    "th": frozenset({"class"}),
    "td": frozenset({"class"}),
    "ol": frozenset({"start"}),
    "abbr": frozenset({"title"}),
    **{tag: frozenset({"id"}) for tag in _HEADINGS},
}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Heading ids carry a prefix so that a heading can never clobber an id of the page around it.
HEADING_ID_PREFIX = "h-"
_HEADING_ID = re.compile(rf"^{HEADING_ID_PREFIX}[a-z0-9]+(?:-[a-z0-9]+)*$")
_ALLOWED_CLASSES = {
    "a": re.compile(r"^(?:wiki-link|missing)$"),
    "code": re.compile(r"^language-[A-Za-z0-9_+#.-]{1,40}$"),
    "th": re.compile(r"^align-(?:left|center|right)$"),
    "td": re.compile(r"^align-(?:left|center|right)$"),
}


def visible_url(url: str) -> str:
    """The URL as a browser reads its scheme: control, format, separator characters removed.

    Categories Cc, Cf, Cs, Co, Cn (controls, zero-width and bidi marks...) and Zs, Zl, Zp
    (every kind of space), which covers the tab and newline that browsers drop inside a URL.
    """
    return "".join(c for c in url if unicodedata.category(c)[0] not in "CZ")


def url_scheme(url: str) -> str | None:
    """The lower-cased scheme of `url` as a browser would see it, or None for a relative URL.

    Conservative: whatever comes before a colon that precedes any "/", "?" or "#" counts as
    a scheme, even if it is not a valid one, so it has to be on the allow-list to pass.
    """
    seen = visible_url(url)
    end = len(seen)
    for stop in "/?#":
        pos = seen.find(stop)
        if 0 <= pos < end:
            end = pos
    colon = seen.find(":", 0, end)
    return seen[:colon].lower() if colon >= 0 else None


def is_safe_url(url: str, schemes: frozenset[str] = SAFE_SCHEMES) -> bool:
    """True when `url` is relative or uses one of `schemes`, read raw and entity-decoded."""
    for candidate in (url, html_lib.unescape(url)):
        scheme = url_scheme(candidate)
        if scheme is not None and scheme not in schemes:
            return False
    return True


def is_same_site_url(url: str) -> bool:
    """True when a browser would fetch `url` from this wiki: no scheme, no host.

    "//host/x" and "/\\host/x" (browsers read a backslash as a slash) name another host
    although they have no scheme; both are refused, raw and entity-decoded.
    """
    for candidate in (url, html_lib.unescape(url)):
        seen = visible_url(candidate)
        if url_scheme(candidate) is not None or seen.startswith("//") or "\\" in seen:
            return False
    return True


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "href":
        return value if is_safe_url(value) else None
    if attr == "src":
        return value if is_same_site_url(value) else None
    if attr == "class":
        pattern = _ALLOWED_CLASSES.get(tag)
        kept = [c for c in value.split() if pattern and pattern.match(c)]
        return " ".join(kept) or None
    if attr == "id":
        return value if _HEADING_ID.match(value) else None
    if attr == "start":
        return value if value.isascii() and value.isdigit() and len(value) <= 9 else None
    return value


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URLs of `html`; links get rel."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        attribute_filter=_filter_attribute,
        link_rel=LINK_REL,
        strip_comments=True,
    )
