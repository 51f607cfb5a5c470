"""The French terms of a call, for the simple search of /calls (not the page index)."""

from __future__ import annotations

from wiki.search.analysis import analyze


def search_terms(title: str, body: str) -> str:
    """ " term term … ": the distinct stemmed, folded terms, space-delimited for LIKE."""
    terms = sorted(set(analyze(f"{title}\n{body}")))
    return f" {' '.join(terms)} " if terms else ""


def query_terms(q: str) -> list[str]:
    return sorted(set(analyze(q or "")))
