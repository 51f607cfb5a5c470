"""Single edits write tiny segments, merged together only once enough of them wait."""

from __future__ import annotations

from wiki.search import indexer
from wiki.search.queries import search


def segment_sizes(app) -> list[int]:
    ix = indexer.open_index(app)
    return sorted(segment.doc_count_all() for segment in ix._segments())


def test_edits_leave_tiny_segments_until_enough_wait_then_merge_them(app, make_page):
    waiting = indexer.TINY_SEGMENTS_BEFORE_MERGE
    for n in range(waiting):
        make_page(f"Page numéro {n}", body=f"mot{n}unique")
    assert segment_sizes(app) == [1] * waiting  # no edit paid for merging the others

    make_page("La page de trop", body="motdetropunique")
    sizes = segment_sizes(app)
    assert len(sizes) < waiting
    assert sum(sizes) == waiting + 1
    assert [hit.slug for hit in search(None, "mot3unique").results] == ["page-numero-3"]
    assert [hit.slug for hit in search(None, "motdetropunique").results] == ["la-page-de-trop"]
