"""The API's routes."""

from flask import Blueprint

bp = Blueprint("api", __name__)
