"""Searching the index as a given person may: French queries, filters, facets, snippets.

Visibility is part of the query: the documents a person may see are computed from the
index's own `visibility` field (with access.visibility_scopes) as a mask that every count
and every result goes through (matching.py), so hidden pages never reach the results, the
total, the facet counts, the snippets or the suggestions.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

import numpy as np
from flask import current_app
from markupsafe import Markup, escape
from whoosh import qparser
from whoosh.query import And, Every, Or, Term

from wiki.access import visibility_scopes
from wiki.errors import InvalidInput
from wiki.models import Page, PageKind, Stage
from wiki.pages.sectors import in_order as sectors_in_order
from wiki.pages.sectors import sector_filter
from wiki.search.analysis import ELISION, WORD_PATTERN, analyze
from wiki.search.indexer import get_searcher, html_to_text
from wiki.search.matching import IndexView, Match, best_first
from wiki.search.schema import FIELD_BOOSTS, SUGGESTION_FIELDS, split_tags
from wiki.search.snippets import SNIPPET_CHARS, snippet
from wiki.search.thesaurus import Thesaurus, current_thesaurus, expand
from wiki.territories.locate import departement_filter
from wiki.urls import page_url

MAX_PER_PAGE = 100
MAX_PAGE = 1000
MAX_QUERY_LENGTH = 500
SORTS = ("relevance", "date")
KINDS = tuple(kind.value for kind in PageKind)
STAGES = tuple(stage.value for stage in Stage)
_WORD = re.compile(WORD_PATTERN)
_DIGITS = re.compile(r"[0-9]+")
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
        return {
            "slug": self.slug,
            "title": self.title,
            "kind": self.kind,
            "tags": self.tags,
            "snippet": str(self.snippet),
            "url": self.url,
            "score": self.score,
        }


@dataclass
class SearchResults:
    query: str
    total: int = 0
    page: int = 1
    per_page: int = 20
    results: list[SearchHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            "kind": {},
            "tags": {},
            "stage": {},
            "departement": {},
            "sector": {},
        }
    )
    suggestion: str | None = None
    sort: str = "relevance"
    relaxed: bool = False  # no page had every word: pages with some of them are shown

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "results": [hit.to_json() for hit in self.results],
            "facets": self.facets,
            "suggestion": self.suggestion,
        }


def parse_paging(page: object, per_page: object) -> tuple[int, int]:
    """Page numbers from a query string: integers, page >= 1, 1 <= per_page <= 100."""
    if not all(
        isinstance(v, int) or (isinstance(v, str) and _DIGITS.fullmatch(v))
        for v in (page, per_page)
    ):  # int() would take " 5", "+5", "1_0", "٣"
        raise InvalidInput(
            "« page » et « per_page » doivent être des nombres entiers.", field="page"
        )
    page, per_page = (
        int(v) if len(str(v)) < 13 else 10**12  # type: ignore[call-overload]
        for v in (page, per_page)
    )  # (ints or digits: checked above)
    if page < 1 or page > MAX_PAGE:
        raise InvalidInput(f"« page » doit être compris entre 1 et {MAX_PAGE}.", field="page")
    if per_page < 1 or per_page > MAX_PER_PAGE:
        raise InvalidInput(
            f"« per_page » doit être compris entre 1 et {MAX_PER_PAGE}.", field="per_page"
        )
    return page, per_page


def search(
    user,
    q: str | None,
    *,
    kind: str | None = None,
    tag: str | None = None,
    sector: str | None = None,
    territory: str | None = None,
    page: int = 1,
    per_page: int = 20,
    sort: str = "relevance",
    stage: str | None = None,
    departement: str | None = None,
) -> SearchResults:
    """The pages `user` may see that match `q` (French, "phrases" in quotes), best first."""
    page, per_page = parse_paging(page, per_page)
    q = " ".join((q or "").split())[:MAX_QUERY_LENGTH]
    kind, tag = (kind or "").strip() or None, (tag or "").strip() or None
    sector, territory = (sector or "").strip() or None, (territory or "").strip() or None
    if kind is not None and kind not in KINDS:
        raise InvalidInput(
            f"Type de page inconnu « {kind} » : practice ou innovation.", field="kind"
        )
    stage = stage or None  # exactly one of STAGES, as the OpenAPI document says
    if stage is not None and stage not in STAGES:
        raise InvalidInput(f"Étape inconnue « {stage[:40]} » : {', '.join(STAGES)}.", field="stage")
    if sort not in SORTS:
        raise InvalidInput("Tri inconnu : relevance ou date.", field="sort")
    departement = departement_filter(departement)
    sector = sector_filter(sector)
    outcome = SearchResults(query=q, page=page, per_page=per_page, sort=sort)
    searcher = get_searcher(current_app)
    filtered = any((kind, tag, sector, territory, stage, departement))
    if searcher is None or not (q or filtered):
        return outcome

    whole = index_view(searcher)
    visible = _visible(whole, visibility_scopes(user))
    view = whole.seen_by(visible)  # scores weigh words by the pages this reader sees
    allowed = _restrict(view, visible, kind=kind, tag=tag, sector=sector, territory=territory)
    if stage:
        allowed = allowed & view.having("stage", {stage})
    if departement:
        allowed = allowed & view.having("departement", {departement})
    if not q:
        sort = "date"  # a filter alone lists the latest pages
    thesaurus = current_thesaurus() if q else None
    query, match, outcome.relaxed = _match(view, q, allowed, thesaurus)
    found = match.mask & allowed
    outcome.total = int(np.count_nonzero(found))
    outcome.facets = {
        "kind": dict(sorted(view.counts("kind", found).items())),
        "tags": dict(
            sorted(view.counts("tags", found).items(), key=lambda item: (-item[1], item[0]))
        ),
        "stage": in_order(view.counts("stage", found), STAGES),
        "departement": dict(
            sorted(view.counts("departement", found).items(), key=lambda item: (-item[1], item[0]))
        ),
        "sector": sectors_in_order(view.counts("sectors", found)),
    }
    keys = match.scores if sort == "relevance" else view.numeric("updated")
    terms = _terms_by_field(query)
    outcome.results = [
        _hit(
            searcher,
            int(docnum),
            terms=terms,
            score=float(match.scores[docnum]) if sort == "relevance" else None,
        )
        for docnum in best_first(found, keys, page * per_page)[(page - 1) * per_page :]
    ]
    if q and not (outcome.total and not outcome.relaxed and not _OPERATORS.search(q)):
        # Pages were found with every word (AND, no OR/NOT): each word is visibly used, so
        # no word would be corrected. Otherwise look for corrections.
        outcome.suggestion = _suggestion(view, q, visible, thesaurus)
    return outcome


def suggest(user, q: str | None) -> str | None:
    """`q` with its unknown words corrected from the words of pages `user` may see, or None
    (what a search shows as « Vouliez-vous dire »)."""
    q = " ".join((q or "").split())[:MAX_QUERY_LENGTH]
    searcher = get_searcher(current_app)
    if searcher is None or not q:
        return None
    view = index_view(searcher)
    return _suggestion(view, q, _visible(view, visibility_scopes(user)), current_thesaurus())


def _match(
    view: IndexView, q: str, allowed: np.ndarray, thesaurus: Thesaurus | None = None
) -> tuple[object, Match, bool]:
    """The parsed query (its thesaurus terms widened to their synonyms and acronyms) and
    what it matches; when no allowed page has every word, any of them (the third value says
    so)."""
    if not q:
        return Every(), view.evaluate(Every()), False
    query = _parse(view.searcher, q, qparser.AndGroup, thesaurus)
    match = view.evaluate(query)
    if not (match.mask & allowed).any() and _has_several_parts(query):
        relaxed_query = _parse(view.searcher, q, qparser.OrGroup.factory(0.9), thesaurus)
        relaxed = view.evaluate(relaxed_query)
        if (relaxed.mask & allowed).any():
            return relaxed_query, relaxed, True
    return query, match, False


def index_view(searcher) -> IndexView:
    """The searcher's arrays (one view per searcher: it goes when the index changes)."""
    return _per_searcher(searcher, "view", (), lambda: IndexView(searcher), 1)


