"""The merchant portal: a Flask app guiding marketplace merchants from sign-up to selling."""

import importlib
from collections.abc import Mapping
from typing import Any

from flask import Flask, g, request, url_for
from flask_login import current_user

from .access import Role, check_every_route_is_declared
from .config import INSTANCE_DIR, PROFILES, PROJECT_ROOT, profile_from_environment
from .extensions import csrf, db, limiter, login_manager, migrate
from .numbers import DatabaseIntConverter


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides the profile chosen by PORTAL_ENV (tests use it)."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(INSTANCE_DIR),
    )
    profile = PROFILES[config["PORTAL_ENV"]] if config and "PORTAL_ENV" in config else None
    app.config.from_object(profile or profile_from_environment())
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set. Set it in the environment (production), "
            "or run with PORTAL_ENV=development on your own machine."
        )
    INSTANCE_DIR.mkdir(exist_ok=True)

    # before any route is added: every <int:…> then answers 404 past the database's range
    app.url_map.converters["int"] = DatabaseIntConverter
    from .security import PortalRequest, StrictJSONProvider

    app.request_class = PortalRequest  # type=int within the database's integer; JSON for APIs
    app.json = StrictJSONProvider(app)  # no NaN, no nesting past the reader, in any body
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    from .errors import register_error_handlers
    from .security import register_input_guard, register_public_address, register_security_headers

    register_error_handlers(app)
    register_security_headers(app)
    register_input_guard(app)
    register_public_address(app)
    register_commands(app)
    check_every_route_is_declared(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import column_limits, models  # noqa: F401  (every table; text held to its column)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    from .auth.loader import load_user, unauthorized

    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)

    from .jobs.queue import configure

    configure(app)

    from .i18n import init_babel

    init_babel(app)


# Each feature's package holds its blueprint; these modules put the routes on it.
VIEW_MODULES = (
    "auth.views",
    "onboarding.views",
    "onboarding.store.views",
    "onboarding.products.views",
    "onboarding.products.import_views",
    "onboarding.activities.views",
    "notifications.views",
    "review.views",
    "review.audit_views",
    "budget.placements.views",
    "budget.plans.run_views",
    "budget.plans.read_views",
    "budget.results.views",
    "budget.platform.views",
    "admin.views",
    "jobs.views",
    "sales.views",
    "api.views",
    "api.admin_views",
    "growth.views",
    "growth.manage_views",
)


def register_blueprints(app: Flask) -> None:
    for module in VIEW_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    from . import admin, api, auth, budget, growth, jobs, notifications, onboarding, review, sales
    from .onboarding import activities, products, store

    features = (auth, onboarding, store, products, activities, notifications, review, budget, admin)
    features += (jobs, sales, api, growth)
    for feature in features:
        app.register_blueprint(feature.bp)


NAVIGATION = {
    Role.MERCHANT: [
        ("onboarding.checklist", "Onboarding"),
        ("store.profile", "Store"),
        ("products.index", "Products"),
        ("activities.index", "Promotions"),
        ("budget.my_plans", "Ad plans"),
        ("growth.business", "Business"),
    ],
    Role.REVIEWER: [
        ("review.queue", "Review queue"),
        ("review.dashboard", "Dashboard"),
        ("growth.book", "Book"),
        ("growth.recall", "Recall"),
        ("growth.dashboard", "Growth"),
    ],
    Role.PLANNER: [
        ("budget.plans", "Plans"),
        ("budget.platform", "Platform plan"),
        ("budget.placements", "Placements"),
    ],
    Role.ADMIN: [
        ("admin.users", "Accounts"),
        ("review.queue", "Review queue"),
        ("review.dashboard", "Dashboard"),
        ("review.audit", "Audit trail"),
        ("admin.activities", "Promotions"),
        ("budget.plans", "Plans"),
        ("budget.placements", "Placements"),
        ("admin.outbox", "Outbox"),
        ("api.tokens", "API tokens"),
        ("growth.assignments", "Managers"),
        ("growth.book", "Books"),
        ("growth.dashboard", "Growth"),
    ],
}


def register_template_helpers(app: Flask) -> None:
    from .forms import EmptyForm

    @app.context_processor
    def navigation():
        if not current_user.is_authenticated:
            return {"nav_links": [], "logout_form": EmptyForm, "unread": 0}
        from .notifications.queries import unread_count

        return {
            "nav_links": NAVIGATION.get(current_user.role, []),
            "logout_form": EmptyForm,
            "unread": unread_count(current_user.id),
        }

    @app.template_filter("money")
    def money(value) -> str:
        return "—" if value is None else f"{value:,.2f}"

    @app.template_filter("when")
    def when(value) -> str:
        return "—" if value is None else value.strftime("%Y-%m-%d %H:%M")

    @app.template_filter("age")
    def age(value) -> str:
        """How long ago, in the unit a reviewer thinks in."""
        if value is None:
            return "—"
        from .timeutil import utcnow

        hours = (utcnow() - value).total_seconds() / 3600
        if hours < 1:
            return f"{max(int(hours * 60), 0)} min"
        return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"

    app.jinja_env.filters["zip"] = lambda left, right: zip(left, right, strict=False)

    @app.template_filter("placement_name")
    def placement_name(code: str, placements: dict) -> str:
        return placements[code].name if code in placements else code

    @app.template_filter("dictsum")
    def dictsum(value: dict) -> float:
        return sum(value.values())

    @app.template_filter("hours")
    def hours(value) -> str:
        if value is None:
            return "—"
        return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} days"

    @app.template_global()
    def page_url(page_number: int) -> str:
        args = request.args.to_dict()
        args["page"] = page_number
        # a list re-rendered by a POST (a refused bulk decision) pages through its GET view
        endpoint = g.get("list_endpoint", request.endpoint)
        return url_for(endpoint, **(request.view_args or {}), **args)


def register_commands(app: Flask) -> None:
    from .commands import (
        create_user_command,
        recompute_quality_command,
        refresh_growth_command,
        seed_demo_command,
    )
    from .jobs.worker import jobs_cli

    app.cli.add_command(jobs_cli)
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(recompute_quality_command)
    app.cli.add_command(refresh_growth_command)
