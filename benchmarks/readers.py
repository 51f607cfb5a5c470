"""The reader benchmark: what the pages readers open cost under `wiki serve --workers 2`.

    python -m benchmarks.readers [--sizes 5000,100000] [--seconds 5] [--connections 4]

For each size, a fresh instance (SQLite and Whoosh in a temporary folder) gets the synthetic
corpus of the search benchmark (benchmarks/corpus.py), 300 directory profiles and a member who
signs in. `wiki serve --workers 2` serves it, and Debian's `wrk` (apt-get install wrk) loads each
kind of page for a few seconds after a warm-up: a page view (100 public pages in turn, anonymous
and signed in), the home page, a list, a tag page, recent changes, the Atom feed, a profile, the
directory, then the `/search` page with 200 queries of which half are words no process has
searched yet. The bare Flask page of benchmarks/bare_page.py (one SQLite row, the same HTML
through one Jinja template) is served and loaded the same way in the same run, and every
figure is also printed as a ratio of its requests/s: absolute figures drift on a shared machine.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import load_vocabulary
from benchmarks.run import SizeRun, free_port, machine, say, wiki_command

LUA_SCRIPT = Path(__file__).with_name("wrk_paths.lua")
READER_EMAIL = "lectrice@bench.example.org"
READER_PASSWORD = "une phrase de passe pour la lectrice du banc"
PROFILES = 300
PAGES_IN_TURN = 100
FIRST_VIEWS = 400  # pages viewed once each, none seen before by the server
SEARCHES = 200
WARM_WORDS = 10

# The targets: a ratio of the bare page's requests/s, or a latency in ms.
RATIO_TARGETS = {
    "page view, anonymous": 0.6,
    "page view, signed in": 0.6,
    "home": 0.35,
    "list": 0.35,
    "tag page": 0.35,
    "recent changes": 0.35,
}
SEARCH_TARGETS = {"p50": 15.0, "p95": 40.0}
PAGE_VIEW_P95_TARGET = 10.0


@dataclass
class Load:
    name: str
    paths: list[str]
    cookie: str | None = None
    limit: int = 0  # stop after this many responses (0: for the whole duration)


# ---------------------------------------------------------------- the instance


def build_instance(size: int) -> tuple[SizeRun, dict]:
    """The corpus imported and indexed, profiles and a reader; returns what the loads need."""
    from benchmarks.people import generate_profiles
    from wiki import create_app
    from wiki.auth.accounts import create_user
    from wiki.extensions import db
    from wiki.models import Page, Revision, Tag

    run = SizeRun(size, argparse.Namespace(queries=1, seed=0, keep=False, http=False))
    run.app = create_app(instance_path=run.instance)
    with run.app.app_context():
        run.prepare()
        run.import_corpus(run.generate())
        run.index_corpus()
        create_user(db.session, READER_EMAIL, "Lectrice", password=READER_PASSWORD)
        db.session.commit()
    generate_profiles(run.app, PROFILES, seed=0)
    with run.app.app_context():
        from benchmarks.run import index_pending

        index_pending(run.app)
        public = db.session.execute(
            db.select(Page.slug, Revision.title, Revision.html)
            .join(Revision, Revision.id == Page.current_revision_id)
            .where(Page.visibility == "public")
            .order_by(Page.id)
            .limit(PAGES_IN_TURN)
        ).all()
        never_seen = db.session.scalars(
            db.select(Page.slug)
            .where(Page.visibility == "public")
            .order_by(Page.id)
            .offset(PAGES_IN_TURN)
            .limit(FIRST_VIEWS)
        ).all()
        tag = db.session.scalar(db.select(Tag.slug).order_by(Tag.id))
        db.session.remove()
        db.engine.dispose()
    return run, {
        "pages": [row.slug for row in public],
        "never_seen": list(never_seen),
        "bare_rows": [(row.title, row.html) for row in public],
        "tag": tag,
    }


# ---------------------------------------------------------------- servers


def serve(command: list[str], env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except urllib.error.HTTPError:
            return server  # it answers (the bare page has no "/")
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("the server did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def signed_in_cookie(base: str) -> str:
    """Sign in through the form as a member would; the Cookie header of that session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    if token is None:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    data = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": READER_EMAIL, "password": READER_PASSWORD}
    ).encode()
    opener.open(f"{base}/login", data=data).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session" not in cookie:
        raise SystemExit("the reader could not sign in")
    return cookie


# ---------------------------------------------------------------- loads


