"""The in-process queries of benchmarks/run.py alone, on an instance a run kept (`--keep`).

    .venv/bin/python -m benchmarks.queries /tmp/wiki-bench-10000-xxxx --pages 10000

Prints one line of JSON: p50, p95 and p99 in ms over the 200 queries (after the same 20
warm-up queries). Cheap enough to run two versions of the wiki in turn, several times, on a
machine whose load changes: the figures of runs taken back to back then compare.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from sqlalchemy import select

from benchmarks.corpus import build_queries
from benchmarks.run import SEARCHER_EMAIL, WARM_UP_QUERIES, latency_summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.queries",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("instance", type=Path)
    parser.add_argument("--pages", type=int, required=True, help="the size of the kept run")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.pop("WIKI_DATABASE_URL", None)
    os.environ["WIKI_INSTANCE_PATH"] = str(args.instance)

    from wiki import create_app
    from wiki.extensions import db
    from wiki.models import User
    from wiki.search.queries import search

    queries = build_queries(args.queries, seed=args.seed, pages=args.pages)
    app = create_app(instance_path=args.instance)
    with app.app_context():
        member = db.session.scalar(select(User).where(User.email == SEARCHER_EMAIL))
        for query in queries[:WARM_UP_QUERIES]:
            search(None, query.text, kind=query.kind, tag=query.tag)
        durations = []
        for n, query in enumerate(queries):
            user = member if n % 2 else None
            if user is not None:
                assert user.active
            started = time.perf_counter()
            search(user, query.text, kind=query.kind, tag=query.tag, page=1, per_page=20)
            durations.append(time.perf_counter() - started)
            db.session.rollback()
    summary = latency_summary(durations)
    print(json.dumps({k: round(summary[k], 2) for k in ("p50", "p95", "p99")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
