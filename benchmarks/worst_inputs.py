"""The worst page texts a writer can send: what each costs to render and to save, and how long
the save holds the database's write lock.

    python -m benchmarks.worst_inputs [--only NAME,NAME] [--no-concurrent] [--workers 2]

For each input (all under the 500,000-character limit): the time markdown rendering alone
takes in this process; then the input is sent as a new page through the API
(`POST /api/v1/pages`, the test client of a fresh instance) and the benchmark records the
answer's status, the request's duration and how long SQLite's write lock was held
(from `BEGIN IMMEDIATE` to `COMMIT` or `ROLLBACK`, read from SQLAlchemy's engine events).

The concurrent part serves a fresh instance with `wiki serve`, sends three saves of the worst
input at once and, meanwhile, reads `/` in a loop: it reports every status and the slowest
read. Figures are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

N = 100_000


def _table(rows: int, columns: int) -> str:
    head = "|" + "|".join(f"c{i}" for i in range(columns)) + "|"
    rule = "|" + "|".join("-" for _ in range(columns)) + "|"
    row = "|" + "|".join("x" for _ in range(columns)) + "|"
    return "\n".join([head, rule, *([row] * rows)])


def _numbered_prose(paragraphs: int) -> str:
    """Paragraphs of twelve words each, all different (numbered)."""
    sentence = "Au rendez-vous {}, nous avons parlé du quartier et des voisins."
    return "\n\n".join(sentence.format(i) for i in range(paragraphs))


# name → text. The first four are issue 7's; the others were found by timing markdown-it's
# rules one by one (each is linear, but at 10 to 40 µs a character of markup).
WORST_INPUTS: dict[str, Callable[[], str]] = {
    '"[[" * 100000': lambda: "[[" * N,
    '"[a](" * 100000': lambda: "[a](" * N,
    '"*_" * 100000': lambda: "*_" * N,
    "table 1000 x 200": lambda: _table(1000, 200),
    '"![a](" * 100000': lambda: "![a](" * N,
    '"[a][" * 100000': lambda: "[a][" * N,
    '"[[a]" * 100000': lambda: "[[a]" * N,
    '"[![" * 100000': lambda: "[![" * N,
    '"a\\n" * 200000': lambda: "a\n" * (2 * N),
    '"# h\\n" * 100000': lambda: "# h\n" * N,
    "40,000 links to distinct pages": lambda: " ".join(f"[[p{i}]]" for i in range(40_000)),
    # The costliest texts still allowed: just under the 20,000 markup characters of
    # wiki.content.markdown.MAX_MARKUP_CHARACTERS, so the save goes through.
    'allowed: "[a][" * 6660': lambda: "[a][" * 6660,
    'allowed: "![a](" * 6660': lambda: "![a](" * 6660,
    'allowed: "a\\n" * 19990': lambda: "a\n" * 19990,
    "allowed: table 100 x 190": lambda: _table(100, 190),
    # What the charter check's model costs (wiki.content.charter_names): by token, more for
    # one-letter words; numbered paragraphs, since a paragraph read once is not read again.
    '"A " * 240000': lambda: "A " * 240_000,
    'allowed: "A " * 30000': lambda: "A " * 30_000,
    "prose: 60000 words": lambda: _numbered_prose(5_000),
    "allowed: prose: 24000 words": lambda: _numbered_prose(2_000),
    "plain prose, 460,000 characters": lambda: (
        (
            "Le travail social de proximité demande du temps, de la patience et une écoute "
            "attentive des habitants du quartier. " * 4 + "\n\n"
        )
        * 1000
    ),
}


class LockClock:
    """Sums the time connections spend inside write transactions (BEGIN IMMEDIATE)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        from wiki.database import IMMEDIATE

        self.held = 0.0
        self._started: dict[int, float] = {}

        def on_begin(connection):
            if connection.get_execution_options().get(IMMEDIATE):
                self._started[id(connection)] = time.perf_counter()

        def on_end(connection):
            started = self._started.pop(id(connection), None)
            if started is not None:
                self.held += time.perf_counter() - started

        event.listen(engine, "begin", on_begin)
        event.listen(engine, "commit", on_end)
        event.listen(engine, "rollback", on_end)

    def reset(self) -> None:
        self.held = 0.0


def _new_app(folder: Path):
    from wiki import create_app
    from wiki.auth.accounts import create_token, create_user
    from wiki.extensions import db
    from wiki.setup import initialise

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'wiki.db'}"}, instance_path=folder
    )
    with app.app_context():
        initialise(app)
        user = create_user(db.session, "bench@example.org", "Bench", "mot-de-passe-solide")
        token = create_token(db.session, user, "bench")
        db.session.commit()
    return app, token