def run_wrk(base: str, load: Load, seconds: int, connections: int, folder: Path) -> dict:
    paths_file = folder / f"paths-{re.sub(r'[^a-z]+', '-', load.name)}.txt"
    paths_file.write_text("\n".join(load.paths) + "\n", encoding="utf-8")
    threads = 1 if load.limit else 2  # a limit counts in one thread's script
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_SCRIPT),
    ]
    if load.cookie:
        command += ["-H", f"Cookie: {load.cookie}"]
    env = {**os.environ, "WRK_PATHS": str(paths_file), "WRK_LIMIT": str(load.limit)}
    completed = subprocess.run([*command, base], env=env, capture_output=True, text=True)
    if completed.returncode:
        raise SystemExit(f"wrk failed on {load.name}: {completed.stderr.strip()[-1000:]}")
    output = completed.stdout
    figures = json.loads(output.strip().splitlines()[-1])
    # A limited load's thread stops early but wrk reports the whole duration: no rate then.
    seconds_taken = 0 if load.limit else figures["duration_us"] / 1e6
    return {
        "name": load.name,
        "requests": figures["requests"],
        "rps": figures["requests"] / seconds_taken if seconds_taken else float("nan"),
        "p50": figures["p50_us"] / 1000,
        "p95": figures["p95_us"] / 1000,
        "p99": figures["p99_us"] / 1000,
        "errors": figures["status_errors"] + figures["socket_errors"],
    }


def warm(base: str, load: Load, connections: int, folder: Path) -> None:
    """Each path asked for a few times, so that both workers have served it: the state of a
    wiki that has run a while (a page's first view in a process is measured apart)."""
    seconds = 2 + len(load.paths) // 25
    run_wrk(
        base, Load(load.name + " warm-up", load.paths, load.cookie), seconds, connections, folder
    )


