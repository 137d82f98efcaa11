"""Daily sales per product, and the rollups every page reads instead of the raw rows.

``daily_sales`` grows fastest (a row per product and day). Pages never scan it: the upsert that
writes a batch also rewrites the per-store day and week rollups and the per-product week rollup
for exactly the days and weeks the batch touched, in the same transaction.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

MONEY = sa.Numeric(14, 2)


def week_of(day: date) -> date:
    """The Monday starting ``day``'s week: weeks are the unit of every trend."""
    return day - timedelta(days=day.weekday())


class DailySale(db.Model):
    """What one product sold on one day, as the marketplace reported it (last report wins)."""

    __tablename__ = "daily_sales"
    __table_args__ = (
        # one row per product and day: a re-sent day replaces, the database holds it
        sa.UniqueConstraint("product_id", "day", name="uq_daily_sales_product_day"),
        sa.Index("ix_daily_sales_store_day", "store_id", "day"),
    )

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"))
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    day: Mapped[date]
    week: Mapped[date]  # week_of(day), kept so rollups group without date arithmetic in SQL
    visitors: Mapped[int] = mapped_column(default=0)
    orders: Mapped[int] = mapped_column(default=0)
    units: Mapped[int] = mapped_column(default=0)
    gmv: Mapped[Decimal] = mapped_column(MONEY)
    refunds: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class _Totals:
    visitors: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    orders: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    units: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    gmv: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    refunds: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))


class StoreDay(_Totals, db.Model):
    """A store's totals for one day (rollup of daily_sales)."""

    __tablename__ = "store_days"

    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    week: Mapped[date]


class StoreWeek(_Totals, db.Model):
    """A store's totals for one week starting Monday (rollup of store_days)."""

    __tablename__ = "store_weeks"

    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), primary_key=True)
    week: Mapped[date] = mapped_column(primary_key=True)
    # a row per week per store: the dashboard and book read recent weeks of every store
    __table_args__ = (sa.Index("ix_store_weeks_week", "week"),)


class ProductWeek(_Totals, db.Model):
    """A product's totals for one week (rollup of daily_sales): best and worst products."""

    __tablename__ = "product_weeks"
    __table_args__ = (sa.Index("ix_product_weeks_store_week", "store_id", "week"),)

    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"), primary_key=True)
    week: Mapped[date] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
