from flask import Blueprint, Flask

bp = Blueprint("auth", __name__)


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import second_factor_views, views  # noqa: F401

    app.register_blueprint(bp)
    app.before_request(second_factor_views.admins_set_up_second_factor)
