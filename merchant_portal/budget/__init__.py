from flask import Blueprint, Flask

bp = Blueprint("budget", __name__, url_prefix="/budget")


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import ad_budget_views, channels  # noqa: F401
    from .curves import views as curve_views  # noqa: F401
    from .placements import views as placement_views  # noqa: F401
    from .plans import new_plan_views, stored_plan_views  # noqa: F401
    from .platform import marks_views, publish_views  # noqa: F401
    from .platform import views as platform_views  # noqa: F401
    from .results import views as results_views  # noqa: F401

    app.register_blueprint(bp)
