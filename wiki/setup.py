"""Instance initialisation: schema migrations, the controlled vocabulary, the thesaurus,
the search index."""

from __future__ import annotations

from flask import Flask
from flask_migrate import upgrade

from wiki.extensions import db
from wiki.pages.tagging import seed_controlled_tags
from wiki.thesaurus.entries import seed_thesaurus


def initialise(app: Flask) -> int:
    """Create or upgrade everything an instance needs; safe to run twice. Returns how many
    pages were indexed again (an upgrade that changed the index's shape), usually 0."""
    for folder in (app.config["MAIL_PATH"], app.config["UPLOAD_PATH"]):
        folder.mkdir(parents=True, exist_ok=True)
    upgrade(directory=app.extensions["migrate"].directory)
    seed_controlled_tags(db.session)
    seed_thesaurus(db.session)
    db.session.commit()
    from wiki.search.backend import backend

    return backend(app).ensure(app)
