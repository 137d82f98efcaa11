"""Admins assign merchants to account managers and set their monthly GMV targets."""

from decimal import Decimal

from sqlalchemy import select

from ..access import Role
from ..audit import audit
from ..auth.models import User
from ..extensions import db
from ..numbers import parse_int
from ..onboarding.store.models import Store
from .models import MerchantAccount


def managers() -> list[User]:
    """Merchant-ops staff (the reviewer role) who can own a book."""
    return list(
        db.session.scalars(
            select(User).where(User.role == Role.REVIEWER, User.active).order_by(User.email)
        )
    )


def manager_or_none(raw: str | None) -> User | None:
    user_id = parse_int(raw, 1)
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.role == Role.REVIEWER else None


def assign(store_ids: list[int], manager: User | None, target: Decimal | None, admin: User) -> int:
    """Every ticked store to ``manager`` (``None``: unassign), one audit event each."""
    stores = set(db.session.scalars(select(Store.id).where(Store.id.in_(store_ids))))
    accounts = {
        a.store_id: a
        for a in db.session.scalars(
            select(MerchantAccount).where(MerchantAccount.store_id.in_(stores))
        )
    }
    for store_id in sorted(stores):
        account = accounts.get(store_id) or MerchantAccount(store_id=store_id)
        db.session.add(account)
        before = account.manager_id
        account.manager_id = manager.id if manager else None
        detail = {"from_manager": before, "to_manager": account.manager_id}
        if target is not None:
            detail["target"] = str(target)
            detail["previous_target"] = str(account.monthly_gmv_target)
            account.monthly_gmv_target = target
        audit(admin.id, "store", store_id, "assign_manager", detail=detail)
    return len(stores)


def move_book(source: User, destination: User, admin: User) -> int:
    ids = list(
        db.session.scalars(
            select(MerchantAccount.store_id).where(MerchantAccount.manager_id == source.id)
        )
    )
    return assign(ids, destination, None, admin)
