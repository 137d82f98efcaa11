from flask import Blueprint, Flask

bp = Blueprint("growth", __name__, url_prefix="/growth")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here; ``steps`` adds growth's steps
    to the onboarding checklist; ``health_job`` and ``document_expiry`` put the nightly health
    snapshot and the documents' expiry check on the queue's schedule."""
    from . import document_expiry, health_job, merchant_ops_views, steps, views  # noqa: F401
    from .notebook import reminders  # noqa: F401
    from .notebook import views as notebook_views  # noqa: F401

    app.register_blueprint(bp)
