"""The merchant portal: a Flask app guiding marketplace merchants from sign-up to selling."""

from collections.abc import Mapping
from typing import Any

from babel.dates import get_timezone_name
from flask import Flask, g, request, url_for
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_time,
    get_locale,
    get_timezone,
    ngettext,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from .access import (
    Role,
    StoreRole,
    check_every_route_is_declared,
    current_store_role,
    reaches,
)
from .config import INSTANCE_DIR, PROFILES, PROJECT_ROOT, profile_from_environment
from .extensions import csrf, db, limiter, login_manager, migrate
from .i18n import name_order
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
    check_rate_limit_storage(app)
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
    from .mail.console import show_mail_in_console

    show_mail_in_console(app)
    check_every_route_is_declared(app)
    from .auth.secret_box import check_key

    check_key(app.config.get("TOTP_ENCRYPTION_KEY"))  # staff second factors are kept with it
    return app


def check_rate_limit_storage(app: Flask) -> None:
    """In memory, each worker counts failed log-ins on its own: with four gunicorn workers a
    guesser gets four times the attempts. Production keeps the counts in Redis (or another
    shared store) unless it says it runs one process (RATELIMIT_ONE_PROCESS=1, which
    gunicorn.conf.py holds to one worker)."""
    if app.config["ENV_NAME"] != "production":
        return
    shared = not app.config["RATELIMIT_STORAGE_URI"].startswith("memory://")
    if not shared and not app.config.get("RATELIMIT_ONE_PROCESS"):
        raise RuntimeError(
            "RATELIMIT_STORAGE_URI is memory://, which counts per worker process: set it to "
            "redis://host:6379/0, or RATELIMIT_ONE_PROCESS=1 when only one worker runs."
        )


def register_extensions(app: Flask) -> None:
    from . import column_limits, models  # noqa: F401  (every table; text held to its column)

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has one writer: a page waits for a long write (a platform run's shares, an
        # import) up to 30 s, where sqlite3's 5 s default answered "database is locked"
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"timeout": 30, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(PROJECT_ROOT / "migrations"), include_object=name_order.compared
    )
    csrf.init_app(app)
    limiter.init_app(app)
    from .html_attributes import write_attributes_quickly

    write_attributes_quickly()

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    from .auth.loader import unauthorized
    from .onboarding.team.signed_in import load_signed_in

    login_manager.user_loader(load_signed_in)
    login_manager.unauthorized_handler(unauthorized)

    from .jobs.queue import configure

    configure(app)

    from .i18n import init_babel

    init_babel(app)


def register_blueprints(app: Flask) -> None:
    """Each feature's package holds its blueprint; its ``register`` imports the views that put
    the routes on it."""
    from . import (
        admin,
        api,
        audit,
        auth,
        budget,
        growth,
        i18n,
        jobs,
        notifications,
        onboarding,
        review_desk,
        sales,
    )
    from .onboarding import activities, products, store, team

    features = (auth, onboarding, store, products, activities, team, notifications, review_desk)
    features += (budget,)
    features += (admin, jobs, sales, api, growth, i18n, audit)
    for feature in features:
        feature.register(app)


