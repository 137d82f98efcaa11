from flask import Blueprint, Flask

bp = Blueprint("growth", __name__, url_prefix="/growth")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here; ``steps`` adds growth's steps
    to the onboarding checklist."""
    from . import document_expiry, merchant_ops_views, steps, views  # noqa: F401

    app.register_blueprint(bp)
