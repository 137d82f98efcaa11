from flask import Blueprint, Flask

bp = Blueprint("store", __name__, url_prefix="/store")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here; services: a new merchant's
    store opens when auth says they signed up."""
    from . import services, views  # noqa: F401

    app.register_blueprint(bp)