NAVIGATION = {
    Role.MERCHANT: [
        ("onboarding.checklist", _l("Onboarding")),
        ("store.profile", _l("Store")),
        ("products.index", _l("Products")),
        ("activities.index", _l("Promotions")),
        ("budget.my_plans", _l("Ad plans")),
        ("growth.business", _l("Business")),
        ("team.members_page", _l("Team")),
    ],
    Role.REVIEWER: [
        ("review.queue", _l("Review queue")),
        ("review.dashboard", _l("Dashboard")),
        ("growth.book", _l("Book")),
        ("growth.recall", _l("Recall")),
        ("growth.dashboard", _l("Growth")),
        ("admin.health_line", _l("Health line")),
        ("sales.import_sales", _l("Import sales")),
    ],
    Role.PLANNER: [
        ("budget.plans", _l("Plans")),
        ("budget.platform", _l("Platform plan")),
        ("budget.curves", _l("Curves")),
        ("budget.placements", _l("Placements")),
    ],
    Role.ADMIN: [
        ("admin.users", _l("Accounts")),
        ("review.queue", _l("Review queue")),
        ("review.dashboard", _l("Dashboard")),
        ("audit.trail", _l("Audit trail")),
        ("admin.activities", _l("Promotions")),
        ("admin.ad_terms", _l("Ad Law terms")),
        ("admin.categories", _l("Categories")),
        ("review.rules", _l("Trust rules")),
        ("budget.plans", _l("Plans")),
        ("budget.platform", _l("Platform plan")),
        ("budget.curves", _l("Curves")),
        ("budget.placements", _l("Placements")),
        ("admin.outbox", _l("Outbox")),
        ("api.tokens", _l("API tokens")),
        ("growth.assignments", _l("Managers")),
        ("growth.book", _l("Books")),
        ("growth.dashboard", _l("Growth")),
        ("admin.health_line", _l("Health line")),
        ("sales.import_sales", _l("Import sales")),
    ],
}


