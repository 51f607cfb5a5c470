"""What a newcomer reads when `make run` starts: what happens, then the address and the logins
once the server listens; never a bare « Indexation » line or the installer's warnings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from wiki.demo import DEMO_ACCOUNTS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_the_demo_says_what_it_added_and_what_it_indexed(runner):
    result = runner.invoke(args=["demo", "--no-accounts"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Démo : 10 comptes, 2 groupes")
    assert "Indexation pour la recherche : 14/14" in lines  # one line without a terminal
    assert "Indexation" not in lines and "Indexation pour la recherche" not in lines
    assert not any(account.password in result.output for account in DEMO_ACCOUNTS)


def test_serve_prints_the_address_and_logins_once_listening(runner, monkeypatch):
    from wiki import server

    asked = {}
    monkeypatch.setattr(server, "serve", lambda **options: asked.update(options))
    result = runner.invoke(args=["serve", "--bind", "127.0.0.1:8080", "--quiet", "--demo-accounts"])
    assert result.exit_code == 0, result.output
    assert result.output == ""  # nothing before the server listens
    assert asked["quiet"] is True and asked["bind"] == "127.0.0.1:8080"
    assert callable(asked["on_ready"])  # gunicorn's when_ready calls it


def test_the_welcome_names_the_address_and_every_demo_login(runner, monkeypatch, capsys):
    from wiki import server

    asked = {}
    monkeypatch.setattr(server, "serve", lambda **options: asked.update(options))
    runner.invoke(args=["serve", "--bind", "127.0.0.1:8080", "--demo-accounts"])
    asked["on_ready"]()
    shown = capsys.readouterr().out
    assert "Le wiki est servi sur http://127.0.0.1:8080" in shown
    for account in DEMO_ACCOUNTS:
        assert account.email in shown and account.password in shown


def test_gunicorn_is_quiet_and_opens_no_control_socket():
    from wiki.server import WikiServer

    server = WikiServer(
        {"workers": 1, "bind": "127.0.0.1:0", "loglevel": "warning", "control_socket_disable": True}
    )
    assert server.cfg.loglevel == "warning"
    if "control_socket_disable" in server.cfg.settings:
        assert server.cfg.control_socket_disable is True


def test_make_run_takes_another_port():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    plan = subprocess.run(
        ["make", "-n", "-B", "run", "PORT=8080"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--bind 127.0.0.1:8080" in plan
    assert "install.log" in plan  # the installer's output kept out of the first screen
