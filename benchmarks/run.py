"""The search benchmark: import, index and query N synthetic French pages, then report.

    python -m benchmarks.run [--sizes 1000,10000,100000] [--queries 200] [--no-http]
                             [--out benchmarks/out] [--backend whoosh|postgres]

Each size runs in a child process of its own (so that its peak RSS is its own) against a fresh
instance folder (SQLite and the Whoosh index in a temporary directory): generate the corpus,
import it with wiki.pages.transfer.import_lines, index it with the indexer, then measure one
edit's indexing time, the query latencies in-process and through HTTP under gunicorn
(`wiki serve`), check that every sampled page is found by its unique word, and run
`wiki index verify`. The figures are printed and appended to <out>/results.md.

With `--backend postgres`, the pages and their search rows live in a fresh PostgreSQL database
of their own (`wiki_bench_<size>`, dropped and created again on the server of
`--postgres-url`), searched by the PostgreSQL full-text backend (WIKI_SEARCH_BACKEND=postgres).
There the import already writes each page's search row in the page's transaction; "indexing"
is then a full rebuild of `page_search` (what `wiki index rebuild` does), and the index size is
that of its two tables.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.corpus import (
    AUTHORS,
    GROUPS,
    build_queries,
    generate_lines,
    generate_page,
    unique_token,
)

DEFAULT_SIZES = "1000,10000"
EDITS = 20
CORRECTNESS_SAMPLE = 50
WARM_UP_QUERIES = 20
HTTP_TIME_LIMIT = 600  # seconds for the whole HTTP pass of one size
SERVER_START_LIMIT = 60
TARGETS = {  # issue 3, "Targets", at 100k pages
    "query_p95_ms": 50.0,
    "http_p95_ms": 80.0,
    "edit_ms": 50.0,
    "import_rate": 500.0,
    "index_rate": 500.0,
}
SEARCHER_EMAIL = "chercheuse@exemple.org"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


# ---------------------------------------------------------------- measuring helpers


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = math.ceil(round(fraction * len(ordered), 9))
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def latency_summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "p50": percentile(ms, 0.50),
        "p95": percentile(ms, 0.95),
        "p99": percentile(ms, 0.99),
        "mean": statistics.fmean(ms) if ms else float("nan"),
        "max": max(ms, default=float("nan")),
        "count": len(ms),
    }


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def database_size(instance: Path) -> int:
    return sum(f.stat().st_size for f in instance.glob("wiki.db*") if f.is_file())


def postgres_sizes() -> tuple[int, int]:
    """(the database's size, the search backend's tables' size) in bytes, on PostgreSQL."""
    from sqlalchemy import text

    from wiki.extensions import db

    return db.session.execute(
        text(
            "select pg_database_size(current_database()), "
            "pg_total_relation_size('page_search') + pg_total_relation_size('search_words')"
        )
    ).one()


def fresh_postgres_database(server_url: str, name: str) -> str:
    """Drop and create database `name` on the server of `server_url`; its SQLAlchemy URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'drop database if exists "{name}" with (force)'))
        connection.execute(text(f'create database "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "ram_gb": round(ram, 1),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wiki_command() -> list[str]:
    script = Path(sys.executable).with_name("wiki")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from wiki.cli import main; main()"]


def say(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------- the wiki's interfaces


def search(user, q: str, **filters):
    """A search through the configured backend, as the views and the API do."""
    from wiki.search.backend import backend

    return backend().search(user, q, **filters)


def result_slugs(result) -> tuple[int, list[str]]:
    """(total, slugs) from what wiki.search.queries.search returns."""
    if isinstance(result, dict):
        total, hits = result.get("total"), result.get("results", [])
    else:
        total = getattr(result, "total", None)
        hits = getattr(result, "results", None)
        if hits is None:
            hits = getattr(result, "hits", [])
    slugs = [hit["slug"] if isinstance(hit, dict) else hit.slug for hit in hits]
    return (len(slugs) if total is None else int(total)), slugs


def index_pending(app) -> int:
    """Apply the outbox until it is empty; returns how many tasks were left over (0)."""
    from sqlalchemy import func, select

    from wiki.extensions import db
    from wiki.models import IndexTask
    from wiki.search.backend import backend

    for _ in range(10_000):
        backend(app).catch_up(app)
        db.session.rollback()  # see the tasks as they are now
        left = db.session.scalar(select(func.count(IndexTask.id))) or 0
        if not left:
            return 0
    return left


# ---------------------------------------------------------------- one size, in a child process


class SizeRun:
    def __init__(self, size: int, args: argparse.Namespace):
        self.size = size
        self.args = args
        self.instance = Path(tempfile.mkdtemp(prefix=f"wiki-bench-{size}-"))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("WIKI_")}
        self.env["WIKI_INSTANCE_PATH"] = str(self.instance)
        os.environ.pop("WIKI_DATABASE_URL", None)
        os.environ["WIKI_INSTANCE_PATH"] = str(self.instance)
        self.postgres = getattr(args, "backend", "whoosh") == "postgres"
        if self.postgres:
            database = fresh_postgres_database(args.postgres_url, f"wiki_bench_{size}")
            for env in (self.env, os.environ):
                env["WIKI_DATABASE_URL"] = database
                env["WIKI_SEARCH_BACKEND"] = "postgres"
        self.figures: dict = {"size": size}
        self.queries = build_queries(args.queries, seed=args.seed, pages=size)

    def run(self) -> dict:
        from wiki import create_app
        from wiki.extensions import db

        try:
            self.app = create_app(instance_path=self.instance)
            with self.app.app_context():
                self.prepare()
                corpus = self.generate()
                self.import_corpus(corpus)
                self.index_corpus()
                self.check_found()
                self.edits()
                self.query_in_process()
                self.figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
                db.session.remove()
                db.engine.dispose()
            if self.args.http:
                self.query_http()
            self.verify()
        finally:
            if self.args.keep:
                say(f"  instance kept in {self.instance}")
            else:
                shutil.rmtree(self.instance, ignore_errors=True)
        return self.figures

    def prepare(self) -> None:
        from wiki.auth.accounts import create_token, create_user
        from wiki.extensions import db
        from wiki.groups.membership import add_member, create_group
        from wiki.setup import initialise

        initialise(self.app)
        for email, name in AUTHORS:
            create_user(db.session, email, name)
        searcher = create_user(db.session, SEARCHER_EMAIL, "Chercheuse")
        for slug, name in GROUPS:
            create_group(db.session, slug, name)
            add_member(db.session, slug, SEARCHER_EMAIL)
        self.token = create_token(db.session, searcher, "benchmark")
        db.session.commit()
        self.searcher_id = searcher.id

    @property
    def searcher(self):
        """The member of both groups who searches (loaded in the current session)."""
        from wiki.extensions import db
        from wiki.models import User

        return db.session.get(User, self.searcher_id)

    def generate(self) -> Path:
        corpus = self.instance / "corpus.jsonl"
        started = time.perf_counter()
        with corpus.open("w", encoding="utf-8") as out:
            for line in generate_lines(self.size, seed=self.args.seed):
                out.write(line + "\n")
        self.figures["generate_s"] = time.perf_counter() - started
        self.figures["corpus_mb"] = corpus.stat().st_size / 1e6
        say(
            f"  generated {self.size} pages ({self.figures['corpus_mb']:.1f} MB) "
            f"in {self.figures['generate_s']:.1f} s"
        )
        return corpus

    def import_corpus(self, corpus: Path) -> None:
        from wiki.extensions import db
        from wiki.pages.transfer import import_lines

        step = max(1, self.size // 10)

        def progress(done: int, total: int) -> None:
            if done % step == 0:
                say(f"    imported {done}/{total}")

        started = time.perf_counter()
        with corpus.open(encoding="utf-8") as lines:
            count = import_lines(db.session, lines, default_author=AUTHORS[0][0], progress=progress)
        db.session.commit()
        elapsed = time.perf_counter() - started
        db.session.expunge_all()
        if count != self.size:
            raise SystemExit(f"imported {count} pages instead of {self.size}")
        self.figures["import_s"] = elapsed
        self.figures["import_rate"] = self.size / elapsed
        say(f"  imported in {elapsed:.1f} s ({self.size / elapsed:.0f} pages/s)")

    def index_corpus(self) -> None:
        started = time.perf_counter()
        if self.postgres:
            from wiki.search.postgres import rebuild

            rebuild(self.app)
        else:
            left = index_pending(self.app)
            if left:
                raise SystemExit(f"{left} index tasks left after indexing")
        elapsed = time.perf_counter() - started
        self.figures["index_s"] = elapsed
        self.figures["index_rate"] = self.size / elapsed
        self.figures["import_index_rate"] = self.size / (self.figures["import_s"] + elapsed)
        if self.postgres:
            database_bytes, index_bytes = postgres_sizes()
            self.figures["index_mb"] = index_bytes / 1e6
            self.figures["db_mb"] = database_bytes / 1e6
        else:
            self.figures["index_mb"] = folder_size(Path(self.app.config["SEARCH_INDEX_PATH"])) / 1e6
            self.figures["db_mb"] = database_size(self.instance) / 1e6
        say(
            f"  indexed in {elapsed:.1f} s ({self.size / elapsed:.0f} pages/s), "
            f"index {self.figures['index_mb']:.1f} MB, database {self.figures['db_mb']:.1f} MB"
        )

    def check_found(self) -> None:
        """A sample of pages, each searched by its unique word: found, alone, first."""
        import random

        rng = random.Random(self.args.seed)
        sample = sorted(rng.sample(range(self.size), min(CORRECTNESS_SAMPLE, self.size)))
        missing = []
        searcher = self.searcher
        for i in sample:
            expected = generate_page(i, self.args.seed)["slug"]
            total, slugs = result_slugs(search(searcher, unique_token(i)))
            if total != 1 or slugs[:1] != [expected]:
                missing.append((i, total, slugs[:3]))
        self.figures["found"] = f"{len(sample) - len(missing)}/{len(sample)}"
        say(f"  unique words found: {self.figures['found']}")
        for i, total, slugs in missing[:5]:
            say(f"    page {i} ({unique_token(i)}): total {total}, first {slugs}")

    def edits(self) -> None:
        """Save a revision, commit, apply the outbox: the time one edit takes to be findable."""
        import random

        from sqlalchemy import select

        from wiki.extensions import db
        from wiki.models import Page, User
        from wiki.pages.editing import PageDraft, save_revision
        from wiki.search.backend import backend

        rng = random.Random(f"edits:{self.args.seed}")
        author = db.session.scalar(select(User).where(User.email == AUTHORS[1][0]))
        author_id = author.id
        durations, found = [], 0
        for n in range(self.args.edits):
            index = rng.randrange(self.size)
            slug = generate_page(index, self.args.seed)["slug"]
            word = f"zedi{unique_token(index)[4:]}{unique_token(n)[4:]}"
            db.session.rollback()
            started = time.perf_counter()
            page = db.session.scalar(select(Page).where(Page.slug == slug))
            current = page.current
            draft = PageDraft(
                kind=page.kind,
                title=current.title,
                body=current.body + f"\n\nAjout du suivi : {word}.\n",
                fields=dict(current.fields or {}),
                tags=list(current.tag_slugs),
                visibility=page.visibility,
                summary="benchmark",
            )
            save_revision(db.session, page, draft, db.session.get(User, author_id), page.version)
            db.session.commit()
            backend(self.app).catch_up(self.app)
            durations.append(time.perf_counter() - started)
            total, slugs = result_slugs(search(self.searcher, word))
            found += total == 1 and slugs[:1] == [slug]
        self.figures["edit"] = latency_summary(durations)
        self.figures["edit_ms"] = self.figures["edit"]["p50"]
        self.figures["edits_found"] = f"{found}/{self.args.edits}"
        say(
            f"  one edit indexed in {self.figures['edit_ms']:.1f} ms (median of "
            f"{self.args.edits}), found afterwards: {self.figures['edits_found']}"
        )

    def query_in_process(self) -> None:
        from wiki.extensions import db

        for query in self.queries[:WARM_UP_QUERIES]:
            search(None, query.text, kind=query.kind, tag=query.tag)
        durations, empty = [], 0
        for n, query in enumerate(self.queries):
            # Anonymous visitors and a member of both groups in turn; the member is loaded
            # before the clock starts, as Flask-Login does before a view runs.
            user = self.searcher if n % 2 else None
            if user is not None:
                assert user.active
            started = time.perf_counter()
            result = search(user, query.text, kind=query.kind, tag=query.tag, page=1, per_page=20)
            durations.append(time.perf_counter() - started)
            empty += result_slugs(result)[0] == 0
            db.session.rollback()  # as a request ends
        self.figures["query"] = latency_summary(durations)
        self.figures["query_empty"] = empty
        q = self.figures["query"]
        say(
            f"  in-process queries: p50 {q['p50']:.1f} ms, p95 {q['p95']:.1f} ms, "
            f"p99 {q['p99']:.1f} ms ({empty} of {len(self.queries)} without result)"
        )

    def query_http(self) -> None:
        port = free_port()
        log = (self.instance / "gunicorn.log").open("wb")
        server = subprocess.Popen(
            [
                *wiki_command(),
                "serve",
                "--workers",
                str(self.args.workers),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_for(server, port)
            paths = []
            for n, query in enumerate(self.queries):
                params = {"q": query.text, "page": 1, "per_page": 20}
                if query.kind:
                    params["kind"] = query.kind
                if query.tag:
                    params["tag"] = query.tag
                paths.append((n % 2 == 1, "/api/v1/search?" + urllib.parse.urlencode(params)))
            for signed, path in paths[:WARM_UP_QUERIES]:
                self._get(port, path, signed)
            durations: list[float] = []
            errors: list[str] = []
            deadline = time.monotonic() + HTTP_TIME_LIMIT

            def client(share: list) -> None:
                for signed, path in share:
                    if time.monotonic() > deadline:
                        errors.append("time limit")
                        return
                    started = time.perf_counter()
                    status = self._get(port, path, signed)
                    durations.append(time.perf_counter() - started)
                    if status != 200:
                        errors.append(f"{status} {path}")

            clients = [
                threading.Thread(target=client, args=(paths[k :: self.args.clients],))
                for k in range(self.args.clients)
            ]
            started = time.perf_counter()
            for thread in clients:
                thread.start()
            for thread in clients:
                thread.join()
            elapsed = time.perf_counter() - started
            self.figures["http"] = latency_summary(durations)
            self.figures["http_rate"] = len(durations) / elapsed
            self.figures["http_errors"] = len(errors)
            self.figures["worker_rss_mb"] = _workers_peak_rss(server.pid)
            h = self.figures["http"]
            say(
                f"  HTTP ({self.args.workers} gunicorn workers, {self.args.clients} clients): "
                f"p50 {h['p50']:.1f} ms, p95 {h['p95']:.1f} ms, p99 {h['p99']:.1f} ms, "
                f"{self.figures['http_rate']:.0f} requests/s, {len(errors)} errors"
            )
            for error in errors[:5]:
                say(f"    {error}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            log.close()

    def _get(self, port: int, path: str, signed: bool) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            headers = {"Authorization": f"Bearer {self.token}"} if signed else {}
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except OSError as error:
            return f"{type(error).__name__}"  # type: ignore[return-value]
        finally:
            connection.close()

    def _wait_for(self, server: subprocess.Popen, port: int) -> None:
        deadline = time.monotonic() + SERVER_START_LIMIT
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(
                    "gunicorn stopped: see its log\n"
                    + (self.instance / "gunicorn.log").read_text()[-2000:]
                )
            try:
                if self._get(port, "/api/v1/search?q=accueil", False) == 200:
                    return
            except Exception:  # not listening yet
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {SERVER_START_LIMIT} s")

    def verify(self) -> None:
        completed = subprocess.run(
            [*wiki_command(), "index", "verify"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        output = (completed.stdout + completed.stderr).strip()
        self.figures["verify_rc"] = completed.returncode
        self.figures["verify"] = output.splitlines()[-1] if output else ""
        say(f"  wiki index verify (exit {completed.returncode}): {output[-500:]}")


def _workers_peak_rss(master: int) -> float:
    """The largest VmHWM of the gunicorn master's children, in MB."""
    peak = 0.0
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return peak
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return round(peak, 1)


# ---------------------------------------------------------------- reporting

ROWS = (
    ("import (pages/s)", lambda f: f"{f['import_rate']:.0f}"),
    ("indexing (pages/s)", lambda f: f"{f['index_rate']:.0f}"),
    ("import + indexing (pages/s)", lambda f: f"{f['import_index_rate']:.0f}"),
    ("index size (MB)", lambda f: f"{f['index_mb']:.1f}"),
    ("database size (MB)", lambda f: f"{f['db_mb']:.1f}"),
    ("peak RSS, benchmark process (MB)", lambda f: f"{f['peak_rss_mb']:.0f}"),
    (
        "one edit indexed, median / max (ms)",
        lambda f: f"{f['edit']['p50']:.1f} / {f['edit']['max']:.1f}",
    ),
    ("query in-process p50 (ms)", lambda f: f"{f['query']['p50']:.1f}"),
    ("query in-process p95 (ms)", lambda f: f"{f['query']['p95']:.1f}"),
    ("query in-process p99 (ms)", lambda f: f"{f['query']['p99']:.1f}"),
    ("query HTTP p50 (ms)", lambda f: f"{f['http']['p50']:.1f}" if "http" in f else "–"),
    ("query HTTP p95 (ms)", lambda f: f"{f['http']['p95']:.1f}" if "http" in f else "–"),
    ("query HTTP p99 (ms)", lambda f: f"{f['http']['p99']:.1f}" if "http" in f else "–"),
    ("HTTP throughput (requests/s)", lambda f: f"{f['http_rate']:.0f}" if "http" in f else "–"),
    (
        "gunicorn worker peak RSS (MB)",
        lambda f: f"{f['worker_rss_mb']:.0f}" if "http" in f else "–",
    ),
    ("queries without result", lambda f: f"{f['query_empty']}"),
    ("unique words found", lambda f: f["found"]),
    ("edits found right after", lambda f: f["edits_found"]),
    ("wiki index verify", lambda f: "clean" if f["verify_rc"] == 0 else "DRIFT"),
)


def table(results: list[dict], markdown: bool) -> str:
    header = ["", *(f"{r['size']:,}".replace(",", " ") + " pages" for r in results)]
    rows = [[name, *(cell(r) for r in results)] for name, cell in ROWS]
    if markdown:
        lines = [
            "| " + " | ".join(header) + " |",
            "|" + "|".join(["---"] + ["---:"] * len(results)) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(widths[0]) if k == 0 else cell.rjust(widths[k]) for k, cell in enumerate(row)
        )
        for row in [header, *rows]
    )


