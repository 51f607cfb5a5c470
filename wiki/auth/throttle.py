"""Failed sign-ins counted per client address over a sliding window, in memory.

Why in memory: the per-account lock (in the database, see accounts.authenticate) is what
protects a given account; this second guard only slows one address that sprays many
accounts. Keeping it in the worker's memory costs no write per attempt and no migration.
The price: each gunicorn worker keeps its own window, and a restart forgets it, so the
effective limit is LOGIN_IP_MAX_FAILURES per worker. Behind a reverse proxy the client
address must be restored (werkzeug's ProxyFix) or every visitor shares the proxy's.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from flask import Flask, current_app

EXTENSION_KEY = "wiki.login_throttle"
MAX_TRACKED_ADDRESSES = 10_000


class LoginThrottle:
    def __init__(self, max_failures: int, window_seconds: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        stamps = self._failures.get(address, deque())
        while stamps and stamps[0] <= now - self.window_seconds:
            stamps.popleft()
        if not stamps:
            self._failures.pop(address, None)
        return stamps

    def retry_after(self, address: str) -> int:
        """Seconds before this address may try again; 0 if it may try now."""
        with self._lock:
            now = self.clock()
            stamps = self._recent(address, now)
            if len(stamps) < self.max_failures:
                return 0
            # the window frees a slot when the oldest counted failure leaves it
            oldest = stamps[len(stamps) - self.max_failures]
            return max(1, math.ceil(oldest + self.window_seconds - now))

    def record_failure(self, address: str) -> None:
        with self._lock:
            now = self.clock()
            if address not in self._failures and len(self._failures) >= MAX_TRACKED_ADDRESSES:
                self._forget_stale(now)
            stamps = self._recent(address, now)
            stamps.append(now)
            while len(stamps) > self.max_failures:
                stamps.popleft()
            self._failures[address] = stamps

    def _forget_stale(self, now: float) -> None:
        for address in list(self._failures):
            self._recent(address, now)
        if len(self._failures) >= MAX_TRACKED_ADDRESSES:  # under a flood: keep memory bounded
            self._failures.clear()


def init_throttle(app: Flask) -> LoginThrottle:
    throttle = LoginThrottle(app.config["LOGIN_IP_MAX_FAILURES"],
                             app.config["LOGIN_IP_WINDOW_SECONDS"])
    app.extensions[EXTENSION_KEY] = throttle
    return throttle


def login_throttle() -> LoginThrottle:
    throttle = current_app.extensions.get(EXTENSION_KEY)
    return throttle if throttle is not None else init_throttle(current_app)
