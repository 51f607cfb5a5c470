"""Pages blueprint: home, reading, writing, history, diff, tags, recent changes."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