def register_template_helpers(app: Flask) -> None:
    from . import i18n as words
    from .forms import EmptyForm
    from .i18n import LANGUAGES

    # Menus depend on the role and store role only, and the routes' roles are fixed once the
    # app is built: each menu, with its addresses, is worked out once per place the portal is
    # served under (seven checks of the signed-in user and seven url_for on every page were
    # about a fifth of the portal's per-request floor).
    menus: dict[tuple[Role, StoreRole | None, str], list] = {}

    def menu(role: Role, store_role: StoreRole | None) -> list:
        key = (role, store_role, request.script_root)
        links = menus.get(key)
        if links is None:
            links = menus[key] = [
                (endpoint, url_for(endpoint), label)
                for endpoint, label in NAVIGATION.get(role, [])
                if reaches(app.view_functions[endpoint], role, store_role)
            ]
        return links

    @app.template_global()
    def may(endpoint: str) -> bool:
        """May the signed-in person open ``endpoint``? Menus and buttons show only what the
        role (and, for a merchant, the store role) reaches."""
        store_role = current_store_role() if current_user.is_merchant else None
        return reaches(app.view_functions[endpoint], current_user.role, store_role)

    def _logout_form():
        return EmptyForm(formdata=None)

    @app.context_processor
    def navigation():
        shared = {
            # rendered, never read from this request: reading it again for a body over the
            # size limit raised once more while its 413 page was drawn (a 500)
            "logout_form": _logout_form,
            "languages": LANGUAGES,
            "current_locale": str(get_locale()),
        }
        user = current_user._get_current_object()
        if not user.is_authenticated:
            return {"nav_links": [], "unread": 0, **shared}
        from .notifications.queries import unread_count

        # a colleague (not an owner) may leave the store from any page
        store_role = current_store_role() if user.is_merchant else None
        return {
            "nav_links": menu(user.role, store_role),
            "unread": unread_count(user.id),
            "store_role": store_role,
            **shared,
        }

    # Amounts, numbers and times in the reader's locale (Babel's CLDR data); times are stored
    # in UTC and shown in the site's TIMEZONE.
    @app.template_filter("money")
    def money(value) -> str:
        return "—" if value is None else words.money(value)

    @app.template_filter("money_change")
    def money_change(value) -> str:
        """A difference of amounts, signed: +CN¥900.00, -CN¥900.00, CN¥0.00, in one piece (a
        line may break between a sign and "¥": "+" stood on one line and "¥1,469.92" on the
        next)."""
        if value is None:
            return "—"
        # a change of a fraction of a cent is no change: it read "-¥0.00" beside equal amounts
        value = round(value, 2) or 0
        # no change has no sign: "+¥0.00" read as a rise that was not there
        signed = ("+" if value > 0 else "") + money(value)
        return Markup('<span class="amount">%s</span>') % signed

    @app.template_filter("number")
    def number(value, places: int = 0) -> str:
        if value is None:
            return "—"
        return format_decimal(value, format="#,##0" + ("." + "0" * places if places else ""))

    @app.template_filter("percent")
    def percent(value, places: int = 0) -> str:
        """``value`` in percent already (37 for 37%), as the portal's scores and shares are."""
        if value is None:
            return "—"
        return format_decimal(value, format="#,##0" + ("." + "0" * places if places else "")) + "%"

    @app.template_filter("when")
    def when(value) -> str:
        return "—" if value is None else format_datetime(value, "yyyy-MM-dd HH:mm")

    @app.template_filter("day")
    def day(value) -> str:
        """A date as the reader writes it (1 Dec 2026, 2026年12月1日)."""
        return "—" if value is None else format_date(value, "medium")

    @app.template_filter("moment")
    def moment(value) -> str:
        """A date and time as the reader writes it, in the site's time zone, to the minute
        (promotions start on the minute: "10:00:00" read as noise)."""
        if value is None:
            return "—"
        return _(
            "%(date)s %(time)s", date=format_date(value, "medium"), time=format_time(value, "short")
        )

    @app.template_filter("age")
    def age(value) -> str:
        """How long ago, in the unit a reviewer thinks in."""
        if value is None:
            return "—"
        from .timeutil import utcnow

        hours = (utcnow() - value).total_seconds() / 3600
        if hours < 1:
            minutes = max(int(hours * 60), 0)
            return ngettext("%(num)d min", "%(num)d min", minutes)
        if hours < 48:
            return ngettext("%(num)d h", "%(num)d h", round(hours))
        return ngettext("%(num)d day", "%(num)d days", round(hours / 24))

    @app.template_global()
    def timezone_name() -> str:
        """The site's time zone as the reader names it (中国时间, China Time)."""
        return get_timezone_name(get_timezone(), locale=get_locale())

    from .onboarding.catalog import (
        attribute_label,
        attribute_value,
        category_label,
        category_path,
        category_problem,
    )
    from .onboarding.categories.tree import split_many

    app.jinja_env.filters["category_label"] = category_label
    app.jinja_env.filters["category_path"] = category_path
    app.jinja_env.filters["category_problem"] = category_problem
    app.jinja_env.filters["attribute_label"] = attribute_label
    app.jinja_env.filters["attribute_value"] = attribute_value
    app.jinja_env.filters["split_many"] = split_many

    app.jinja_env.filters["zip"] = lambda left, right: zip(left, right, strict=False)

    @app.template_filter("placement_name")
    def placement_name(code: str, placements: dict) -> str:
        return placements[code].label if code in placements else code

    @app.template_filter("dictsum")
    def dictsum(value: dict) -> float:
        return sum(value.values())

    @app.template_filter("hours")
    def hours(value) -> str:
        if value is None:
            return "—"
        if value < 48:
            return _("%(hours)s h", hours=format_decimal(value, format="0.0"))
        return _("%(days)s days", days=format_decimal(value / 24, format="0.0"))

    @app.template_global()
    def page_url(page_number: int, param: str = "page") -> str:
        args = request.args.to_dict()
        args[param] = page_number
        # a list re-rendered by a POST (a refused bulk decision) pages through its GET view
        endpoint = g.get("list_endpoint", request.endpoint)
        return url_for(endpoint, **(request.view_args or {}), **args)


def register_commands(app: Flask) -> None:
    from .commands import (
        check_documents_command,
        create_user_command,
        load_categories_command,
        recompute_quality_command,
        refresh_growth_command,
        seed_demo_command,
        snapshot_health_command,
    )
    from .jobs.worker import jobs_cli

    app.cli.add_command(jobs_cli)
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(load_categories_command)
    app.cli.add_command(recompute_quality_command)
    app.cli.add_command(refresh_growth_command)
    app.cli.add_command(snapshot_health_command)
    app.cli.add_command(check_documents_command)
