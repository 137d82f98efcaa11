"""Writing sales: one upsert per batch, held by the database, and the rollups it touched."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Insert, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..onboarding.store.models import Store
from ..timeutil import utcnow
from .models import DailySale, ProductWeek, StoreDay, StoreWeek, week_of
from .rows import SaleRow

TOTALS = ("visitors", "orders", "units", "gmv", "refunds")


def _insert(model) -> Insert:
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def _replace(statement, keys: list[str], columns: Iterable[str]):
    return statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in columns}
    )


def upsert_sales(rows: list[SaleRow]) -> int:
    """Stores ``rows`` (a re-sent product and day replaces the earlier figures) and rewrites
    the rollups for the days and weeks they touch. The caller commits."""
    if not rows:
        return 0
    store_ids = sorted({row.store_id for row in rows})
    # Batches for the same store take turns: the rollups below are recomputed from the raw
    # rows, which must include the other batch's once it has committed (READ COMMITTED gives
    # each statement after the lock a fresh view). Locked in id order so two batches never
    # wait on each other in a cycle. SQLite has one writer at a time anyway.
    db.session.execute(
        select(Store.id).where(Store.id.in_(store_ids)).order_by(Store.id).with_for_update()
    )
    now = utcnow()
    statement = _insert(DailySale).values(
        [
            {
                "product_id": row.product_id,
                "store_id": row.store_id,
                "day": row.day,
                "week": week_of(row.day),
                "visitors": row.visitors,
                "orders": row.orders,
                "units": row.units,
                "gmv": row.gmv,
                "refunds": row.refunds,
                "updated_at": now,
            }
            for row in rows
        ]
    )
    db.session.execute(
        _replace(statement, ["product_id", "day"], (*TOTALS, "store_id", "week", "updated_at"))
    )
    days = sorted({row.day for row in rows})
    weeks = sorted({week_of(day) for day in days})
    products = sorted({row.product_id for row in rows})
    refresh_rollups(store_ids, days, weeks, products)
    return len(rows)


def _sums(model):
    return [func.sum(getattr(model, name)).label(name) for name in TOTALS]


def refresh_rollups(
    store_ids: list[int], days: list[date], weeks: list[date], product_ids: list[int]
) -> None:
    """Recomputes the rollup rows for these stores' days and weeks and these products' weeks
    from the rows beneath them (three statements, whatever the batch size)."""
    by_day = (
        select(DailySale.store_id, DailySale.day, func.min(DailySale.week), *_sums(DailySale))
        .where(DailySale.store_id.in_(store_ids), DailySale.day.in_(days))
        .group_by(DailySale.store_id, DailySale.day)
    )
    columns = ["store_id", "day", "week", *TOTALS]
    db.session.execute(
        _replace(_insert(StoreDay).from_select(columns, by_day), ["store_id", "day"], TOTALS)
    )
    by_week = (
        select(StoreDay.store_id, StoreDay.week, *_sums(StoreDay))
        .where(StoreDay.store_id.in_(store_ids), StoreDay.week.in_(weeks))
        .group_by(StoreDay.store_id, StoreDay.week)
    )
    columns = ["store_id", "week", *TOTALS]
    db.session.execute(
        _replace(_insert(StoreWeek).from_select(columns, by_week), ["store_id", "week"], TOTALS)
    )
    product_weeks = (
        select(
            DailySale.product_id, DailySale.week, func.min(DailySale.store_id), *_sums(DailySale)
        )
        .where(DailySale.product_id.in_(product_ids), DailySale.week.in_(weeks))
        .group_by(DailySale.product_id, DailySale.week)
    )
    columns = ["product_id", "week", "store_id", *TOTALS]
    db.session.execute(
        _replace(
            _insert(ProductWeek).from_select(columns, product_weeks),
            ["product_id", "week"],
            ("store_id", *TOTALS),
        )
    )
