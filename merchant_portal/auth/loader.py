"""How Flask-Login finds the user behind a session cookie, and what anonymous users get."""

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from ..access import wants_json
from ..extensions import db
from ..numbers import parse_int
from .models import User


def read_alternative_id(alternative_id: str) -> tuple[int | None, str]:
    """(user id, session token) of a session's "<id>:<token>"; None for an id that is none."""
    user_id, _, session_token = alternative_id.partition(":")
    return parse_int(user_id, 1), session_token


def still_signed_in(user: User | None, session_token: str) -> bool:
    """Active, and the session not ended since (a password change ends every session)."""
    return user is not None and user.active and user.session_token == session_token


def load_user(alternative_id: str) -> User | None:
    number, session_token = read_alternative_id(alternative_id)
    if number is None:
        return None
    user = db.session.get(User, number)
    return user if still_signed_in(user, session_token) else None


def page_to_return_to() -> str | None:
    """Where to come back after logging in: the page the person was on. An htmx call (the
    live quality score, a poll) or a form posted after the session ended names an address
    that answers only that call: opened after logging in, it was a "Not allowed" page."""
    from urllib.parse import urlsplit

    if request.method == "GET" and not request.headers.get("HX-Request"):
        return request.full_path.rstrip("?")
    shown = urlsplit(request.headers.get("HX-Current-URL") or request.referrer or "")
    if shown.netloc != request.host or not shown.path.startswith("/"):
        return None
    return shown.path + (f"?{shown.query}" if shown.query else "")


def unauthorized():
    login_url = url_for("auth.login", next=page_to_return_to())
    if request.headers.get("HX-Request"):
        return "", 401, {"HX-Redirect": login_url}
    if wants_json():
        return jsonify(error=_("Log in first")), 401
    flash(_("Log in to open that page."), "info")
    return redirect(login_url)
