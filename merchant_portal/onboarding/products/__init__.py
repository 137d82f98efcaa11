from flask import Blueprint, Flask

bp = Blueprint("products", __name__, url_prefix="/products")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import change_views, image_views, import_views, views  # noqa: F401

    app.register_blueprint(bp)
