"""The index outbox: written in the same transaction as the page change it records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from wiki.extensions import Model
from wiki.models.base import utcnow


class IndexTask(Model):
    """One page to (re)index or remove; applied in id order by the indexer, then deleted."""

    __tablename__ = "index_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(index=True)
    slug: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16), default="update")  # update | delete
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# The PostgreSQL search backend's tables (wiki/search/postgres.py), created by the migration on
# PostgreSQL only: SQLite has no full-text types, and the Whoosh index serves it.
POSTGRESQL_ONLY = {"dialects": ("postgresql",)}


class PageSearch(Model):
    """A published page as PostgreSQL searches it, written in the page's own transaction."""

    __tablename__ = "page_search"
    __table_args__ = (
        Index("ix_page_search_document", "document", postgresql_using="gin"),
        Index("ix_page_search_words", "words", postgresql_using="gin"),
        {"info": POSTGRESQL_ONLY},
    )

    page_id: Mapped[int] = mapped_column(
        ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column()  # the page's version indexed (verify)
    visibility: Mapped[str] = mapped_column(String(100))  # access.index_visibility (verify)
    # title A, tag labels and fields B, body C, follow-ups and authors D (wiki_french)
    document: Mapped[str] = mapped_column(TSVECTOR)
    words: Mapped[str] = mapped_column(TSVECTOR)  # folded, unstemmed words (wiki_words)
    sector: Mapped[str] = mapped_column(TSVECTOR)  # the sector filter's words (wiki_words)
    territory: Mapped[str] = mapped_column(TSVECTOR)
    body: Mapped[str] = mapped_column(Text)  # the text snippets are cut from
    fields_text: Mapped[str] = mapped_column(Text)


class SearchWord(Model):
    """Every word of the indexed pages, for suggestions (pg_trgm); a word is offered only
    once a page the reader may see is found to hold it (PageSearch.words)."""

    __tablename__ = "search_words"
    __table_args__ = (
        Index(
            "ix_search_words_trigrams",
            "word",
            postgresql_using="gin",
            postgresql_ops={"word": "gin_trgm_ops"},
        ),
        {"info": POSTGRESQL_ONLY},
    )

    word: Mapped[str] = mapped_column(String(100), primary_key=True)
