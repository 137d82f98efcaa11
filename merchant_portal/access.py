"""Who may reach what: every view declares its roles, and undeclared views refuse to start.

Two places decide access, and only two: ``roles_required`` on the route (may this kind of user
use this page at all?) and the feature's ``get_<thing>_or_404`` helper (may this user touch this
object?). Another merchant's object answers 404 so ids cannot be probed.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from flask import Flask, abort, request
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


STAFF_ROLES = (Role.REVIEWER, Role.PLANNER, Role.ADMIN)
ALL_ROLES = tuple(Role)
PUBLIC = frozenset({"anonymous", *ALL_ROLES})

# Attribute every reachable view carries; create_app refuses to start if one lacks it.
ACCESS_ATTRIBUTE = "allowed_roles"


def public(view: Callable) -> Callable:
    """Reachable by anyone, signed in or not (login, sign-up, password reset)."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def roles_required(*roles: Role) -> Callable[[Callable], Callable]:
    """Only signed-in users with one of ``roles``; others get the login page or 403."""
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        setattr(guarded, ACCESS_ATTRIBUTE, allowed)
        return guarded

    return decorator


def signed_in(view: Callable) -> Callable:
    """Any signed-in user, whatever the role (log out, change password)."""
    return roles_required(*ALL_ROLES)(view)


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
