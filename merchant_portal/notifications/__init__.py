from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__, url_prefix="/inbox")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here; ``job_notices``: the inbox
    tells a job's starter how it ended."""
    from . import job_notices, views  # noqa: F401

    app.register_blueprint(bp)
