"""PostgreSQL full-text search (WIKI_SEARCH_BACKEND=postgres): the extensions unaccent and
pg_trgm, the text search configurations wiki_french and wiki_words, the page_search and
search_words tables. On SQLite this migration does nothing (the Whoosh index serves it).

Revision ID: f2b6c8d0e4a7
Revises: 1c1b9f3f5d95
Create Date: 2026-12-04 13:30:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR


revision = 'f2b6c8d0e4a7'
down_revision = "c9e3f5a7b1d4"
branch_labels = None
depends_on = None


def _extension_schema(name):
    # In `public` when this migration creates it (a schema of the search path's own would
    # take the extension with it when dropped); where it already lives otherwise.
    op.execute(f"CREATE EXTENSION IF NOT EXISTS {name} SCHEMA public")
    return op.get_bind().scalar(sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = :name"), {"name": name})


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    unaccent = _extension_schema('unaccent')
    trgm = _extension_schema('pg_trgm')
    # French as PostgreSQL analyses it, accents folded before the stemmer (« precarite »
    # finds « précarité »); wiki_words folds without stemming (suggestions, filters).
    op.execute("CREATE TEXT SEARCH CONFIGURATION wiki_french (COPY = pg_catalog.french)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION wiki_french ALTER MAPPING FOR hword, "
               f"hword_part, word WITH {unaccent}.unaccent, french_stem")
    op.execute("CREATE TEXT SEARCH CONFIGURATION wiki_words (COPY = pg_catalog.simple)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION wiki_words ALTER MAPPING FOR hword, "
               f"hword_part, word WITH {unaccent}.unaccent, simple")
    op.create_table(
        'page_search',
        sa.Column('page_id', sa.Integer(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('visibility', sa.String(length=100), nullable=False),
        sa.Column('document', TSVECTOR(), nullable=False),
        sa.Column('words', TSVECTOR(), nullable=False),
        sa.Column('sector', TSVECTOR(), nullable=False),
        sa.Column('territory', TSVECTOR(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('fields_text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['page_id'], ['pages.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('page_id'),
    )
    op.create_index('ix_page_search_document', 'page_search', ['document'],
                    postgresql_using='gin')
    op.create_index('ix_page_search_words', 'page_search', ['words'], postgresql_using='gin')
    op.create_table(
        'search_words',
        sa.Column('word', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('word'),
    )
    op.execute("CREATE INDEX ix_search_words_trigrams ON search_words "
               f"USING gin (word {trgm}.gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_table('search_words')
    op.drop_table('page_search')
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS wiki_words")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS wiki_french")
    # The extensions stay: other schemas of the database may use them.
