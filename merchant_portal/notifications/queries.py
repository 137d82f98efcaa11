from flask import g, has_request_context
from sqlalchemy import bindparam, func, select

from ..extensions import db
from .models import Notification

# Built once: every page's menu shows the count, and building the statement (and its cache
# key) cost twice what running it does.
_UNREAD = (
    select(func.count())
    .select_from(Notification)
    .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
)


def unread_count(user_id: int) -> int:
    kept = g.get("_unread") if has_request_context() else None
    if kept is not None and kept[0] == user_id:
        return kept[1]
    return db.session.scalar(_UNREAD, {"user_id": user_id})


def remember_unread(user_id: int, count: int) -> None:
    """The count read with the signed-in user (one statement for the page's setup)."""
    g._unread = (user_id, count)


def forget_unread() -> None:
    """A notice read or written in this request: the menu counts again."""
    if has_request_context():
        g.pop("_unread", None)
