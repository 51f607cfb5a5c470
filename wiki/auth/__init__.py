"""Accounts: registration, sign-in with throttling, sign-out, language, API tokens."""

from wiki.auth.routes import bp

__all__ = ["bp"]