def target_check(results: list[dict]) -> list[str]:
    """The issue's targets, checked against the largest size run."""
    f = max(results, key=lambda r: r["size"])
    checks = [
        ("query p95 in-process < 50 ms", f["query"]["p95"] < TARGETS["query_p95_ms"]),
        ("one edit indexed < 50 ms", f["edit_ms"] < TARGETS["edit_ms"]),
        ("import >= 500 pages/s", f["import_rate"] >= TARGETS["import_rate"]),
        ("indexing >= 500 pages/s", f["index_rate"] >= TARGETS["index_rate"]),
        ("index verify clean", f["verify_rc"] == 0),
    ]
    if "http" in f:
        checks.insert(1, ("query p95 HTTP < 80 ms", f["http"]["p95"] < TARGETS["http_p95_ms"]))
    size = f"{f['size']:,}".replace(",", " ")
    return [f"{'met' if ok else 'MISSED'}: {name} (at {size} pages)" for name, ok in checks]


def report(results: list[dict], args: argparse.Namespace) -> None:
    m = machine()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine_line = (
        f"{m['cpus']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, {m['system']}"
    )
    say("")
    say(table(results, markdown=False))
    say("")
    for line in target_check(results):
        say(line)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.md").open("a", encoding="utf-8") as md:
        md.write(
            f"\n## {when}, search backend {args.backend}\n\n{machine_line}; "
            f"{args.queries} queries, "
            f"{args.workers} gunicorn workers, {args.clients} HTTP clients, "
            f"seed {args.seed}\n\n{table(results, markdown=True)}\n\n"
        )
        md.write("\n".join(f"- {line}" for line in target_check(results)) + "\n")
    (out / "results.json").write_text(
        json.dumps({"date": when, "machine": m, "results": results}, indent=1, default=str)
    )
    say(f"\nMachine: {machine_line}")
    say(f"Appended to {out / 'results.md'}")


