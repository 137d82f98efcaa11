from flask import Blueprint, Flask

bp = Blueprint("onboarding", __name__)


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import views  # noqa: F401

    app.register_blueprint(bp)
