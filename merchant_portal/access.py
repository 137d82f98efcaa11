"""Who may reach what: every view declares its roles, and undeclared views refuse to start.

Two places decide access, and only two: ``roles_required`` on the route (may this kind of user
use this page at all?) and the feature's ``get_<thing>_or_404`` helper (may this user touch this
object?). Another merchant's object answers 404 so ids cannot be probed.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from flask import Flask, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .extensions import login_manager


class Role(StrEnum):
    MERCHANT = "merchant"
    REVIEWER = "reviewer"
    PLANNER = "planner"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            "merchant": _("Merchant"),
            "reviewer": _("Merchant-ops reviewer"),
            "planner": _("Business-ops planner"),
            "admin": _("Administrator"),
        }[self.value]


class StoreRole(StrEnum):
    """What a merchant account may do in its store: one store per account, one role in it."""

    OWNER = "owner"
    OPERATIONS = "operations"  # listings and promotions
    ADS = "ads"  # ad plans and their results
    FINANCE = "finance"  # business figures, read only

    @property
    def label(self) -> str:
        return {
            "owner": _("Owner"),
            "operations": _("Operations"),
            "ads": _("Advertising"),
            "finance": _("Finance"),
        }[self.value]


STAFF_ROLES = (Role.REVIEWER, Role.PLANNER, Role.ADMIN)
ALL_STORE_ROLES = frozenset(StoreRole)
# Who in a store does what (the route map's test lists every route against every store role).
OWNERS = frozenset({StoreRole.OWNER})  # the store's profile, documents and team
LISTING_ROLES = frozenset({StoreRole.OWNER, StoreRole.OPERATIONS})  # listings, promotions
AD_ROLES = frozenset({StoreRole.OWNER, StoreRole.ADS})  # making ad plans
# reading plans, results and business figures
FIGURE_READERS = frozenset({StoreRole.OWNER, StoreRole.ADS, StoreRole.FINANCE})
ALL_ROLES = tuple(Role)
PUBLIC = frozenset({"anonymous", *ALL_ROLES})

# Attribute every reachable view carries; create_app refuses to start if one lacks it.
ACCESS_ATTRIBUTE = "allowed_roles"
# The store roles a merchant needs for a view merchants may use at all (a frozenset of StoreRole).
STORE_ACCESS_ATTRIBUTE = "allowed_store_roles"

# The signed-in merchant's role in their store (None: in no store now), told by onboarding,
# which keeps the store teams: access sits below every feature and imports none.
_store_role_of_current_user: Callable[[], StoreRole | None] = lambda: None  # noqa: E731


def find_store_role_with(finder: Callable[[], StoreRole | None]) -> None:
    global _store_role_of_current_user
    _store_role_of_current_user = finder


def current_store_role() -> StoreRole | None:
    return _store_role_of_current_user()


def reaches(view: Callable, role: Role, store_role: StoreRole | None) -> bool:
    """May someone of ``role`` (and, a merchant, ``store_role`` in their store) open ``view``?
    What ``roles_required`` lets through, asked of the roles rather than of the request."""
    if role not in getattr(view, ACCESS_ATTRIBUTE, ()):
        return False
    if role != Role.MERCHANT:
        return True
    allowed = getattr(view, STORE_ACCESS_ATTRIBUTE, ALL_STORE_ROLES)
    return allowed == ALL_STORE_ROLES or store_role in allowed


def public(view: Callable) -> Callable:
    """Reachable by anyone, signed in or not (login, sign-up, password reset)."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def roles_required(
    *roles: Role, store: frozenset[StoreRole] | tuple[StoreRole, ...] | None = None
) -> Callable[[Callable], Callable]:
    """Only signed-in users with one of ``roles``; others get the login page or 403. A view
    merchants may use names the store roles it serves (``store``): a merchant in another role
    gets 403, one no longer in any store the page saying so."""
    allowed = frozenset(roles)
    if Role.MERCHANT in allowed and store is None:
        raise TypeError("a view merchants may use says which store roles: store=(StoreRole…)")
    store_allowed = frozenset(store or ())

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            if current_user.role == Role.MERCHANT and store_allowed != ALL_STORE_ROLES:
                store_role = current_store_role()
                if store_role is None:
                    return redirect(url_for("team.no_store"))
                if store_role not in store_allowed:
                    abort(403)
            return view(*args, **kwargs)

        setattr(guarded, ACCESS_ATTRIBUTE, allowed)
        if Role.MERCHANT in allowed:
            setattr(guarded, STORE_ACCESS_ATTRIBUTE, store_allowed)
        return guarded

    return decorator


def signed_in(view: Callable) -> Callable:
    """Any signed-in user, whatever the role (log out, change password)."""
    return roles_required(*ALL_ROLES, store=ALL_STORE_ROLES)(view)


def undeclared_endpoints(app: Flask) -> list[str]:
    return sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, ACCESS_ATTRIBUTE)
    )


def check_every_route_is_declared(app: Flask) -> None:
    missing = undeclared_endpoints(app)
    if missing:
        raise RuntimeError(
            "These routes do not say who may reach them (use @public, @signed_in or "
            f"@roles_required): {', '.join(missing)}"
        )


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and not request.headers.get("HX-Request")
