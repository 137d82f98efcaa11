from datetime import date
from decimal import Decimal

from sqlalchemy import select

from merchant_portal.api.tokens import issue_token
from merchant_portal.extensions import db
from merchant_portal.sales.models import StoreDay, StoreWeek


def sale(product_id: int, day: date, gmv: str = "100.00", orders: int = 4, **fields) -> dict:
    row = {"product_id": product_id, "day": day.isoformat(), "visitors": 80, "orders": orders,
           "units": orders, "gmv": gmv}  # fmt: skip
    row.update(fields)
    return row


def bearer(admin, scopes=("sales:write",)) -> dict:
    _, secret = issue_token("test sender", list(scopes), admin)
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def store_gmv(store_id: int, day: date) -> Decimal | None:
    db.session.expire_all()
    return db.session.scalar(
        select(StoreDay.gmv).where(StoreDay.store_id == store_id, StoreDay.day == day)
    )


def week_gmv(store_id: int, week: date) -> Decimal | None:
    return db.session.scalar(
        select(StoreWeek.gmv).where(StoreWeek.store_id == store_id, StoreWeek.week == week)
    )
