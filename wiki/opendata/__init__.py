"""Open data: every public innovation sheet as JSON Lines and CSV, under a stated licence.

Only what an anonymous visitor may read leaves the wiki this way: the same SQL filter as the
public lists (access.visible_pages_clause(None)), so that members-only and group sheets, and
whatever else that filter keeps from visitors, never appear in the files.
"""
