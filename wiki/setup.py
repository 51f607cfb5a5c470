"""Instance initialisation: schema migrations, the controlled vocabulary, the search index."""

from __future__ import annotations

from flask import Flask
from flask_migrate import upgrade

from wiki.extensions import db
from wiki.pages.tagging import seed_controlled_tags


def initialise(app: Flask) -> None:
    """Create or upgrade everything an instance needs; safe to run twice."""
    for folder in (app.config["OUTBOX_PATH"], app.config["UPLOAD_PATH"]):
        folder.mkdir(parents=True, exist_ok=True)
    upgrade(directory=app.extensions["migrate"].directory)
    seed_controlled_tags(db.session)
    db.session.commit()
    try:
        from wiki.search.indexer import ensure_index
    except ImportError:  # the search package arrives with its own issue
        return
    ensure_index(app)
