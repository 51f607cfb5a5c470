"""The migrations build exactly the schema the models describe (on SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from wiki.extensions import db


def test_the_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [
            change
            for change in compare_metadata(context, db.metadata)
            if not _made_on_another_dialect(change, connection.dialect.name)
        ]
    assert differences == [], "write a migration for these model changes"


def _made_on_another_dialect(change, dialect: str) -> bool:
    """A table the migrations create on some databases only (info["dialects"]: the
    PostgreSQL search backend's), missing here as it should be."""
    if not isinstance(change, tuple) or change[0] not in ("add_table", "add_index"):
        return False
    name = change[1].name if change[0] == "add_table" else change[1].table.name
    dialects = db.metadata.tables[name].info.get("dialects")
    return dialects is not None and dialect not in dialects
