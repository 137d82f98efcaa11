"""Signed, expiring password-reset tokens.

The token carries the account's session token, which every password change replaces: a link
works once, and an old link dies as soon as the password changes.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db
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
    user = db.session.get(User, payload.get("user"))
    if user is None or not user.active or user.session_token != payload.get("session"):
        return None
    return user
