"""Signed, expiring password-reset tokens.

The token carries the account's session token, which every password change replaces: a link
works once, and an old link dies as soon as the password changes.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db
from ..numbers import parse_int
from .models import User

SALT = "password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "session": user.session_token})


def user_for_reset_token(token: str) -> User | None:
    try:
        payload = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except BadSignature:  # also covers SignatureExpired
        return None
    if not isinstance(payload, dict):
        return None
    # signed does not mean sane: a token made with a leaked or development key may carry any
    # JSON as the id, and one past the column's range was a 500 instead of "invalid link"
    user_id = parse_int(payload.get("user"), minimum=1)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or user.session_token != payload.get("session"):
        return None
    return user


SIGNUP_SALT = "signup"


def make_signup_token(email: str, store_name: str) -> str:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SIGNUP_SALT).dumps(
        {"email": email, "store": store_name}
    )


def signup_for_token(token: str) -> tuple[str, str] | None:
    """(email, store name) of a sign-up link still valid, else None."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SIGNUP_SALT)
    try:
        payload = serializer.loads(token, max_age=current_app.config["SIGNUP_LINK_MAX_AGE"])
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    email, store = payload.get("email"), payload.get("store")
    if not isinstance(email, str) or not isinstance(store, str):
        return None
    return email, store
