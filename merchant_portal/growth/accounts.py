"""Admins assign merchants to account managers and set their monthly GMV targets."""

from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from ..access import Role
from ..audit import audit
from ..auth.models import User
from ..extensions import db
from ..numbers import parse_int
from ..onboarding.store.models import Store
from ..timeutil import utcnow
from ..transitions import write_lock_first
from .models import MerchantAccount
from .notebook.handover import hand_over_tasks


def managers() -> list[User]:
    """Merchant-ops staff (the reviewer role) who can own a book."""
    return list(
        db.session.scalars(
            select(User).where(User.role == Role.REVIEWER, User.active).order_by(User.email)
        )
    )


def former_managers() -> list[User]:
    """Deactivated merchant-ops staff who still own a book: it is to be handed over."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role == Role.REVIEWER,
                ~User.active,
                User.id.in_(select(MerchantAccount.manager_id)),
            )
            .order_by(User.email)
        )
    )


def manager_or_none(raw: str | None, *, active: bool = False) -> User | None:
    """The reviewer ``raw`` names; with ``active``, only one who can still take merchants."""
    user_id = parse_int(raw, 1)
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.REVIEWER or (active and not user.active):
        return None
    return user


def managed_by(manager_id: int | None) -> ColumnElement[bool]:
    """Stores in ``manager_id``'s book; ``None``: the unmanaged, nobody's or a deactivated
    person's (their stores showed "—" as manager but were not listed as unmanaged)."""
    if manager_id is not None:
        return MerchantAccount.manager_id == manager_id
    return or_(
        MerchantAccount.manager_id.is_(None),
        MerchantAccount.manager_id.in_(select(User.id).where(~User.active)),
    )


def book_size(manager_id: int) -> int:
    return db.session.scalar(select(func.count()).where(MerchantAccount.manager_id == manager_id))


def assign(
    store_ids: list[int],
    manager: User | None,
    target: Decimal | None,
    admin: User,
    *,
    unassign: bool = False,
) -> int:
    """Every ticked store to ``manager``, one audit event each.

    ``manager=None`` keeps each store's manager (only the target changes) unless ``unassign``
    says to take it away: a field left alone changes nothing.
    """
    stores = set(db.session.scalars(select(Store.id).where(Store.id.in_(store_ids))))
    if not stores:
        return 0
    # Each store's row made if missing, by the database: two admins assigning a store never
    # assigned before both inserted it and the second got a 500 (its primary key taken). Then
    # the rows are locked in store order, so the second assignment waits and reads the first.
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(MerchantAccount)
        .values([{"store_id": store_id, "updated_at": utcnow()} for store_id in sorted(stores)])
        .on_conflict_do_nothing(index_elements=["store_id"])
    )
    accounts = {
        a.store_id: a
        for a in db.session.scalars(
            select(MerchantAccount)
            .where(MerchantAccount.store_id.in_(stores))
            .order_by(MerchantAccount.store_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    moves = {}
    for store_id in sorted(stores):
        account = accounts[store_id]
        before = account.manager_id
        if manager is not None or unassign:
            account.manager_id = manager.id if manager else None
        detail = {"from_manager": before, "to_manager": account.manager_id}
        if target is not None:
            detail["target"] = str(target)
            detail["previous_target"] = str(account.monthly_gmv_target)
            account.monthly_gmv_target = target
        audit(admin.id, "store", store_id, "assign_manager", detail=detail)
        moves[store_id] = (before, account.manager_id)
    hand_over_tasks(moves, admin.id)  # reminders follow the book
    return len(stores)


def move_book(source: User, destination: User, admin: User) -> int:
    # Locked: the same move pressed twice at once waits here, then finds the book empty
    # (PostgreSQL re-reads a locked row's condition), instead of moving and auditing it twice.
    write_lock_first(MerchantAccount)
    ids = list(
        db.session.scalars(
            select(MerchantAccount.store_id)
            .where(MerchantAccount.manager_id == source.id)
            .order_by(MerchantAccount.store_id)
            .with_for_update()
        )
    )
    return assign(ids, destination, None, admin)
