"""PostgreSQL full-text search, the second search backend (`WIKI_SEARCH_BACKEND=postgres`).

The index is the database's own: a page's row of `page_search` (models/search.py) is written
in the page's transaction, so every process sees an edit the moment it is committed, and
there is no outbox to apply. French is analysed by the `wiki_french` text search
configuration (french, accents folded by `unaccent` before the stemmer), created with the
tables by the migration f2b6c8d0e4a7.

Visibility is part of every query: rows are joined with their page and filtered with
access.visible_pages_clause, so what a person may not see never reaches the results, the
total, the facets, the snippets, the suggestions or the related pages. Like the Whoosh index,
only published pages are indexed, and a page hidden by the moderation is found by nobody.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from markupsafe import Markup, escape
from sqlalchemy import (
    ColumnElement,
    Float,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from wiki.access import visible_pages_clause
from wiki.access.pages import PUBLISHED, index_visibility
from wiki.departements import departement_words
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.lifecycle.words import stage_words
from wiki.models import FollowUp, Page, PageSearch, Revision, SearchWord, Tag, User, page_tags
from wiki.pages.sectors import decode as decode_sectors
from wiki.pages.sectors import in_order as sectors_in_order
from wiki.pages.sectors import sector_filter
from wiki.search import queries
from wiki.search.analysis import ELISION, WORD_PATTERN, analyze, french_analyzer
from wiki.search.indexer import Drift, html_to_text
from wiki.search.snippets import SNIPPET_CHARS, snippet
from wiki.search.thesaurus import Thesaurus, current_thesaurus
from wiki.territories.locate import departement_filter
from wiki.urls import page_url

CONFIG = "wiki_french"  # stemmed French, accents folded (_INSERT names both)
WORDS = "wiki_words"  # folded words, not stemmed
# ts_rank_cd's weights of D (follow-ups, authors), C (body), B (tags, fields), A (title)
WEIGHTS = "{0.05, 0.25, 0.5, 1.0}"
RANK_NORMALISATION = 1  # divided by 1 + log(length): a long page does not win by length
BATCH = 500  # pages written per statement (and per commit in a rebuild)
SUGGESTION_CANDIDATES = 8
TRIGRAM_THRESHOLD = 0.2  # pg_trgm's 0.3 misses « camoin » for « camion »
MAX_EDITS = 2
_WORD = re.compile(WORD_PATTERN)
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')  # words, and "phrases" in double quotes
_OR = re.compile(r"^(?:or|OR|\|)$")

_row = PageSearch.__table__.c


class NotPostgres(ValueError):
    """The backend is asked for on a database that is not PostgreSQL."""


def _regconfig(name: str):
    return literal_column(f"'{name}'", REGCONFIG)


# --- the filters: one line each -------------------------------------------------------------


def _words_in(column):
    return lambda value: column.op("@@")(func.plainto_tsquery(_regconfig(WORDS), value))


FILTERS: dict[str, Callable[[str], ColumnElement[bool]]] = {
    "kind": lambda value: Page.kind == value,
    "tag": lambda value: Page.id.in_(
        select(page_tags.c.page_id).join(Tag, Tag.id == page_tags.c.tag_id).where(Tag.slug == value)
    ),
    "sector": lambda value: Page.sectors.contains(f",{value},", autoescape=True),  # a slug
    "territory": _words_in(_row.territory),
    "stage": lambda value: Page.stage == value,
    "departement": lambda value: Page.departement == value,
}


def _checked_filters(filters: dict[str, str | None]) -> dict[str, str]:
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise TypeError(f"search() got unknown filters: {', '.join(sorted(unknown))}")
    values = {
        name: value.strip()
        for name, value in filters.items()
        if isinstance(value, str) and value.strip()
    }
    kind = values.get("kind")
    if kind is not None and kind not in queries.KINDS:
        raise InvalidInput(
            f"Type de page inconnu « {kind} » : practice ou innovation.", field="kind"
        )
    stage = values.get("stage")  # checked and read as the Whoosh path does (queries.search)
    if stage is not None and stage not in queries.STAGES:
        raise InvalidInput(
            f"Étape inconnue « {stage[:40]} » : {', '.join(queries.STAGES)}.", field="stage"
        )
    # « Nord », « 2a »: its code; « hébergement »: its slug (wiki.pages.sectors). A value
    # left here is not blank, so each gives one or raises.
    for name, read in (("departement", departement_filter), ("sector", sector_filter)):
        if name in values:
            values[name] = read(values[name]) or values[name]
    return values


# --- the backend ------------------------------------------------------------------------------


class PostgresBackend:
    """The search index in PostgreSQL, beside the pages (see the module's documentation)."""

    name = "postgres"

    def check(self, app: Flask) -> None:
        """At start-up: this backend needs the wiki's database to be PostgreSQL."""
        url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        if url.get_backend_name() != "postgresql":
            raise NotPostgres(
                f"WIKI_SEARCH_BACKEND=postgres needs a PostgreSQL database, and "
                f"WIKI_DATABASE_URL is {url.get_backend_name()}: set WIKI_DATABASE_URL="
                "postgresql+psycopg://... or WIKI_SEARCH_BACKEND=whoosh"
            )

    def page_changed(self, session, page, *, forget: bool = False) -> None:
        # Its row is rewritten in place: the old version is a dead tuple, which PostgreSQL's
        # (auto)vacuum reclaims; nothing answers from it meanwhile.
        session.flush()  # the page's new state, read back by the statements below
        write_pages(session, [page.id])

    def catch_up(self, app, *, limit=None, wait=0.0, progress=None) -> int:
        return 0  # written in each page's transaction: nothing waits

    def pending(self, app) -> bool:
        return False

    def has_index(self, app) -> bool:
        with app.app_context(), Session(db.engine) as session:
            return session.scalar(select(func.to_regclass("page_search"))) is not None

    def ensure(self, app) -> int:
        with app.app_context():
            with Session(db.engine) as session:
                indexed = session.scalar(select(_row.page_id).limit(1)) is not None
                published = (
                    session.scalar(select(Page.id).where(Page.status == PUBLISHED).limit(1))
                    is not None
                )
            return 0 if indexed or not published else self.rebuild(app)

    def search(self, user, q, *, page=1, per_page=20, sort="relevance", **filters):
        return search(user, q, page=page, per_page=per_page, sort=sort, **filters)

    def suggest(self, user, q):
        q = " ".join((q or "").split())[: queries.MAX_QUERY_LENGTH]
        return _suggestion(user, q) if q else None

    def related(self, user, page, limit=5):
        return related(user, page, limit)

    def verify(self, app) -> list[Drift]:
        return verify(app)

    def rebuild(self, app, progress=None) -> int:
        return rebuild(app, progress)


# --- writing ------------------------------------------------------------------------------------

_INSERT = text("""
    INSERT INTO page_search (page_id, revision, visibility, document, words, sector, territory,
                             body, fields_text)
    VALUES (:page_id, :revision, :visibility,
            setweight(to_tsvector('wiki_french', CAST(:title AS text)), 'A')
            || setweight(to_tsvector('wiki_french', CAST(:tags AS text)), 'B')
            || setweight(to_tsvector('wiki_french', CAST(:fields_text AS text)), 'B')
            || setweight(to_tsvector('wiki_french', CAST(:body AS text)), 'C')
            || setweight(to_tsvector('wiki_french', CAST(:follow_ups AS text)), 'D'),
            to_tsvector('wiki_words', CAST(:all_text AS text)),
            to_tsvector('wiki_words', CAST(:sector AS text)),
            to_tsvector('wiki_words', CAST(:territory AS text)),
            :body, :fields_text)
""")
# New words of these pages, for suggestions; sorted so that two transactions inserting the
# same words wait for each other rather than deadlock.
_NEW_WORDS = text("""
    INSERT INTO search_words (word)
    SELECT DISTINCT word FROM page_search, unnest(tsvector_to_array(words)) AS word
    WHERE page_id = ANY(:page_ids) AND length(word) BETWEEN 3 AND 100 AND word !~ '^[0-9]'
    ORDER BY word
    ON CONFLICT DO NOTHING
""")


def write_pages(session, page_ids: Iterable[int]) -> int:
    """Replace these pages' rows by what the database holds now (none for a draft or a
    deleted page), in the caller's transaction; returns the rows written."""
    page_ids = list(page_ids)
    session.execute(delete(PageSearch).where(PageSearch.page_id.in_(page_ids)))
    rows = _documents(session, page_ids)
    if rows:
        session.execute(_INSERT, rows)
        session.execute(_NEW_WORDS, {"page_ids": [row["page_id"] for row in rows]})
    return len(rows)


def _clean(value: str) -> str:
    """Text as PostgreSQL takes it (no NUL character)."""
    return (value or "").replace("\x00", "")


def _documents(session, page_ids: list[int]) -> list[dict]:
    """What each published page of `page_ids` puts in the index, read with plain columns
    (the session's flushed state, whatever objects it holds)."""
    pages = session.execute(
        select(
            Page.id,
            Page.version,
            Page.visibility,
            Page.hidden_at,
            Page.title,
            Page.stage,
            Page.departement,
            Revision.html,
            Revision.fields,
        )
        .outerjoin(Revision, Revision.id == Page.current_revision_id)
        .where(Page.id.in_(page_ids), Page.status == PUBLISHED)
    ).all()
    if not pages:
        return []
    ids = [page.id for page in pages]
    tags: dict[int, list[str]] = {}
    for page_id, label in session.execute(
        select(page_tags.c.page_id, Tag.label_fr)
        .join(Tag, Tag.id == page_tags.c.tag_id)
        .where(page_tags.c.page_id.in_(ids))
        .order_by(Tag.slug)
    ):
        tags.setdefault(page_id, []).append(label)
    follow_ups: dict[int, list[str]] = {}
    for page_id, follow_up in session.execute(
        select(FollowUp.page_id, FollowUp.text)
        .where(FollowUp.page_id.in_(ids))
        .order_by(FollowUp.observed_on, FollowUp.id)
    ):
        follow_ups.setdefault(page_id, []).append(follow_up)
    authors: dict[int, set[str]] = {}
    for page_id, name in session.execute(
        select(Revision.page_id, User.display_name)
        .join(User, Revision.author_id == User.id)
        .where(Revision.page_id.in_(ids))
        .distinct()
    ):
        authors.setdefault(page_id, set()).add(name)
    rows = []
    for page in pages:
        fields = dict(page.fields or {})
        body = _clean(html_to_text(page.html or ""))
        place = departement_words(page.departement)  # as the Whoosh index: « Nord (59) »
        fields_text = _clean(
            "\n".join(
                [
                    *(str(v) for v in fields.values() if v),
                    *filter(None, [stage_words(page.stage), place]),
                ]
            )
        )
        later = _clean(
            "\n".join([*follow_ups.get(page.id, []), *sorted(authors.get(page.id, set()))])
        )
        labels = _clean("\n".join(tags.get(page.id, [])))
        title = _clean(page.title)
        rows.append(
            {
                "page_id": page.id,
                "revision": page.version,
                "visibility": index_visibility(page.visibility, page.hidden_at),
                "title": title,
                "tags": labels,
                "fields_text": fields_text,
                "body": body,
                "follow_ups": later,
                "all_text": "\n".join([title, labels, fields_text, body, later]),
                "sector": _clean(str(fields.get("sector") or fields.get("sectors") or "")),
                "territory": _clean(
                    "\n".join(filter(None, [str(fields.get("territory") or ""), place]))
                ),
            }
        )
    return rows


def rebuild(app: Flask, progress=None) -> int:
    """Every published page written again, BATCH pages per commit (searches go on
    meanwhile), then the rows and words of pages gone removed; returns the page count."""
    with app.app_context(), Session(db.engine) as session:
        page_ids = list(
            session.scalars(select(Page.id).where(Page.status == PUBLISHED).order_by(Page.id))
        )
        if progress:
            progress(0, len(page_ids))
        for start in range(0, len(page_ids), BATCH):
            write_pages(session, page_ids[start : start + BATCH])
            session.commit()
            if progress:
                progress(min(start + BATCH, len(page_ids)), len(page_ids))
        session.execute(
            delete(PageSearch).where(
                PageSearch.page_id.not_in(select(Page.id).where(Page.status == PUBLISHED))
            )
        )
        session.execute(
            text(
                "DELETE FROM search_words WHERE word NOT IN "
                "(SELECT DISTINCT unnest(tsvector_to_array(words)) FROM page_search)"
            )
        )
        session.commit()
    return len(page_ids)


def verify(app: Flask) -> list[Drift]:
    """Every published page whose row is missing or differs (revision, visibility), and
    every row of a page that is no longer published."""
    with app.app_context(), Session(db.engine) as session:
        pages = {
            pid: (slug, version, index_visibility(visibility, hidden_at))
            for pid, slug, version, visibility, hidden_at in session.execute(
                select(Page.id, Page.slug, Page.version, Page.visibility, Page.hidden_at).where(
                    Page.status == PUBLISHED
                )
            )
        }
        rows = session.execute(
            select(_row.page_id, Page.slug, _row.revision, _row.visibility).join(
                Page, Page.id == _row.page_id
            )
        ).all()
    drifts: list[Drift] = []
    indexed = {}
    for page_id, slug, revision, visibility in rows:
        if page_id not in pages:
            drifts.append(Drift(page_id, slug, "orphan", indexed_revision=revision))
        else:
            indexed[page_id] = (revision, visibility)
    for page_id, (slug, version, visibility) in sorted(pages.items()):
        if page_id not in indexed:
            drifts.append(Drift(page_id, slug, "missing", current_revision=version))
        elif indexed[page_id] != (version, visibility):
            drifts.append(
                Drift(
                    page_id,
                    slug,
                    "stale",
                    indexed_revision=indexed[page_id][0],
                    current_revision=version,
                )
            )
    return drifts


# --- searching -----------------------------------------------------------------------------


def _searchable(user) -> ColumnElement[bool]:
    """The indexed pages `user` may find: visible to them, not hidden by the moderation."""
    return and_(visible_pages_clause(user), Page.status == PUBLISHED, Page.hidden_at.is_(None))


def _tokens(q: str) -> list[str]:
    """The query's words and "phrases", its operators (or, -word) kept as typed; the words
    the wiki's analyzer drops (its French stop words: PostgreSQL's list lacks some, such as
    « les ») left out."""
    q = re.sub(r"\bNOT\s+", "-", re.sub(r"\b(?:AND|ANDMAYBE)\b", " ", q))
    return [
        token
        for token in _TOKEN.findall(q.replace("ANDNOT", "-"))
        if token.lstrip("-").startswith('"') or _OR.match(token) or analyze(token.lstrip("-"))
    ]


def _tsquery(q: str, *, relaxed: bool = False, thesaurus: Thesaurus | None = None):
    """All the words of `q` (websearch syntax: "phrases", or, -word); relaxed, any of them
    (the excluded words still excluded). None if no word is left (stop words only): an empty
    tsquery would match every row through the GIN index.

    With a thesaurus, each place of `q` that spells a thesaurus term also finds the
    term's synonyms and acronyms (wiki/search/thesaurus.py), as the Whoosh backend does: the
    term is replaced by a placeholder word, parsed, then the placeholder's lexeme by « the
    words typed, or one of the alternatives » in the tsquery's text."""
    spans = thesaurus.spans(q) if thesaurus is not None else []
    alternatives: list[list[str]] = []
    for number, (start, end, texts, quoted) in reversed(list(enumerate(spans))):
        # The words typed as typed (all of them; any of them, relaxed; a phrase, quoted),
        # then the term's alternatives, each a phrase.
        typed = q[start:end] if quoted or not relaxed else " or ".join(_tokens(q[start:end]))
        alternatives.insert(0, [typed, *texts])
        q = f"{q[:start]} {_placeholder(number)} {q[end:]}"
    tokens = _tokens(q)
    parts = [" ".join(tokens)]
    if relaxed:
        parts = [
            " or ".join(t for t in tokens if not t.startswith("-") and not _OR.match(t)),
            " ".join(t for t in tokens if t.startswith("-")),
        ]
    parsed = [func.websearch_to_tsquery(_regconfig(CONFIG), part) for part in parts if part]
    if not parsed:
        return None
    query = parsed[0] if len(parsed) == 1 else parsed[0].op("&&")(parsed[1])
    phrases = [
        [
            cast(func.websearch_to_tsquery(_regconfig(CONFIG), typed), Text),
            *(cast(func.phraseto_tsquery(_regconfig(CONFIG), text), Text) for text in texts),
        ]
        for typed, *texts in alternatives
    ]
    marks = [
        cast(func.to_tsquery(_regconfig(CONFIG), _placeholder(n)), Text)
        for n in range(len(alternatives))
    ]
    row = db.session.execute(
        select(
            cast(query, Text),
            func.numnode(query),
            *marks,
            *(phrase for group in phrases for phrase in group),
        )
    ).one()
    if not row[1]:
        return None
    text, found = row[0], list(row[2:])
    marks_found, phrases_found = found[: len(marks)], found[len(marks) :]
    for number, mark in enumerate(marks_found):
        group, phrases_found = (
            phrases_found[: len(phrases[number])],
            phrases_found[len(phrases[number]) :],
        )
        # The words typed as they are; an alternative's words by their prefix too, as the
        # stemmer leaves « spécialisée » longer than « spécialisé ».
        exact, *others = group
        widened = " | ".join(
            f"( {phrase} )"
            for phrase in (exact, *(_LEXEME.sub(r"\g<0>:*", other) for other in others))
            if phrase
        )
        if mark and widened:
            text = text.replace(mark, f"( {widened} )")
    return cast(literal(text, Text), TSQUERY)


_LEXEME = re.compile(r"'(?:[^']|'')+'")


def _placeholder(number: int) -> str:
    """A made-up word standing for a thesaurus term while the query is parsed."""
    return "qqthesaurus" + "".join(chr(ord("a") + int(d)) for d in str(number)) + "qq"


def _several_parts(q: str) -> bool:
    return len([t for t in _tokens(q) if not _OR.match(t)]) > 1


def _rank(tsquery, exact=None):
    """The rank of a row for `tsquery`; with `exact` (the query not widened by the
    thesaurus), the words typed count again, so that they rank above their synonyms."""
    rank = func.ts_rank_cd(
        literal(WEIGHTS).cast(_float_array()), _row.document, tsquery, RANK_NORMALISATION
    )
    if exact is None:
        return rank
    return rank + func.ts_rank_cd(
        literal(WEIGHTS).cast(_float_array()), _row.document, exact, RANK_NORMALISATION
    )


def _float_array():
    from sqlalchemy.dialects.postgresql import ARRAY

    return ARRAY(Float(precision=24))


def search(
    user, q: str | None, *, page: int = 1, per_page: int = 20, sort: str = "relevance", **filters
) -> queries.SearchResults:
    """The pages `user` may see that match `q`, best first: queries.search's answer."""
    page, per_page = queries.parse_paging(page, per_page)
    q = " ".join((q or "").split())[: queries.MAX_QUERY_LENGTH]
    values = _checked_filters(filters)
    if sort not in queries.SORTS:
        raise InvalidInput("Tri inconnu : relevance ou date.", field="sort")
    outcome = queries.SearchResults(query=q, page=page, per_page=per_page, sort=sort)
    if not (q or values):
        return outcome
    allowed = [_searchable(user), *(FILTERS[name](value) for name, value in values.items())]
    tsquery = exact = None
    thesaurus: Thesaurus | None = None
    if not q:
        sort = "date"  # a filter alone lists the latest pages
    else:
        thesaurus = current_thesaurus()
        tsquery = _tsquery(q, thesaurus=thesaurus)
        if tsquery is None:
            return outcome  # stop words only
        if _several_parts(q) and not _any(allowed, tsquery):
            relaxed = _tsquery(q, relaxed=True, thesaurus=thesaurus)
            if relaxed is not None and _any(allowed, relaxed):
                tsquery, outcome.relaxed = relaxed, True
        if thesaurus.spans(q):
            exact = _tsquery(q, relaxed=outcome.relaxed)
    matched = [*allowed, _row.document.op("@@")(tsquery)] if tsquery is not None else allowed
    found = (
        select(
            Page.id.label("id"),
            Page.kind.label("kind"),
            Page.stage.label("stage"),
            Page.departement.label("departement"),
            Page.sectors.label("sectors"),
        )
        .select_from(PageSearch)
        .join(Page, Page.id == _row.page_id)
        .where(*matched)
        .cte("found")
    )
    _count(outcome, found)
    order: list[Any] = (
        [_rank(tsquery, exact).desc(), Page.updated_at.desc(), Page.id]
        if sort == "relevance" and tsquery is not None
        else [Page.updated_at.desc(), Page.id.desc()]
    )
    best = (
        select(
            Page.id,
            Page.slug,
            Page.title,
            Page.kind,
            Page.updated_at,
            (_rank(tsquery, exact) if tsquery is not None else cast(null(), Float)).label("rank"),
            _row.body,
            _row.fields_text,
        )
        .select_from(PageSearch)
        .join(Page, Page.id == _row.page_id)
        .where(*matched)
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = db.session.execute(best).all()
    tags, terms = _tags_of([row.id for row in rows]), _query_terms(q)
    outcome.results = [
        queries.SearchHit(
            slug=row.slug,
            title=row.title,
            kind=row.kind,
            tags=tags.get(row.id, []),
            snippet=_snippet(row, terms),
            url=page_url(row.slug, absolute=True),
            score=round(float(row.rank), 4)
            if sort == "relevance" and row.rank is not None
            else None,
            updated=row.updated_at,
        )
        for row in rows
    ]
    if q and not (outcome.total and not outcome.relaxed and not queries._OPERATORS.search(q)):
        outcome.suggestion = _suggestion(user, q, thesaurus)  # as the Whoosh path does
    return outcome


def _any(allowed: list, tsquery) -> bool:
    return (
        db.session.scalar(
            select(literal(True))
            .select_from(PageSearch)
            .join(Page, Page.id == _row.page_id)
            .where(*allowed, _row.document.op("@@")(tsquery))
            .limit(1)
        )
        is not None
    )


def _count(outcome: queries.SearchResults, found) -> None:
    """The total and the facets, counted over the visible matches in one statement."""
    rows = db.session.execute(
        union_all(
            select(literal("total"), literal(""), func.count()).select_from(found),
            select(literal("kind"), found.c.kind, func.count()).group_by(found.c.kind),
            select(literal("stage"), found.c.stage, func.count())
            .where(found.c.stage.is_not(None))
            .group_by(found.c.stage),
            select(literal("departement"), found.c.departement, func.count())
            .where(found.c.departement.is_not(None))
            .group_by(found.c.departement),
            select(literal("tag"), Tag.slug, func.count())
            .select_from(found)
            .join(page_tags, page_tags.c.page_id == found.c.id)
            .join(Tag, Tag.id == page_tags.c.tag_id)
            .group_by(Tag.slug),
        )
    ).all()
    counted: dict[str, dict[str, int]] = {"kind": {}, "tag": {}, "stage": {}, "departement": {}}
    for facet, value, count in rows:
        if facet == "total":
            outcome.total = int(count)
        else:
            counted[facet][value] = int(count)
    by_count = lambda counts: dict(sorted(counts.items(), key=lambda i: (-i[1], i[0])))  # noqa: E731
    outcome.facets = {
        "kind": dict(sorted(counted["kind"].items())),
        "tags": by_count(counted["tag"]),
        "stage": queries.in_order(counted["stage"], queries.STAGES),
        "departement": by_count(counted["departement"]),
    }
    sectors: Counter[str] = Counter()  # a few slugs a page, counted here as the lists do
    for value in db.session.scalars(select(found.c.sectors).where(found.c.sectors.is_not(None))):
        sectors.update(decode_sectors(value))
    outcome.facets["sector"] = sectors_in_order(sectors)


def _snippet(row, terms: set[str]) -> Markup:
    """The passages of the body (else of the fields) around the words searched, escaped,
    those words in <mark>: snippets.py's, as on the Whoosh path; else the text's start."""
    for name in ("body", "fields_text"):
        marked = snippet(getattr(row, name) or "", terms, french_analyzer())
        if marked:
            return marked
    text_ = row.body or row.fields_text or ""
    if len(text_) > SNIPPET_CHARS:
        text_ = text_[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text_)


def _query_terms(q: str) -> set[str]:
    """The terms of the words searched (not those excluded), as snippets.py marks them."""
    return {
        term
        for token in _tokens(q)
        if not token.startswith("-") and not _OR.match(token)
        for term in analyze(token)
    }


def _tags_of(page_ids: list[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    if page_ids:
        for page_id, slug in db.session.execute(
            select(page_tags.c.page_id, Tag.slug)
            .join(Tag, Tag.id == page_tags.c.tag_id)
            .where(page_tags.c.page_id.in_(page_ids))
            .order_by(Tag.slug)
        ):
            tags.setdefault(page_id, []).append(slug)
    return tags


# --- did you mean ---------------------------------------------------------------------------


def _visibly_holds(user, condition) -> bool:
    return (
        db.session.scalar(
            select(literal(True))
            .select_from(PageSearch)
            .join(Page, Page.id == _row.page_id)
            .where(_searchable(user), condition)
            .limit(1)
        )
        is not None
    )


def _similar_words(word: str) -> list[str]:
    """Words of the index close to `word`: trigram neighbours (pg_trgm, through its GIN
    index) kept, like Whoosh's corrector, within two edits and with the same first letter;
    the nearest first."""
    schema = _trgm_schema()
    db.session.execute(
        select(func.set_config("pg_trgm.similarity_threshold", str(TRIGRAM_THRESHOLD), True))
    )
    candidates = db.session.scalars(
        select(SearchWord.word)
        .where(SearchWord.word.op(f"OPERATOR({schema}.%)")(word))
        .order_by(getattr(func, schema).similarity(SearchWord.word, word).desc(), SearchWord.word)
        .limit(4 * SUGGESTION_CANDIDATES)
    ).all()
    close = [
        (_edits(word, candidate), rank, candidate)
        for rank, candidate in enumerate(candidates)
        if candidate[:1] == word[:1] and _edits(word, candidate) <= MAX_EDITS
    ]
    return [candidate for _edits_, _rank, candidate in sorted(close)][:SUGGESTION_CANDIDATES]


def _edits(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of two neighbours from a to b."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


_TRGM_SCHEMAS: dict[str, str] = {}


def _trgm_schema() -> str:
    """The schema pg_trgm lives in (the migration puts it in public, the search path of the
    wiki may not include it)."""
    key = str(db.engine.url)
    if key not in _TRGM_SCHEMAS:
        _TRGM_SCHEMAS[key] = (
            db.session.scalar(
                text(
                    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                    "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
                )
            )
            or "public"
        )
    return _TRGM_SCHEMAS[key]


def _suggestion(user, q: str, thesaurus: Thesaurus | None = None) -> str | None:
    """`q` with its unknown words replaced by the closest words of pages `user` may see,
    or None: a word only a hidden page holds is never offered; nor is a thesaurus word
    « corrected » (`thesaurus`: the search's own, read once per search)."""
    changed = False
    thesaurus = thesaurus or current_thesaurus()

    def correct(match: re.Match) -> str:
        nonlocal changed
        word = match.group(0)
        if queries._OPERATORS.fullmatch(word) or len(analyze(word)) != 1:
            return word  # the query's syntax, a stop word, or several words
        if thesaurus.protects(word):
            return word  # an acronym or a thesaurus term is never « corrected »
        if _visibly_holds(
            user, _row.document.op("@@")(func.plainto_tsquery(_regconfig(CONFIG), word))
        ):
            return word
        typed = analyze(word, stem=False)[0]
        for candidate in _similar_words(typed):
            if candidate != typed and _visibly_holds(
                user, _row.words.op("@@")(func.plainto_tsquery(_regconfig(WORDS), candidate))
            ):
                changed = True
                elided = ELISION.match(word)
                return (elided.group(0) if elided else "") + candidate
        return word

    suggestion = _WORD.sub(correct, q)
    return suggestion if changed else None


# --- related pages ------------------------------------------------------------------------


def related(user, page: Page, limit: int = 5) -> list[queries.SearchHit]:
    """Pages `user` may see that share the page's tags or the words of its title, best
    first (shared words ranked as a search, each shared tag worth a title word)."""
    if page.current is None:
        return []
    lexemes = (
        db.session.scalar(
            select(func.tsvector_to_array(func.to_tsvector(_regconfig(CONFIG), page.title)))
        )
        or []
    )
    tag_ids = [tag.id for tag in page.tags]
    if not lexemes and not tag_ids:
        return []
    shared_tags = (
        (
            select(func.count())
            .select_from(page_tags)
            .where(page_tags.c.page_id == Page.id, page_tags.c.tag_id.in_(tag_ids))
            .scalar_subquery()
        )
        if tag_ids
        else literal(0)
    )
    conditions = []
    score = cast(shared_tags, Float) * 0.5
    if lexemes:
        tsquery = cast(
            bindparam(
                "related_terms",
                " | ".join("'" + lexeme.replace("'", "''") + "'" for lexeme in lexemes),
            ),
            TSQUERY,
        )
        conditions.append(_row.document.op("@@")(tsquery))
        score = score + _rank(tsquery)
    if tag_ids:
        conditions.append(
            Page.id.in_(select(page_tags.c.page_id).where(page_tags.c.tag_id.in_(tag_ids)))
        )
    rows = db.session.execute(
        select(Page.id, Page.slug, Page.title, Page.kind, Page.updated_at, score.label("score"))
        .select_from(PageSearch)
        .join(Page, Page.id == _row.page_id)
        .where(_searchable(user), Page.id != page.id, or_(*conditions))
        .order_by(score.desc(), Page.updated_at.desc(), Page.id)
        .limit(limit)
    ).all()
    tags = _tags_of([row.id for row in rows])
    return [
        queries.SearchHit(
            slug=row.slug,
            title=row.title,
            kind=row.kind,
            tags=tags.get(row.id, []),
            snippet=Markup(""),
            url=page_url(row.slug, absolute=True),
            score=round(float(row.score), 4),
            updated=row.updated_at,
        )
        for row in rows
    ]