def search_paths(seed: int = 0) -> tuple[list[str], list[str]]:
    """(warm-up paths, measured paths): half the measured words are searched for the first
    time, the other half are WARM_WORDS words searched during the warm-up."""
    rng = random.Random(f"readers:{seed}")
    words = sorted(load_vocabulary().content)
    chosen = rng.sample(words, SEARCHES // 2 + WARM_WORDS)
    warm_words, new_words = chosen[:WARM_WORDS], chosen[WARM_WORDS:]
    quote = urllib.parse.quote
    warmed = [f"/search?q={quote(word)}" for word in warm_words] * 4
    measured: list[str] = []
    for i, word in enumerate(new_words):
        measured += [f"/search?q={quote(word)}", f"/search?q={quote(warm_words[i % WARM_WORDS])}"]
    return warmed, measured


def reader_loads(pages: list[str], tag: str, cookie: str) -> list[Load]:
    views = [f"/pages/{slug}" for slug in pages]
    return [
        Load("page view, anonymous", views),
        Load("page view, signed in", views, cookie),
        Load("home", ["/"]),
        Load("list", ["/practices"]),
        Load("tag page", [f"/tags/{tag}"]),
        Load("recent changes", ["/recent"]),
        Load("Atom feed", ["/feeds/recent.atom"]),
        Load("profile", [f"/people/membre-{i}" for i in range(0, PROFILES, 7)]),
        Load("directory", ["/people"]),
    ]


# ---------------------------------------------------------------- one size


def measure_size(size: int, args: argparse.Namespace) -> list[dict]:
    say(f"== {size} pages")
    run, material = build_instance(size)
    folder = Path(tempfile.mkdtemp(prefix="wiki-readers-"))
    results: list[dict] = []
    try:
        bare_db = folder / "bare.db"
        from benchmarks.bare_page import write_database

        write_database(str(bare_db), material["bare_rows"])
        port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        bare = serve(
            [
                str(gunicorn),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "benchmarks.bare_page:app",
            ],
            {**os.environ, "BARE_PAGE_DATABASE": str(bare_db)},
            port,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            load = Load("bare page", [f"/pages/{i + 1}" for i in range(len(material["pages"]))])
            warm(base, load, args.connections, folder)
            results.append(run_wrk(base, load, args.seconds, args.connections, folder))
        finally:
            stop(bare)

        port = free_port()
        env = {**run.env, "WIKI_INSTANCE_PATH": str(run.instance)}
        wiki = serve(
            [*wiki_command(), "serve", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--quiet"],
            env,
            port,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            cookie = signed_in_cookie(base)
            for load in reader_loads(material["pages"], material["tag"], cookie):
                warm(base, load, args.connections, folder)
                results.append(run_wrk(base, load, args.seconds, args.connections, folder))
                say(f"  {load.name}: {results[-1]['rps']:.0f} requests/s")
            never_seen = [f"/pages/{slug}" for slug in material["never_seen"]]
            first = Load(
                "page view, first of a page in the process", never_seen, limit=len(never_seen)
            )
            results.append(run_wrk(base, first, 60, args.connections, folder))
            warmed, measured = search_paths()
            run_wrk(
                base,
                Load("search warm-up", warmed, limit=len(warmed)),
                10,
                args.connections,
                folder,
            )
            results.append(
                run_wrk(
                    base,
                    Load("/search, half new words", measured, limit=len(measured)),
                    30,
                    args.connections,
                    folder,
                )
            )
        finally:
            stop(wiki)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(run.instance, ignore_errors=True)
    for result in results:
        result["size"] = size
    return results


# ---------------------------------------------------------------- where the time goes


def profile_size(size: int, requests: int = 200) -> None:
    """cProfile of each kind of page through the test client, in-process: the functions with
    the most cumulative time, so that a change starts from where the time goes."""
    import cProfile
    import pstats

    run, material = build_instance(size)
    try:
        from wiki import create_app

        app = create_app(instance_path=run.instance)
        client = app.test_client()
        signed_in = app.test_client()
        login = signed_in.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
        signed_in.post(
            "/login", data={"csrf_token": token, "email": READER_EMAIL, "password": READER_PASSWORD}
        )
        for load in reader_loads(material["pages"], material["tag"], "signed in"):
            reader = signed_in if load.cookie else client
            for path in load.paths[:5]:
                reader.get(path)  # the first view of each path, compiled templates
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for i in range(requests):
                reader.get(load.paths[i % len(load.paths)])
            profiler.disable()
            each = (time.perf_counter() - started) / requests * 1000
            say(f"\n== {load.name}: {each:.1f} ms a request in-process ({size} pages)")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(
                r"wiki/|sqlalchemy/orm/session|jinja2/environment|markupsafe", 25
            )
    finally:
        shutil.rmtree(run.instance, ignore_errors=True)


# ---------------------------------------------------------------- report


def verdicts(results: list[dict]) -> dict[str, str]:
    bare = next(r["rps"] for r in results if r["name"] == "bare page")
    notes = {}
    for result in results:
        result["ratio"] = result["rps"] / bare if bare else 0.0
        checks = []
        if result["name"] in RATIO_TARGETS:
            target = RATIO_TARGETS[result["name"]]
            checks.append(f"ratio ≥ {target}: {'ok' if result['ratio'] >= target else 'MISSED'}")
        if result["name"] in ("page view, anonymous", "page view, signed in"):
            checks.append(
                f"p95 ≤ {PAGE_VIEW_P95_TARGET:g} ms: "
                f"{'ok' if result['p95'] <= PAGE_VIEW_P95_TARGET else 'MISSED'}"
            )
        if result["name"].startswith("/search"):
            for key, target in SEARCH_TARGETS.items():
                checks.append(
                    f"{key} ≤ {target:g} ms: {'ok' if result[key] <= target else 'MISSED'}"
                )
        notes[result["name"]] = "; ".join(checks)
    return notes


def table(results: list[dict]) -> str:
    lines = [
        "| pages | request | requests | requests/s | ratio to bare | p50 ms | p95 ms | "
        "p99 ms | errors | target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in sorted({r["size"] for r in results}):
        of_size = [r for r in results if r["size"] == size]
        notes = verdicts(of_size)
        for r in of_size:
            rate, ratio = (
                (f"{r['rps']:.0f}", f"{r['ratio']:.2f}") if r["rps"] == r["rps"] else ("—", "—")
            )  # nan: a limited load has no rate
            lines.append(
                f"| {size:,} | {r['name']} | {r['requests']} | {rate} | {ratio} | "
                f"{r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} | "
                f"{notes[r['name']]} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.readers", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sizes", default="5000", help="comma-separated page counts")
    parser.add_argument("--seconds", type=int, default=5, help="load time per kind of page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--out", default="benchmarks/out")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile each kind of page in-process instead of loading it",
    )
    args = parser.parse_args(argv)
    if args.profile:
        for size in (int(s) for s in args.sizes.split(",")):
            profile_size(size)
        return 0
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results += measure_size(size, args)
    info = machine()
    report = (
        f"reader benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {info['cpus']} CPUs "
        f"({info['cpu']}), load average {os.getloadavg()[0]:.1f}, "
        f"wrk -c{args.connections}, {args.seconds} s per kind\n\n{table(results)}\n"
    )
    print("\n" + report)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "readers.md").open("a", encoding="utf-8") as file:
        file.write(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
