"""Production serving with gunicorn, the application created by our factory."""

from __future__ import annotations

import threading
from collections.abc import Callable

from gunicorn.app.base import BaseApplication

# Settings newer gunicorns have; an older one (>= 22, the lower bound) simply lacks them.
_OPTIONAL_SETTINGS = {"control_socket_disable"}


class WikiServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in _OPTIONAL_SETTINGS and key not in self.cfg.settings:
                continue
            self.cfg.set(key, value)

    def load(self):
        from wiki import create_app

        return create_app()


def _load_the_charter_model(_worker) -> None:
    """Each worker loads the charter check's French model on a thread of its own as soon as
    it starts, so that the first writer to publish does not wait seconds for it."""
    from wiki.content.charter_names import RECOGNISER

    threading.Thread(target=RECOGNISER.load, name="charter-model", daemon=True).start()


def serve(
    *, workers: int, bind: str, quiet: bool = False, on_ready: Callable[[], None] | None = None
) -> None:
    """Serve until interrupted. `quiet`: warnings and errors only, no access log.
    `on_ready` runs once the address listens (before that, nothing is printed)."""
    options = {
        "workers": workers,
        "bind": bind,
        "preload_app": False,
        "timeout": 60,
        # gunicorn 25+ opens a control socket in ~/.gunicorn; nothing here uses it
        "control_socket_disable": True,
        "post_worker_init": _load_the_charter_model,
    }
    if quiet:
        options["loglevel"] = "warning"
    else:
        options["accesslog"] = "-"
    if on_ready is not None:
        options["when_ready"] = lambda _server: on_ready()
    WikiServer(options).run()
