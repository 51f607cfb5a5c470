"""The comments benchmark: what comments cost the lists of pages and a page's thread.

    python -m benchmarks.comments [--pages 1000] [--comments 50000] [--thread 300] [--rounds 50]

A fresh SQLite instance gets the first N pages of the search corpus (benchmarks/corpus.py,
groups and members-only pages included), then C comments spread over its public pages (2 %
masked by moderation), and one page with a thread of T more (one in five a reply, 1 % of
the others deleted with their replies kept). Measured, with p50 and p95: the comment
counts of 20 page cards (wiki.comments.reading.comment_counts, one SQL query) as an
anonymous visitor and as a member, GET /practices (20 cards with their counts) and
GET /pages/<slug> of the long thread, through the test client; and the SQL statements
GET /practices sends, with and without comments (equal: no query per card), and those of
the long thread's page.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import latency_summary, machine


def _fill_pages(app, pages: int, seed: int) -> None:
    """The first `pages` pages of the search corpus, their authors and groups."""
    from benchmarks.corpus import AUTHORS, GROUPS, generate_page
    from wiki.auth.accounts import create_user
    from wiki.extensions import db
    from wiki.groups.membership import create_group
    from wiki.pages.transfer import import_lines

    with app.app_context():
        for email, name in AUTHORS:
            create_user(db.session, email, name, "mot-de-passe-solide")
        for slug, name in GROUPS:
            create_group(db.session, slug, name)
        db.session.commit()
        lines = [json.dumps(generate_page(i, seed), ensure_ascii=False) for i in range(pages)]
        import_lines(db.session, lines)
        db.session.commit()


def _statements(app, client, path: str) -> int:
    from sqlalchemy import event

    from wiki.extensions import db

    with app.app_context():
        engine = db.engine
    count = [0]

    def seen(*_args):
        count[0] += 1

    event.listen(engine, "before_cursor_execute", seen)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return count[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--thread", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from sqlalchemy import select

    from wiki import create_app
    from wiki.comments.reading import comment_counts
    from wiki.extensions import db
    from wiki.models import Page, User
    from wiki.setup import initialise

    with tempfile.TemporaryDirectory(prefix="wiki-comments-bench-") as folder:
        app = create_app({"MAIL_DELIVERY": "inline"}, instance_path=Path(folder))
        with app.app_context():
            initialise(app)
        client = app.test_client()
        print(f"{args.pages} pages, {args.comments} commentaires…", file=sys.stderr)
        _fill_pages(app, args.pages, args.seed)
        client.get("/practices")  # warm
        empty_statements = _statements(app, client, "/practices")
        slug = _fill_comments(app, args.comments, args.thread, args.seed)
        with_statements = _statements(app, client, "/practices")
        thread_statements = _statements(app, client, f"/pages/{slug}")
        figures: dict[str, dict] = {}
        with app.app_context():
            ids = list(db.session.scalars(select(Page.id).order_by(Page.id).limit(20)))
            member = db.session.scalar(select(User).order_by(User.id))
            for name, viewer in (("counts_anonymous", None), ("counts_member", member)):
                times = []
                for _ in range(args.rounds):
                    started = time.perf_counter()
                    comment_counts(db.session, viewer, ids)
                    times.append(time.perf_counter() - started)
                    db.session.rollback()
                figures[name] = latency_summary(times)
        for name, path in (("get_practices", "/practices"), ("get_thread", f"/pages/{slug}")):
            times = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            figures[name] = latency_summary(times)
        report = {
            "machine": machine(),
            "pages": args.pages,
            "comments": args.comments,
            "thread": args.thread,
            "statements_practices_without_comments": empty_statements,
            "statements_practices_with_comments": with_statements,
            "statements_thread_page": thread_statements,
            **{
                name: {k: round(v, 2) for k, v in summary.items()}
                for name, summary in figures.items()
            },
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def _fill_comments(app, comments: int, thread: int, seed: int) -> str:
    from sqlalchemy import insert, select

    from wiki.extensions import db
    from wiki.models import Comment, Page, User
    from wiki.models.base import utcnow

    rng = random.Random(seed)
    with app.app_context():
        page_ids = list(
            db.session.scalars(select(Page.id).where(Page.visibility == "public").order_by(Page.id))
        )
        users = list(db.session.scalars(select(User.id)))
        now = utcnow()
        rows = [
            {
                "page_id": rng.choice(page_ids),
                "author_id": rng.choice(users),
                "body": "Un avis",
                "html": "<p>Un avis</p>",
                "justifications": [],
                "created_at": now,
                "hidden_reason": "",
                "hidden_at": now if rng.random() < 0.02 else None,
            }
            for _ in range(comments)
        ]
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(Comment), rows[start : start + 5000])
        long_page = db.session.get(Page, page_ids[0])
        top_ids: list[int] = []
        for n in range(thread):
            parent = rng.choice(top_ids) if top_ids and rng.random() < 0.2 else None
            comment = Comment(
                page_id=long_page.id,
                author_id=rng.choice(users),
                parent_id=parent,
                body=f"Avis {n}",
                html=f"<p>Avis {n}</p>",
                created_at=now,
                deleted_at=now if parent is None and rng.random() < 0.01 else None,
            )
            db.session.add(comment)
            db.session.flush()
            if parent is None:
                top_ids.append(comment.id)
        slug = long_page.slug
        db.session.commit()
        return slug


if __name__ == "__main__":
    raise SystemExit(main())
