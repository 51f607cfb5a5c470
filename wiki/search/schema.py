"""The index schema: what a page becomes in the index, and how fields weigh in a query."""

from __future__ import annotations

import struct

from whoosh import columns, formats
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from wiki.search.analysis import folding_analyzer, french_analyzer

# A new schema gets a new index name: an instance upgraded to it starts with an empty index
# of the new shape (and `wiki index verify` reports every page until `wiki index rebuild`).
INDEX_NAME = "pages_v6"  # v3: positions as plain integers (CompactPositions), no spell field;
# v4: an innovation sheet's stage (an ID field, its label in fields_text); v5: the département;
# v6: the département's name and code in fields_text and territory (« Nord (59) »), and the
# sectors (a keyword field of wiki.pages.sectors' slugs)

# Query fields and their weights: words of the title count most, its exact words more still.
FIELD_BOOSTS = {
    "title_exact": 6.0,
    "title": 4.0,
    "tag_labels": 3.0,
    "fields_text": 1.5,
    "body": 1.0,
    "authors": 0.5,
}
# "Did you mean" looks for stems close to an unknown word's stem among these fields' terms
# (each page's words are indexed once, not again in a spelling field).
SUGGESTION_FIELDS = ("body", "fields_text", "title")


class TagsField(KEYWORD):
    """Tag slugs, kept as a list column so that facet counts read a column, not postings."""

    def __init__(self):
        super().__init__(stored=True, commas=True, scorable=True)
        self.column_type = columns.VarBytesListColumn()

    def to_column_value(self, value):
        return [slug.encode("utf-8") for slug in split_tags(value)]


class CompactPositions(formats.Positions):
    """Positions as little-endian 32-bit integers, where Whoosh pickles a list per posting:
    faster to write, and a query reads a whole block of them with one numpy call
    (segments.positions), which is how phrases are matched on a large index."""

    def encode(self, poslist):
        return struct.pack(f"<{len(poslist)}I", *poslist)

    def decode_positions(self, valuestring):
        return list(struct.unpack(f"<{len(valuestring) // 4}I", valuestring))

    def decode_frequency(self, valuestring):
        return len(valuestring) // 4


def text_field(analyzer, *, stored: bool = False) -> TEXT:
    field = TEXT(analyzer=analyzer, stored=stored, multitoken_query="phrase")
    field.format = CompactPositions(field_boost=field.format.field_boost)
    return field


def split_tags(value: str) -> list[str]:
    return [slug for slug in (part.strip() for part in value.split(",")) if slug]


def build_schema() -> Schema:
    french = french_analyzer()
    folding = folding_analyzer()
    return Schema(
        page_id=ID(unique=True, stored=True, sortable=True),
        slug=ID(stored=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        stage=ID(stored=True, sortable=True),  # an innovation sheet's stage, if it has one
        # public, members or group:<slug>: searches filter on it inside the query
        visibility=ID(stored=True, sortable=True),
        revision=NUMERIC(stored=True, sortable=True),
        updated=DATETIME(stored=True, sortable=True),
        title=text_field(french, stored=True),
        title_exact=text_field(folding),
        tags=TagsField(),
        tag_labels=text_field(french),
        fields_text=text_field(french, stored=True),
        sector=text_field(folding),
        territory=text_field(folding),
        departement=ID(stored=True),  # a code (45, 2A, 971): a filter and a facet
        sectors=TagsField(),  # slugs of wiki.pages.sectors: a filter and a facet
        body=text_field(french, stored=True),
        authors=text_field(folding, stored=True),
    )
