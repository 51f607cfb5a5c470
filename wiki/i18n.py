"""The interface language: the account's choice, then the session's, then the browser's,
then French."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    config = current_app.config
    languages = config["LANGUAGES"]
    if not has_request_context():  # the command line, or a domain function called from it
        return config["BABEL_DEFAULT_LOCALE"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if isinstance(user_locale, str) and user_locale in languages:
        return user_locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or config["BABEL_DEFAULT_LOCALE"]


def register_locale(app: Flask) -> None:
    from flask_babel import get_locale

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale())}
