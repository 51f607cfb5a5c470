"""The yardstick of the reader benchmark: a bare Flask page that reads one SQLite row and renders
as much HTML as a wiki page view through one Jinja template. The wiki's figures are printed as
ratios of this one, served in the same run, so that they mean something on a shared machine.

    BARE_PAGE_DATABASE=/tmp/bare.db gunicorn --workers 2 benchmarks.bare_page:app
"""

from __future__ import annotations

import os
import sqlite3

from flask import Flask, g, render_template_string

TEMPLATE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ row['title'] }}</title>
<link rel="stylesheet" href="/static/site.css"></head>
<body><header><nav><a href="/">Accueil</a> <a href="/practices">Récits</a>
<a href="/innovations">Fiches</a> <a href="/people">Réseau</a></nav></header>
<main><h1>{{ row['title'] }}</h1>{{ row['html'] | safe }}</main>
<footer><p>Un wiki d'association.</p></footer></body></html>"""

app = Flask(__name__)


def database() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(os.environ["BARE_PAGE_DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close(_error) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


@app.get("/pages/<int:number>")
def page(number: int):
    row = database().execute("SELECT title, html FROM pages WHERE id = ?", (number,)).fetchone()
    return render_template_string(TEMPLATE, row=row)


def write_database(path: str, pages: list[tuple[str, str]]) -> None:
    """The bare page's table: the same titles and rendered HTML as the wiki's pages."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE pages (id INTEGER PRIMARY KEY, title TEXT, html TEXT)")
        connection.executemany("INSERT INTO pages (title, html) VALUES (?, ?)", pages)
