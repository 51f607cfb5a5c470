"""The JSON API under /api/v1: token auth, JSON errors, the OpenAPI document."""

from wiki.api.routes import bp

__all__ = ["bp"]
