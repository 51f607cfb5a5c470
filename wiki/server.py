"""Production serving with gunicorn, the application created by our factory."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class WikiServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from wiki import create_app

        return create_app()


def serve(*, workers: int, bind: str) -> None:
    WikiServer({"workers": workers, "bind": bind, "accesslog": "-",
                "preload_app": False, "timeout": 60}).run()
