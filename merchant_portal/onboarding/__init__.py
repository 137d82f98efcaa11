from flask import Blueprint

bp = Blueprint("onboarding", __name__)

from . import views  # noqa: E402,F401