def measure_inputs(names: list[str]) -> list[dict]:
    from wiki.content.markdown import render_markdown
    from wiki.extensions import db

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        app, token = _new_app(Path(tmp))
        headers = {"Authorization": f"Bearer {token}"}
        with app.app_context():
            clock = LockClock(db.engine)
        client = app.test_client()
        for number, name in enumerate(names, start=1):
            text = WORST_INPUTS[name]()
            started = time.perf_counter()
            render_markdown(text)
            render_s = time.perf_counter() - started
            clock.reset()
            started = time.perf_counter()
            response = client.post(
                "/api/v1/pages",
                headers=headers,
                json={"kind": "practice", "title": f"Pire texte {number}", "body": text},
            )
            save_s = time.perf_counter() - started
            error = (response.get_json() or {}).get("error", {}) if response.is_json else {}
            rows.append(
                {
                    "input": name,
                    "characters": len(text),
                    "render_s": render_s,
                    "status": response.status_code,
                    "save_s": save_s,
                    "lock_s": clock.held,
                    "code": error.get("code", ""),
                }
            )
            print(f"  {name}: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(
    url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 120
) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _warm_up(base: str, token: str, workers: int) -> None:
    """Until every worker has loaded the charter check's model (each does on a thread as it
    starts): checks sent side by side, so that each worker gets some, whose answer waits."""
    body = json.dumps({"text": "Un mot."}).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    checks = [
        threading.Thread(
            target=_request,
            args=(base + "/api/v1/charter/check",),
            kwargs={"data": body, "headers": headers},
        )
        for _ in range(2 * workers)
    ]
    for check in checks:
        check.start()
    for check in checks:
        check.join()


def measure_concurrent(name: str, workers: int) -> dict:
    """Three saves of `name` at once against `wiki serve`, and `/` read all along."""
    wiki = str(Path(sys.executable).with_name("wiki"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _app, token = _new_app(folder)
        env = {**os.environ, "WIKI_INSTANCE_PATH": str(folder)}
        env.pop("WIKI_DATABASE_URL", None)
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [wiki, "serve", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    _request(base + "/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            _warm_up(base, token, workers)
            text = WORST_INPUTS[name]()
            saves: list[int] = []
            reads: list[tuple[int, float]] = []
            done = threading.Event()

            def save(number: int) -> None:
                body = json.dumps(
                    {"kind": "practice", "title": f"Concurrent {number}", "body": text}
                ).encode()
                saves.append(
                    _request(
                        base + "/api/v1/pages",
                        data=body,
                        headers={
                            "Authorization": f"Bearer {token}",
                            "Content-Type": "application/json",
                        },
                    )
                )

            def read() -> None:
                while not done.is_set():
                    started = time.perf_counter()
                    status = _request(base + "/")
                    reads.append((status, time.perf_counter() - started))

            threads = [threading.Thread(target=save, args=(n,)) for n in range(3)]
            reader = threading.Thread(target=read)
            reader.start()
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            done.set()
            reader.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "input": name,
        "workers": workers,
        "save_statuses": sorted(saves),
        "all_saves_s": elapsed,
        "reads": len(reads),
        "read_statuses": sorted({status for status, _ in reads}),
        "slowest_read_s": max((d for _, d in reads), default=0.0),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated input names (default: all)")
    parser.add_argument("--no-concurrent", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--concurrent-input",
        default='"[[" * 100000',
        help="the input the three concurrent saves send",
    )
    options = parser.parse_args(argv)
    names = [n for n in WORST_INPUTS if not options.only or n in options.only.split(",")]
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.machine()}\n"
    )
    from wiki.content.charter_names import RECOGNISER

    RECOGNISER.load()  # once per process, as a served wiki does at start: not in a save's time
    rows = measure_inputs(names)
    print("| input | characters | render (s) | save: status | save (s) | write lock held (s) |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    for row in rows:
        status = f"{row['status']} {row['code']}".strip()
        print(
            f"| `{row['input']}` | {row['characters']:,} | {row['render_s']:.2f} | {status} "
            f"| {row['save_s']:.2f} | {row['lock_s']:.3f} |"
        )
    if not options.no_concurrent:
        result = measure_concurrent(options.concurrent_input, options.workers)
        print(
            f"\nThree saves of `{result['input']}` at once ({result['workers']} workers): "
            f"statuses {result['save_statuses']} in {result['all_saves_s']:.1f} s; "
            f"meanwhile {result['reads']} reads of / answered {result['read_statuses']}, "
            f"the slowest in {result['slowest_read_s']:.2f} s."
        )


if __name__ == "__main__":
    main()