def related_pages(user, page: Page, limit: int = 5) -> list[SearchHit]:
    """Pages `user` may see that speak of the same things as `page` (more like this).

    Shown on every page view and costly on a large index (an OR of the page's key terms),
    so kept per searcher: computed again only when the index changes."""
    searcher = get_searcher(current_app)
    if searcher is None or page.current is None:
        return []
    scopes = visibility_scopes(user)
    key = (page.id, page.version, limit, *sorted(scopes))
    return _per_searcher(
        searcher,
        "related",
        key,
        lambda: _related(searcher, page, scopes, limit),
        _RELATED_CACHE_SIZE,
    )


def _related(searcher, page: Page, scopes: list[str], limit: int) -> list[SearchHit]:
    text = "\n".join(
        [
            page.title,
            page.title,
            *(t.label_fr for t in page.tags),
            *(str(v) for v in (page.current_revision.fields or {}).values()),
            html_to_text(page.current_revision.html),
        ]
    )[:20_000]
    whole = index_view(searcher)
    visible = _visible(whole, scopes)
    view = whole.seen_by(visible)  # key terms and scores from the pages this reader sees
    terms = view.key_terms("body", text, 12)
    if not terms and not page.tags:
        return []
    query = Or(
        [
            *(Term("body", word, boost=weight) for word, weight in terms),
            *(Term("title", word, boost=2 * weight) for word, weight in terms),
            *(Term("tags", t.slug, boost=1.5) for t in page.tags),
        ]
    )
    match = view.evaluate(query)
    found = match.mask & visible
    docnum = searcher.document_number(page_id=str(page.id))
    if docnum is not None:
        found[docnum] = False
    return [
        _hit(searcher, int(doc), score=float(match.scores[doc]), terms=None)
        for doc in best_first(found, match.scores, limit)
    ]