# ---------------------------------------------------------------- entry point


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"page counts, comma-separated (default {DEFAULT_SIZES})",
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--edits", type=int, default=EDITS)
    parser.add_argument(
        "--http",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also query through HTTP under gunicorn (default on)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="benchmarks/out")
    parser.add_argument("--keep", action="store_true", help="keep the instance folders")
    parser.add_argument(
        "--backend",
        choices=("whoosh", "postgres"),
        default="whoosh",
        help="the search backend (default whoosh, in the instance folder)",
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help=f"the PostgreSQL server of --backend postgres (default {DEFAULT_POSTGRES_URL})",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes: whole numbers separated by commas, e.g. 1000,10000")
    if not args.size_list or min(args.size_list) < 1 or args.queries < 1:
        parser.error("sizes and --queries must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child is not None:
        figures = SizeRun(args.child, args).run()
        Path(args.result_file).write_text(json.dumps(figures))
        return 0
    results = []
    for size in args.size_list:
        say(f"== {size} pages")
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            result_file = Path(handle.name)
        command = [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--child",
            str(size),
            "--result-file",
            str(result_file),
            "--queries",
            str(args.queries),
            "--edits",
            str(args.edits),
            "--workers",
            str(args.workers),
            "--clients",
            str(args.clients),
            "--seed",
            str(args.seed),
            "--backend",
            args.backend,
            "--postgres-url",
            args.postgres_url,
            "--http" if args.http else "--no-http",
        ]
        if args.keep:
            command.append("--keep")
        completed = subprocess.run(command)
        if completed.returncode != 0:
            say(f"the {size}-page run failed (exit {completed.returncode})")
            result_file.unlink(missing_ok=True)
            return completed.returncode
        results.append(json.loads(result_file.read_text()))
        result_file.unlink()
    report(results, args)
    return 0 if all(r["verify_rc"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
