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
    return db.session.scalar(_UNREAD, {"user_id": user_id})