# --- queries ----------------------------------------------------------------------------------


# A synonym or an acronym's expansion is looked for in the stemmed text fields: the exact
# title's and the authors' fields would only cost time (the stemmed title already has it).
ALTERNATIVE_BOOSTS = {
    name: boost for name, boost in FIELD_BOOSTS.items() if name not in ("title_exact", "authors")
}


def _parse(searcher, q: str, group, thesaurus: Thesaurus | None = None):
    """`q` as a query tree; with a thesaurus, each term it spells also finds the term's
    synonyms and acronyms (wiki/search/thesaurus.py)."""
    parser = _parser(searcher, group, FIELD_BOOSTS)
    if thesaurus is None:
        return parser.parse(q)
    return expand(q, parser.parse, thesaurus, _parser(searcher, group, ALTERNATIVE_BOOSTS).parse)


def _parser(searcher, group, boosts: dict[str, float]):
    parser = qparser.MultifieldParser(
        list(boosts), searcher.schema, fieldboosts=boosts, group=group
    )
    # People type French, not query syntax: no field:value, 'single quotes' (apostrophes!),
    # ranges, boosts or wildcards. "Phrases", parentheses and AND/OR/NOT remain.
    for plugin in (
        qparser.FieldsPlugin,
        qparser.SingleQuotePlugin,
        qparser.RangePlugin,
        qparser.BoostPlugin,
        qparser.WildcardPlugin,
        qparser.EveryPlugin,
    ):
        parser.remove_plugin_class(plugin)
    return parser


def _has_several_parts(query) -> bool:
    return isinstance(query, And) or len(list(query.children())) > 1


def _terms_by_field(query) -> dict[str, set[str]]:
    terms: dict[str, set[str]] = {}
    for fieldname, text in query.iter_all_terms():
        word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
        terms.setdefault(fieldname, set()).add(word)
    return terms


def _hit(
    searcher, docnum: int, *, score: float | None, terms: dict[str, set[str]] | None
) -> SearchHit:
    stored = searcher.stored_fields(docnum)
    return SearchHit(
        slug=stored["slug"],
        title=stored["title"],
        kind=stored["kind"],
        tags=split_tags(stored.get("tags", "")),
        snippet=_snippet(searcher, stored, terms) if terms is not None else Markup(""),
        url=page_url(stored["slug"], absolute=True),
        score=round(score, 4) if score is not None else None,
        updated=stored.get("updated"),
    )


