"""Browser tests: a real server (`wiki serve`) on loopback, driven by Debian's Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import need

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIKI = str(Path(sys.executable).with_name("wiki"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(
    url: str, process: subprocess.Popen, log: Path, limit_s: float = 30
) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url}")


@pytest.fixture(scope="session")
def live_instance(tmp_path_factory) -> Path:
    """The instance folder of the served wiki (for `wiki` commands that seed it)."""
    return tmp_path_factory.mktemp("e2e-instance")


def live_env(instance: Path) -> dict[str, str]:
    """The environment in which `wiki` commands act on the served wiki."""
    env = {**os.environ, "WIKI_INSTANCE_PATH": str(instance)}
    env.pop("WIKI_DATABASE_URL", None)
    return env


def run_wiki(instance: Path, *args: str, stdin: str | None = None) -> str:
    """Runs a `wiki` command on the served wiki (e.g. `import` to seed pages); its output."""
    done = subprocess.run(
        [WIKI, *args], env=live_env(instance), input=stdin, text=True, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def live_server(live_instance):
    """The demo wiki served by gunicorn, as `make run` prepares it."""
    env = live_env(live_instance)
    subprocess.run([WIKI, "init"], env=env, check=True, capture_output=True)
    subprocess.run([WIKI, "demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads would block the server once full.
    log_path = live_instance / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [WIKI, "serve", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url + "/", process, log_path)
        yield url
    finally:
        log.close()
        process.terminate()
        try:  # workers that loaded the charter's French model take seconds to exit
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    need(
        Path(CHROMIUM).exists() or bool(shutil.which("chromium")),
        "Debian's Chromium is not installed (apt-get install chromium)",
    )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def console_errors() -> list[str]:
    """The tab's console errors, as "message (url)"; a test may remove one it expects."""
    return []


@pytest.fixture
def page(browser, live_server, console_errors):
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    tab = context.new_page()

    def record(message):
        if message.type == "error":
            console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    tab.on("console", record)
    yield tab
    context.close()
    # A CSP violation or a script error shows as a console error: the journey must have none.
    assert not console_errors, console_errors


def site_nav(page):
    """The main navigation, unfolded: on a phone its links sit behind « Menu »."""
    nav = page.get_by_role("navigation", name=re.compile("Navigation principale|Main navigation"))
    menu = nav.locator("details.nav-menu")
    if menu.count() and menu.get_attribute("open") is None and nav.locator("summary").is_visible():
        nav.locator("summary").click()
    return nav


def sign_in(page, account) -> None:
    """Signs `account` in through the login form; its name then shows in the navigation."""
    from playwright.sync_api import expect

    page.goto("/login")
    page.get_by_label("Adresse électronique").fill(account.email)
    page.get_by_label("Mot de passe").fill(account.password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    # The page after the sign-in first: on a phone, site_nav() unfolds the menu of the page
    # it finds, and a slow answer would leave it unfolding the login page's.
    expect(page).not_to_have_url(re.compile(r"/login"))
    expect(site_nav(page).get_by_role("link", name=account.name)).to_be_visible()


def sign_out(page) -> None:
    from playwright.sync_api import expect

    site_nav(page).get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("status")).to_contain_text("déconnecté")
    expect(site_nav(page).get_by_role("link", name="Se connecter")).to_be_visible()
