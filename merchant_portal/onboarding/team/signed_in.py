"""The person behind a session cookie, their place in a store and their unread count, in one
statement a request: every page asked the three apart, a third of a page's own set-up work."""

from sqlalchemy import bindparam, func, select

from ...auth.loader import read_alternative_id, still_signed_in
from ...auth.models import User
from ...extensions import db
from ...notifications.models import Notification
from ...notifications.queries import remember_unread
from ..store.models import Store
from .models import StoreMember
from .queries import remember_membership

_UNREAD = (
    select(func.count())
    .where(Notification.user_id == User.id, Notification.read_at.is_(None))
    .correlate(User)
    .scalar_subquery()
)
# built once, as every page's statements are (see notifications.queries)
_SIGNED_IN = (
    select(User, StoreMember.role, Store, _UNREAD)
    .outerjoin(StoreMember, StoreMember.user_id == User.id)  # one store a person at most
    .outerjoin(Store, Store.id == StoreMember.store_id)
    .where(User.id == bindparam("user_id"))
)


def load_signed_in(alternative_id: str) -> User | None:
    """Flask-Login's user loader: the user, with the store membership and the unread count
    kept for the request (the access check, the menu and the page read them)."""
    number, session_token = read_alternative_id(alternative_id)
    if number is None:
        return None
    row = db.session.execute(_SIGNED_IN, {"user_id": number}).first()
    if row is None or not still_signed_in(row[0], session_token):
        return None
    user, role, store, unread = row
    if user.is_merchant:
        remember_membership((role, store) if role is not None else None)
    remember_unread(user.id, unread)
    return user
