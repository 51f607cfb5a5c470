"""Content: Markdown to safe HTML, wiki links, slugs, diffs and the charter check."""
