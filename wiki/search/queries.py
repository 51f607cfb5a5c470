"""Searching the index as a given person may: French queries, filters, facets, snippets.

Visibility is part of the query: the documents a person may see are computed from the
index's own `visibility` field (with access.visibility_scopes) and passed to Whoosh as the
search filter, so hidden pages never reach the results, the total, the facet counts, the
snippets or the suggestions.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, url_for
from markupsafe import Markup, escape
from werkzeug.routing import BuildError
from whoosh import highlight, qparser, sorting
from whoosh.query import And, Every, Or, Term

from wiki.access import visibility_scopes
from wiki.errors import InvalidInput
from wiki.models import Page, PageKind
from wiki.search.analysis import ELISION, WORD_PATTERN, analyze, fold_same_length
from wiki.search.indexer import get_searcher, html_to_text
from wiki.search.schema import FIELD_BOOSTS, SPELLING_FIELD, split_tags

MAX_PER_PAGE = 100
MAX_PAGE = 1000
MAX_QUERY_LENGTH = 500
SORTS = ("relevance", "date")
SNIPPET_CHARS = 240
KINDS = tuple(kind.value for kind in PageKind)
_WORD = re.compile(WORD_PATTERN)
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


@dataclass
class SearchHit:
    slug: str
    title: str
    kind: str
    tags: list[str]
    snippet: Markup
    url: str
    score: float | None
    updated: datetime | None = None

    def to_json(self) -> dict:
        return {"slug": self.slug, "title": self.title, "kind": self.kind, "tags": self.tags,
                "snippet": str(self.snippet), "url": self.url, "score": self.score}


@dataclass
class SearchResults:
    query: str
    total: int = 0
    page: int = 1
    per_page: int = 20
    results: list[SearchHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=lambda: {"kind": {}, "tags": {}})
    suggestion: str | None = None
    sort: str = "relevance"
    relaxed: bool = False  # no page had every word: pages with some of them are shown

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def to_json(self) -> dict:
        return {"query": self.query, "total": self.total, "page": self.page,
                "per_page": self.per_page, "results": [hit.to_json() for hit in self.results],
                "facets": self.facets, "suggestion": self.suggestion}


def parse_paging(page: object, per_page: object) -> tuple[int, int]:
    """Page numbers from a query string: integers, page >= 1, 1 <= per_page <= 100."""
    try:
        page, per_page = int(page), int(per_page)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput("« page » et « per_page » doivent être des nombres entiers.",
                           field="page") from None
    if page < 1 or page > MAX_PAGE:
        raise InvalidInput(f"« page » doit être compris entre 1 et {MAX_PAGE}.", field="page")
    if per_page < 1 or per_page > MAX_PER_PAGE:
        raise InvalidInput(f"« per_page » doit être compris entre 1 et {MAX_PER_PAGE}.",
                           field="per_page")
    return page, per_page


def search(user, q: str | None, *, kind: str | None = None, tag: str | None = None,
           sector: str | None = None, territory: str | None = None, page: int = 1,
           per_page: int = 20, sort: str = "relevance") -> SearchResults:
    """The pages `user` may see that match `q` (French, "phrases" in quotes), best first."""
    page, per_page = parse_paging(page, per_page)
    q = " ".join((q or "").split())[:MAX_QUERY_LENGTH]
    kind, tag = (kind or "").strip() or None, (tag or "").strip() or None
    sector, territory = (sector or "").strip() or None, (territory or "").strip() or None
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"Type de page inconnu « {kind} » : practice ou innovation.",
                           field="kind")
    if sort not in SORTS:
        raise InvalidInput("Tri inconnu : relevance ou date.", field="sort")
    outcome = SearchResults(query=q, page=page, per_page=per_page, sort=sort)
    searcher = get_searcher(current_app)
    filtered = any((kind, tag, sector, territory))
    if searcher is None or not (q or filtered):
        return outcome

    visible = _visible_docs(searcher, visibility_scopes(user))
    allowed = _restrict(searcher, visible, kind=kind, tag=tag, sector=sector,
                        territory=territory)
    if not allowed:
        # Nothing this person may see (Whoosh reads an empty filter as "no filter").
        return outcome
    if q:
        query = _parse(searcher, q, qparser.AndGroup)
    else:
        query, sort = Every(), "date"
    results = _run(searcher, query, allowed, page, per_page, sort)
    if results.is_empty() and q and _has_several_parts(query):
        relaxed_query = _parse(searcher, q, qparser.OrGroup.factory(0.9))
        relaxed = _run(searcher, relaxed_query, allowed, page, per_page, sort)
        if not relaxed.is_empty():
            results, outcome.relaxed = relaxed, True

    outcome.total = len(results)
    outcome.facets = {
        "kind": dict(sorted(results.groups("kind").items())),
        "tags": _tag_counts(results.groups("tags")),
    }
    outcome.results = [_hit(hit, results, sort) for hit in
                       results[(page - 1) * per_page: page * per_page]]
    if q and not (outcome.total and not outcome.relaxed and not _OPERATORS.search(q)):
        # Pages were found with every word (AND, no OR/NOT): each word is visibly used, so
        # no word would be corrected. Otherwise look for corrections.
        outcome.suggestion = _suggestion(searcher, q, visible)
    return outcome


def related_pages(user, page: Page, limit: int = 5) -> list[SearchHit]:
    """Pages `user` may see that speak of the same things as `page` (more like this).

    Shown on every page view and costly on a large index (an OR of the page's key terms),
    so kept per searcher: computed again only when the index changes."""
    searcher = get_searcher(current_app)
    if searcher is None or page.current is None:
        return []
    scopes = visibility_scopes(user)
    key = (page.id, page.version, limit, *sorted(scopes))
    return _per_searcher(searcher, "related", key,
                         lambda: _related(searcher, page, scopes, limit), _RELATED_CACHE_SIZE)


def _related(searcher, page: Page, scopes: list[str], limit: int) -> list[SearchHit]:
    text = "\n".join([page.title, page.title, *(t.label_fr for t in page.tags),
                      *(str(v) for v in (page.current.fields or {}).values()),
                      html_to_text(page.current.html)])[:20_000]
    terms = searcher.key_terms_from_text("body", text, numterms=12)
    if not terms and not page.tags:
        return []
    query = Or([*(Term("body", word, boost=weight) for word, weight in terms),
                *(Term("title", word, boost=2 * weight) for word, weight in terms),
                *(Term("tags", t.slug, boost=1.5) for t in page.tags)])
    visible = _visible_docs(searcher, scopes)
    if not visible:  # an empty filter would mean "no filter" to Whoosh
        return []
    docnum = searcher.document_number(page_id=str(page.id))
    results = searcher.search(query, filter=visible,
                              mask={docnum} if docnum is not None else None, limit=limit)
    return [_hit(hit, results, "relevance", snippet=False) for hit in results]


# --- queries ----------------------------------------------------------------------------------


def _parse(searcher, q: str, group):
    parser = qparser.MultifieldParser(list(FIELD_BOOSTS), searcher.schema,
                                      fieldboosts=FIELD_BOOSTS, group=group)
    # People type French, not query syntax: no field:value, 'single quotes' (apostrophes!),
    # ranges, boosts or wildcards. "Phrases", parentheses and AND/OR/NOT remain.
    for plugin in (qparser.FieldsPlugin, qparser.SingleQuotePlugin, qparser.RangePlugin,
                   qparser.BoostPlugin, qparser.WildcardPlugin, qparser.EveryPlugin):
        parser.remove_plugin_class(plugin)
    return _binary_unions(parser.parse(q))


def _binary_unions(query):
    """Every OR of the query matched by Whoosh's tree of union matchers.

    Left to choose, Whoosh preloads every posting of an OR on segments of fewer than 5,000
    documents (and each word of a query is an OR over six fields): an AND of common words then
    reads all their postings instead of skipping to the documents that have them all."""
    if isinstance(query, Or):
        query.matcher_type = Or.DEFAULT_MATCHER
    for child in query.children():
        _binary_unions(child)
    return query


def _has_several_parts(query) -> bool:
    return isinstance(query, And) or len(list(query.children())) > 1


def _run(searcher, query, allowed: set[int], page: int, per_page: int, sort: str):
    assert allowed, "an empty filter means no filter to Whoosh"  # noqa: S101
    options = {
        "limit": page * per_page,
        "filter": allowed,
        "groupedby": {"kind": sorting.FieldFacet("kind"),
                      "tags": sorting.FieldFacet("tags", allow_overlap=True)},
        "maptype": sorting.Count,
    }
    if sort == "date":
        options["sortedby"] = sorting.FieldFacet("updated", reverse=True)
    results = searcher.search(query, **options)
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60,
                                                     charlimit=None)  # whole bodies
    results.formatter = _MarkFormatter(between=" … ")
    return results


class _MarkFormatter(highlight.HtmlFormatter):
    """HTML-escaped text with the matched words in <mark>."""

    template = "<mark>%(t)s</mark>"


def _tag_counts(groups: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key, count in groups.items():
        if key is None:
            continue
        slug = key.decode("utf-8") if isinstance(key, bytes) else str(key)
        counts[slug] = count
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _hit(hit, results, sort: str, *, snippet: bool = True) -> SearchHit:
    stored = hit.fields()
    return SearchHit(
        slug=stored["slug"], title=stored["title"], kind=stored["kind"],
        tags=split_tags(stored.get("tags", "")),
        snippet=_snippet(hit, stored) if snippet else Markup(""),
        url=page_url(stored["slug"]),
        score=round(hit.score, 4) if sort == "relevance" and hit.score is not None else None,
        updated=stored.get("updated"),
    )


def _snippet(hit, stored: dict) -> Markup:
    for fieldname in ("body", "fields_text"):
        text = stored.get(fieldname)
        if not text:
            continue
        window = _window_around_match(text, _query_terms(hit.results, fieldname))
        if window is None:
            continue
        marked = hit.highlights(fieldname, text=window, top=2)
        if marked:
            # _MarkFormatter escaped the text; only its <mark> tags are markup.
            return Markup(marked)  # noqa: S704
    text = stored.get("body") or stored.get("fields_text") or ""
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text)


def _query_terms(results, fieldname: str) -> list[str]:
    return [text.decode("utf-8") if isinstance(text, bytes) else text
            for field_, text in results.q.iter_all_terms() if field_ == fieldname]


_WINDOW_BEFORE, _WINDOW_AFTER = 200, 600


def _window_around_match(text: str, stems: list[str]) -> str | None:
    """The part of `text` around the first place a query stem occurs, wherever it is.

    Highlighting analyses the text it is given: a window keeps snippets cheap on long
    pages, and finds matches at any depth (Whoosh alone stops at 32K characters).
    """
    if len(text) <= _WINDOW_BEFORE + _WINDOW_AFTER:
        return text
    folded = fold_same_length(text).lower()
    starts = [i for i in (folded.find(stem) for stem in stems if stem) if i >= 0]
    if not starts:
        return text  # a match through a ligature, say: let the highlighter read it all
    start = max(0, min(starts) - _WINDOW_BEFORE)
    end = min(len(text), min(starts) + _WINDOW_AFTER)
    return text[start:end]


def page_url(slug: str) -> str:
    """The page's path; outside a request (a script, the benchmark) the same path by hand."""
    try:
        return url_for("pages.view", slug=slug)
    except (BuildError, RuntimeError):
        return f"/pages/{slug}"


# --- what a person may see, as sets of document numbers (cached per searcher) ----------------

_DOCSET_CACHE_SIZE = 64
_RELATED_CACHE_SIZE = 2048  # small lists of hits, one per page viewed and audience


def _per_searcher(searcher, bucket: str, key: tuple, compute, size: int):
    """A value computed once per searcher (LRU of `size`); callers never modify it.

    The cache lives on the searcher: it goes when the index changes, and like the
    searcher it belongs to one thread."""
    cache = searcher.__dict__.setdefault(f"_wiki_{bucket}", OrderedDict())
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = compute()
    while len(cache) > size:
        cache.popitem(last=False)
    return value


def _cached_docs(searcher, key: tuple, compute) -> set[int]:
    return _per_searcher(searcher, "docsets", key, lambda: set(compute()), _DOCSET_CACHE_SIZE)


def _visible_docs(searcher, scopes: list[str]) -> set[int]:
    key = ("visibility", *sorted(scopes))
    return _cached_docs(searcher, key, lambda: searcher.docs_for_query(
        Or([Term("visibility", scope) for scope in scopes])))


def _restrict(searcher, visible: set[int], *, kind, tag, sector, territory) -> set[int]:
    allowed = visible
    if kind:
        allowed = allowed & _cached_docs(searcher, ("kind", kind),
                                         lambda: searcher.docs_for_query(Term("kind", kind)))
    if tag:
        allowed = allowed & _cached_docs(searcher, ("tag", tag),
                                         lambda: searcher.docs_for_query(Term("tags", tag)))
    for fieldname, value in (("sector", sector), ("territory", territory)):
        if value:
            words = analyze(value, stem=False)
            if not words:
                continue
            query = And([Term(fieldname, word) for word in words])
            allowed = allowed & set(searcher.docs_for_query(query))
    return allowed


# --- did you mean -------------------------------------------------------------------------------


def _visibly_used(searcher, word: str, visible: set[int]) -> bool:
    """Whether some page the person may see contains `word` (a folded, unstemmed word)."""
    if not searcher.doc_frequency(SPELLING_FIELD, word):
        return False
    return any(docnum in visible
               for docnum in searcher.docs_for_query(Term(SPELLING_FIELD, word)))


def _visibly_found(searcher, word: str, visible: set[int]) -> bool:
    """Whether searching `word` alone (stemmed, in every field) finds a visible page."""
    query = _parse(searcher, word, qparser.AndGroup)
    return any(docnum in visible for docnum in searcher.docs_for_query(query))


def _suggestion(searcher, q: str, visible: set[int]) -> str | None:
    """The query with its unknown words corrected from the words of visible pages, or None.

    Candidates come from the whole index's vocabulary, so each must appear in a page this
    person may see, and the corrected query must find one of them: a word known only from
    hidden pages is never offered.
    """
    corrector = searcher.corrector(SPELLING_FIELD)
    changed = False

    def correct(match: re.Match) -> str:
        nonlocal changed
        word = match.group(0)
        words = analyze(word, stem=False)
        if len(words) != 1 or _visibly_found(searcher, word, visible):
            return word
        for candidate in corrector.suggest(words[0], limit=8, maxdist=2, prefix=1):
            if candidate != words[0] and _visibly_used(searcher, candidate, visible):
                changed = True
                elided = ELISION.match(word)
                return (elided.group(0) if elided else "") + candidate
        return word

    suggestion = _WORD.sub(correct, q)
    if not changed:
        return None
    query = _parse(searcher, suggestion, qparser.OrGroup)
    if not visible or searcher.search(query, filter=visible, limit=1).is_empty():
        return None
    return suggestion
