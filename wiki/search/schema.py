"""The index schema: what a page becomes in the index, and how fields weigh in a query."""

from __future__ import annotations

from whoosh import columns, formats
from whoosh.analysis import CommaSeparatedTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, FieldType, Schema

from wiki.search.analysis import folding_analyzer, french_analyzer

# A new schema gets a new index name: an instance upgraded to it starts with an empty index
# of the new shape (and `wiki index verify` reports every page until `wiki index rebuild`).
INDEX_NAME = "pages_v3"  # v3: the pairs field, for phrases

# Query fields and their weights: words of the title count most, its exact words more still.
FIELD_BOOSTS = {
    "title_exact": 6.0,
    "title": 4.0,
    "tag_labels": 3.0,
    "fields_text": 1.5,
    "body": 1.0,
    "authors": 0.5,
}
# "Did you mean" draws its words from one unstemmed field fed with the distinct words of all
# the page's text.
SPELLING_FIELD = "spell"
# Phrases are found through each pair of neighbouring stems of the page's French-analysed
# fields (stop words left out, as phrase positions leave them out): no positions to read.
PAIRS_FIELD = "pairs"
PAIRS_SOURCES = frozenset({"title", "tag_labels", "fields_text", "body"})


class TagsField(KEYWORD):
    """Tag slugs, kept as a list column so that facet counts read a column, not postings."""

    def __init__(self):
        super().__init__(stored=True, commas=True, scorable=True)
        self.column_type = columns.VarBytesListColumn()

    def to_column_value(self, value):
        return [slug.encode("utf-8") for slug in split_tags(value)]


class PairsField(FieldType):
    """Comma-separated pairs of stems; only whether a page has one matters (no frequency)."""

    def __init__(self):
        super().__init__(formats.Existence(), analyzer=CommaSeparatedTokenizer())


def split_tags(value: str) -> list[str]:
    return [slug for slug in (part.strip() for part in value.split(",")) if slug]


def build_schema() -> Schema:
    french = french_analyzer()
    folding = folding_analyzer()
    return Schema(
        page_id=ID(unique=True, stored=True, sortable=True),
        slug=ID(stored=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        # public, members or group:<slug>: searches filter on it inside the query
        visibility=ID(stored=True, sortable=True),
        revision=NUMERIC(stored=True, sortable=True),
        updated=DATETIME(stored=True, sortable=True),
        title=TEXT(analyzer=french, stored=True, multitoken_query="phrase"),
        title_exact=TEXT(analyzer=folding, multitoken_query="phrase"),
        tags=TagsField(),
        tag_labels=TEXT(analyzer=french, multitoken_query="phrase"),
        fields_text=TEXT(analyzer=french, stored=True, multitoken_query="phrase"),
        sector=TEXT(analyzer=folding, multitoken_query="phrase"),
        territory=TEXT(analyzer=folding, multitoken_query="phrase"),
        body=TEXT(analyzer=french, stored=True, multitoken_query="phrase"),
        authors=TEXT(analyzer=folding, stored=True, multitoken_query="phrase"),
        spell=TEXT(analyzer=folding, phrase=False, spelling=True),
        pairs=PairsField(),
    )
