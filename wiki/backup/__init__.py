"""Backups that restore: `wiki backup FILE` and `wiki restore FILE`.

A backup is a gzipped tar of the database's rows, table by table as JSON lines, read in one
transaction that sees a single moment of the database (SQLite's WAL snapshot, PostgreSQL's
repeatable read), while the wiki goes on serving and writing; with the uploaded files and a
manifest naming the schema's migration. Rows, not a copy of the SQLite file: the same backup
restores into SQLite or PostgreSQL, the path from a small association's SQLite to a bigger one's
PostgreSQL. The search index is not in it: a restore rebuilds it from the rows.
"""