def _snippet(searcher, stored: dict, terms: dict[str, set[str]]) -> Markup:
    for fieldname in ("body", "fields_text"):
        marked = snippet(
            stored.get(fieldname) or "",
            terms.get(fieldname, set()),
            searcher.schema[fieldname].analyzer,
        )
        if marked:
            return marked
    text = stored.get("body") or stored.get("fields_text") or ""
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text)


# --- what is kept per searcher ----------------------------------------------------------------

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


# --- what a person may see, as masks over document numbers ---------------------------------


def in_order(counts: dict[str, int], order: tuple[str, ...]) -> dict[str, int]:
    return {name: counts[name] for name in order if counts.get(name)}


def _visible(view: IndexView, scopes: list[str]) -> np.ndarray:
    return view.having("visibility", set(scopes))


def _restrict(view: IndexView, visible: np.ndarray, *, kind, tag, sector, territory) -> np.ndarray:
    allowed = visible
    if kind:
        allowed = allowed & view.having("kind", {kind})
    if tag:
        allowed = allowed & view.having("tags", {tag})
    if sector:  # a slug (sector_filter)
        allowed = allowed & view.having("sectors", {sector})
    if territory:
        for word in analyze(territory, stem=False):
            allowed = allowed & view.term_mask("territory", word)
    return allowed


# --- did you mean -------------------------------------------------------------------------------


def _visibly_found(view: IndexView, word: str, visible: np.ndarray) -> bool:
    """Whether searching `word` alone (stemmed, in every field) finds a visible page."""
    query = _parse(view.searcher, word, qparser.AndGroup)
    return bool((view.evaluate(query).mask & visible).any())


def _suggestion(
    view: IndexView, q: str, visible: np.ndarray, thesaurus: Thesaurus | None = None
) -> str | None:
    """The query with its unknown words corrected from the words of visible pages, or None.

    An unknown word's stem is compared with the stems of the index; a close one becomes a
    word again through a page this person may see that uses it (the form nearest to what
    was typed), so a word known only from hidden pages is never offered. The corrected
    query must find a visible page. A word of the thesaurus (an acronym, a word of a
    synonym) is never corrected: « RSA » is not a typo of « récit ».
    """
    correctors = [view.searcher.corrector(name) for name in SUGGESTION_FIELDS]
    changed = False

    def correct(match: re.Match) -> str:
        nonlocal changed
        word = match.group(0)
        if _OPERATORS.fullmatch(word):
            return word  # AND, OR, NOT: the query's syntax, not words to correct
        if thesaurus is not None and thesaurus.protects(word):
            return word
        stems = analyze(word)
        if len(stems) != 1 or _visibly_found(view, word, visible):
            return word
        typed = analyze(word, stem=False)[0]
        for fieldname, corrector in zip(SUGGESTION_FIELDS, correctors, strict=True):
            for candidate in corrector.suggest(stems[0], limit=8, maxdist=2, prefix=1):
                written = candidate != stems[0] and _written_form(
                    view, fieldname, candidate, typed, visible
                )
                if written:
                    changed = True
                    elided = ELISION.match(word)
                    return (elided.group(0) if elided else "") + written
        return word

    suggestion = _WORD.sub(correct, q)
    if not changed:
        return None
    query = _parse(view.searcher, suggestion, qparser.OrGroup)
    if not (view.evaluate(query).mask & visible).any():
        return None
    return suggestion


_PAGES_READ_FOR_A_FORM = 3


def _written_form(
    view: IndexView, fieldname: str, stem: str, typed: str, visible: np.ndarray
) -> str | None:
    """The word (folded, as the index folds it) with this stem in visible pages' text,
    the one nearest to what was typed; None if no visible page has the stem."""
    documents = view.postings(fieldname, stem)[0]
    documents = documents[visible[documents]][:_PAGES_READ_FOR_A_FORM]
    forms: set[str] = set()
    for docnum in documents:
        text = view.searcher.stored_fields(int(docnum)).get(fieldname) or ""
        forms.update(
            raw for raw in {w.lower() for w in _WORD.findall(text)} if analyze(raw) == [stem]
        )
    folded = {analyze(form, stem=False)[0] for form in forms if analyze(form, stem=False)}
    if not folded:
        return None
    return max(sorted(folded), key=lambda form: SequenceMatcher(None, form, typed).ratio())
