"""The signed-in merchant's place in a store, read once per request."""

from flask import g
from flask_login import current_user
from sqlalchemy import bindparam, func, select

from ...access import StoreRole
from ...auth.models import User
from ...extensions import db
from ...timeutil import utcnow
from ..store.models import Store
from .models import StoreInvitation, StoreMember

_NOT_READ = object()
# built once: every merchant's page asks (see notifications.queries._UNREAD)
_MEMBERSHIP = (
    select(StoreMember.role, Store)
    .join(Store, Store.id == StoreMember.store_id)
    .where(StoreMember.user_id == bindparam("user_id"))
)


def my_membership() -> tuple[StoreRole, Store] | None:
    """(role, store) of the signed-in merchant, or None outside any store; one query, kept for
    the request (the access check, the menu and the page all ask)."""
    found = g.get("_store_membership", _NOT_READ)
    if found is _NOT_READ:
        if not current_user.is_authenticated or not current_user.is_merchant:
            found = None
        else:
            row = db.session.execute(_MEMBERSHIP, {"user_id": current_user.id}).first()
            found = (row[0], row[1]) if row else None
        g._store_membership = found
    return found


def remember_membership(found: tuple[StoreRole, Store] | None) -> None:
    """The membership read with the signed-in user (``signed_in``), kept for the request."""
    g._store_membership = found


def my_store_role() -> StoreRole | None:
    found = my_membership()
    return found[0] if found else None


def my_store_id() -> int | None:
    found = my_membership()
    return found[1].id if found else None


def own_store_ids():
    """The signed-in merchant's store id, as a subquery for the objects a query reaches."""
    return (
        select(StoreMember.store_id).where(StoreMember.user_id == current_user.id).scalar_subquery()
    )


def members(store_id: int) -> list[tuple[StoreMember, User]]:
    return list(
        db.session.execute(
            select(StoreMember, User)
            .join(User, User.id == StoreMember.user_id)
            .where(StoreMember.store_id == store_id)
            .order_by(StoreMember.joined_at, StoreMember.id)
        ).all()
    )


def pending_invitations(store_id: int) -> list[StoreInvitation]:
    return list(
        db.session.scalars(
            select(StoreInvitation)
            .where(
                StoreInvitation.store_id == store_id,
                StoreInvitation.accepted_at.is_(None),
                StoreInvitation.revoked_at.is_(None),
                StoreInvitation.expires_at > utcnow(),
            )
            .order_by(StoreInvitation.created_at.desc())
        )
    )


def owner_count(store_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(StoreMember)
        .where(StoreMember.store_id == store_id, StoreMember.role == StoreRole.OWNER)
    )
