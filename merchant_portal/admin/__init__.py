from flask import Blueprint, Flask

bp = Blueprint("admin", __name__, url_prefix="/admin")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import ad_terms_views, category_views, health_line_views, views  # noqa: F401

    app.register_blueprint(bp)
