"""Between the password and the code: who passed the first step, kept in the signed session
for a few minutes, so the code page needs no account id in its address."""

import time

from flask import session

from .loader import load_user

PENDING = "second_factor_pending"
PENDING_SECONDS = 5 * 60


def ask_for_second_factor(user, remember: bool, next_url: str | None) -> None:
    session[PENDING] = {"user": user.get_id(), "remember": bool(remember), "next": next_url,
                        "until": time.time() + PENDING_SECONDS}  # fmt: skip


def pending_user():
    """(user, what they asked for) or (None, None) when nothing waits or it lapsed; a password
    changed since makes the session token differ, so the step lapses too."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("until"), int | float):
        return None, None
    if pending["until"] < time.time():
        return None, None
    user = load_user(str(pending.get("user", "")))
    return (user, pending) if user is not None else (None, None)


def forget_pending() -> None:
    session.pop(PENDING, None)
