"""Word-level differences between two texts, as escaped HTML with <ins> and <del>.

Lines are compared first and only changed blocks are compared word by word: difflib's cost
grows with the square of the tokens it matches, and most edits touch a few paragraphs.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from markupsafe import Markup, escape

# A word, a single punctuation mark, or a run of white space: the units a reader sees change.
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _ins(text: str) -> str:
    return f"<ins>{escape(text)}</ins>" if text else ""


def _del(text: str) -> str:
    return f"<del>{escape(text)}</del>" if text else ""


def _word_level(old: str, new: str) -> str:
    a, b = _tokens(old), _tokens(new)
    parts: list[str] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            parts.append(str(escape(removed)))
        else:
            parts.append(_del(removed) + _ins(added))
    return "".join(parts)


def word_diff(old: str, new: str) -> Markup:
    """`old` → `new` with deleted words in <del> and inserted ones in <ins>, all escaped."""
    old, new = old or "", new or ""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    parts: list[str] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            parts.append(str(escape(removed)))
        elif op == "replace":
            parts.append(_word_level(removed, added))
        else:
            parts.append(_del(removed) + _ins(added))
    return Markup("".join(parts))  # noqa: S704 - every piece above is escaped
