"""Background jobs: the huey queue (``queue``), each job's state in the portal's database
(``models``, ``state``), the runner that carries a job through with a heartbeat (``runner``),
the consumer command with its watchdog (``worker``) and the job pages (``views``).

Tasks live in the feature that owns them; this package imports no feature.
"""

from flask import Blueprint, Flask

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import views  # noqa: F401

    app.register_blueprint(bp)
