"""One place turns errors into responses: JSON under /api, an HTML page elsewhere."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from wiki.errors import WikiError
from wiki.extensions import db

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "internal_error",
}
FRENCH_MESSAGES = {
    400: "Requête invalide.",
    401: "Connectez-vous pour continuer.",
    403: "Vous n'avez pas accès à cette action.",
    404: "Cette page n'existe pas.",
    405: "Méthode non permise.",
    413: "Envoi trop volumineux.",
    429: "Trop de tentatives : réessayez plus tard.",
    500: "Erreur interne : l'incident est enregistré.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, details: dict | None = None):
    if wants_json():
        body: dict[str, dict[str, Any]] = {"error": {"code": code, "message": message}}
        if details:
            body["error"]["details"] = details
        return jsonify(body), status
    return render_template(
        "errors/error.html", status=status, message=message, pending=status == 404 and _pending()
    ), status


def _pending() -> bool:
    """Whether the reader is signed in with an account still waiting for its approval: its
    404s say that members' pages open once approved (on every 404 alike, so that it tells
    nothing of whether the page exists)."""
    from flask_login import current_user

    from wiki.access import account, approved_member

    return account(current_user) is not None and approved_member(current_user) is None


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(WikiError)
    def domain_error(error: WikiError):
        db.session.rollback()
        details = dict(error.details)
        if error.field:
            details["field"] = error.field
        return error_response(error.status, error.code, error.message, details)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(
            400,
            "csrf_failed",
            "Le formulaire a expiré ou n'est pas authentique : rechargez la page et recommencez.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        message = FRENCH_MESSAGES.get(status, error.description or "")
        response, status = error_response(status, HTTP_CODES.get(status, "error"), message)
        if allow := dict(error.get_headers()).get("Allow"):
            response = make_response(response, status)
            response.headers["Allow"] = allow
        return response, status

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error")
        db.session.rollback()
        return error_response(500, "internal_error", FRENCH_MESSAGES[500])
