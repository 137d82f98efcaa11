from flask import Blueprint, Flask

bp = Blueprint("team", __name__, url_prefix="/team")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here; the access check asks this
    package which role the signed-in merchant holds in their store."""
    from ...access import find_store_role_with
    from . import join_views, views  # noqa: F401
    from .queries import my_store_role

    find_store_role_with(my_store_role)
    app.register_blueprint(bp)
