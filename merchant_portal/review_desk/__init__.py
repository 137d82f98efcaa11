from flask import Blueprint, Flask

bp = Blueprint("review", __name__, url_prefix="/review")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import previews, rules_views, views  # noqa: F401
    from .trust import register_decider

    register_decider()  # listing changes a trust rule covers are approved on arrival

    app.register_blueprint(bp)
