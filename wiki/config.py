"""Configuration: defaults, the instance folder and the WIKI_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def instance_path_from_env() -> Path:
    return Path(os.environ.get("WIKI_INSTANCE_PATH", "instance")).resolve()


def _secret_key(instance: Path) -> str:
    """The key from the environment, else one generated once and kept in the instance folder."""
    if key := os.environ.get("WIKI_SECRET_KEY"):
        return key
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Read once, when the application is created; never at import time."""

    def __init__(self, instance: Path | None = None) -> None:
        instance = instance or instance_path_from_env()
        self.INSTANCE_PATH = instance
        self.SECRET_KEY = _secret_key(instance)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "WIKI_DATABASE_URL", f"sqlite:///{instance / 'wiki.db'}"
        )
        self.SEARCH_INDEX_PATH = instance / "index"
        self.MAIL_PATH = instance / "mail"  # .eml files when no SMTP server is configured
        self.UPLOAD_PATH = instance / "uploads"
        self.MAIL_SERVER = os.environ.get("WIKI_MAIL_SERVER") or None
        port = os.environ.get("WIKI_MAIL_PORT", "")
        self.MAIL_PORT = int(port) if port.isdigit() else None  # 25, or 465 with ssl
        self.MAIL_SENDER = os.environ.get("WIKI_MAIL_SENDER", "wiki@localhost")
        self.MAIL_USERNAME = os.environ.get("WIKI_MAIL_USERNAME") or None
        self.MAIL_PASSWORD = os.environ.get("WIKI_MAIL_PASSWORD") or None
        # auto (STARTTLS when the server offers it), starttls (required), ssl, none
        self.MAIL_SECURITY = os.environ.get("WIKI_MAIL_SECURITY", "auto").lower()
        # background: a thread of the process sends after the request's commit;
        # inline: the request or command sends before it ends (the tests use it).
        self.MAIL_DELIVERY = os.environ.get("WIKI_MAIL_DELIVERY", "background")
        self.BASE_URL = os.environ.get("WIKI_BASE_URL") or None
        # The licence of the open-data files (/open-data): the members' texts, shared alike.
        self.OPEN_DATA_LICENCE = os.environ.get("WIKI_OPEN_DATA_LICENCE", "CC BY-SA 4.0")
        self.OPEN_DATA_LICENCE_URL = os.environ.get(
            "WIKI_OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
        )
        # Behind HTTPS, cookies must never travel in clear; `make run` serves plain HTTP.
        self.SESSION_COOKIE_SECURE = os.environ.get("WIKI_COOKIE_SECURE", "") in ("1", "true")
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        # Per process: the postings of the words searched most stay in memory as arrays.
        self.SEARCH_CACHE_MB = int(os.environ.get("WIKI_SEARCH_CACHE_MB", "384"))
        # Per process: anonymous views kept rendered while nothing they show changed
        # (wiki/render_cache.py); 0 turns it off.
        self.RENDER_CACHE_ENTRIES = int(os.environ.get("WIKI_RENDER_CACHE_ENTRIES", "2000"))
        # The search engine (wiki/search/backend.py): whoosh, embedded, in the instance folder.
        self.SEARCH_BACKEND = os.environ.get("WIKI_SEARCH_BACKEND", "whoosh").strip().lower()

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a token lives as long as the session: long edits must not fail
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    LANGUAGES = ("fr", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent / "translations")
    # The sign-in throttle (wiki/auth/throttle.py): wrong passwords free per account and
    # address, per address over every account, per account over every address (then a mail
    # to the owner); after them a delay that doubles from the first to the longest.
    LOGIN_FREE_FAILURES = 5
    LOGIN_ADDRESS_FREE_FAILURES = 20
    LOGIN_ACCOUNT_CEILING = 100
    LOGIN_FIRST_DELAY_SECONDS = 30
    LOGIN_MAX_DELAY_SECONDS = 900
    LOGIN_FAILURE_MEMORY_HOURS = 24
    LOGIN_KNOWN_ADDRESS_DAYS = 90
    PER_PAGE = 20
    MAX_PAGE_BODY = 500_000  # characters of Markdown in one revision
    MESSAGES_NEW_PER_DAY = 10  # new conversations a member may start in 24 hours

    def as_dict(self) -> dict:
        names = {n for n in dir(self) if n.isupper()}
        return {n: getattr(self, n) for n in names}
