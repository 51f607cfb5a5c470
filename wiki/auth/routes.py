"""Sign-in, sign-out, registration and the language switch."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
