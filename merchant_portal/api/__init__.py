from flask import Blueprint, Flask

# The token-authenticated API lives under /api/v1; the admin's token pages under /admin/api-tokens.
bp = Blueprint("api", __name__)


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import admin_views, views  # noqa: F401

    app.register_blueprint(bp)
