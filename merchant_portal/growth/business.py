"""Reads for one store's business page, each from a rollup and each one statement."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from flask import current_app
from sqlalchemy import and_, bindparam, func, select

from ..budget.models import PerformanceRecord, Placement
from ..extensions import db
from ..i18n import reading_chinese
from ..market_day_sql import market_date, market_offset_minutes
from ..onboarding.activities.models import Activity, ActivityRegistration
from ..onboarding.products.models import Product
from ..sales.models import ProductWeek, StoreDay, StoreWeek, week_of
from ..timeutil import from_market_time, market_day
from ..workflow.reviewable import ReviewStatus
from .history import histories
from .lifecycle import Lifecycle, LifecycleSettings, lifecycle

TREND_WEEKS = 16
PRODUCT_WEEKS = 4
BEFORE_PROMOTION_DAYS = 28


def settings() -> LifecycleSettings:
    return LifecycleSettings.from_config(current_app.config)


def stage_of(store_id: int, today: date) -> Lifecycle:
    return lifecycle(histories([store_id], today, settings())[store_id], settings())


@dataclass(frozen=True)
class Totals:
    visitors: int
    orders: int
    gmv: Decimal
    refunds: Decimal

    @property
    def conversion(self) -> float | None:
        return self.orders / self.visitors if self.visitors else None

    @property
    def aov(self) -> Decimal | None:
        return (self.gmv / self.orders).quantize(Decimal("0.01")) if self.orders else None


# The page's statements are built once, with parameters (see history._statements): the
# business page is every merchant's first page. Its reads of plain columns run on the
# connection (Core), without the ORM's per-statement setup, as history's do: GET pages that
# change nothing before reading.
@cache
def _last_days_statement():
    recent = StoreDay.day >= bindparam("start")

    def total(column, when):
        return func.coalesce(func.sum(column).filter(when), 0)

    columns = (StoreDay.visitors, StoreDay.orders, StoreDay.gmv, StoreDay.refunds)
    return select(
        *(total(c, recent) for c in columns), *(total(c, ~recent) for c in columns)
    ).where(
        StoreDay.store_id == bindparam("store_id"),
        StoreDay.day >= bindparam("before"),
        StoreDay.day < bindparam("today"),
    )


def last_days(store_id: int, today: date, days: int = 30) -> tuple[Totals, Totals]:
    """The last ``days`` days (to yesterday) and the ``days`` before them."""
    start = today - timedelta(days=days)
    row = (
        db.session.connection()
        .execute(
            _last_days_statement(),
            {
                "store_id": store_id,
                "start": start,
                "before": start - timedelta(days=days),
                "today": today,
            },
        )
        .one()
    )
    return Totals(int(row[0]), int(row[1]), Decimal(row[2]), Decimal(row[3])), Totals(
        int(row[4]), int(row[5]), Decimal(row[6]), Decimal(row[7])
    )


@dataclass(frozen=True)
class Week:
    week: date
    totals: Totals


@cache
def _weekly_statement():
    return select(
        StoreWeek.week, StoreWeek.visitors, StoreWeek.orders, StoreWeek.gmv, StoreWeek.refunds
    ).where(
        StoreWeek.store_id == bindparam("store_id"),
        StoreWeek.week >= bindparam("first"),
        StoreWeek.week < bindparam("this_week"),
    )


def weekly_trend(store_id: int, today: date) -> list[Week]:
    """The last TREND_WEEKS complete weeks, weeks without sales shown as zero."""
    this_week = week_of(today)
    first = this_week - timedelta(weeks=TREND_WEEKS)
    rows = {
        week: Totals(visitors, orders, gmv, refunds)
        for week, visitors, orders, gmv, refunds in db.session.connection().execute(
            _weekly_statement(), {"store_id": store_id, "first": first, "this_week": this_week}
        )
    }
    empty = Totals(0, 0, Decimal(0), Decimal(0))
    return [
        Week(w, rows.get(w, empty))
        for w in (first + timedelta(weeks=n) for n in range(TREND_WEEKS))
    ]


@dataclass(frozen=True)
class ProductResult:
    id: int
    title: str
    gmv: Decimal
    units: int
    stock: int | None


@cache
def _product_statement(best: bool, limit: int):
    gmv = func.coalesce(func.sum(ProductWeek.gmv), 0)
    return (
        select(
            Product.id,
            Product.title,
            gmv,
            func.coalesce(func.sum(ProductWeek.units), 0),
            Product.stock,
        )
        .outerjoin(
            ProductWeek,
            and_(
                ProductWeek.product_id == Product.id,
                ProductWeek.week >= bindparam("first"),
                ProductWeek.week < bindparam("this_week"),
            ),
        )
        .where(Product.store_id == bindparam("store_id"), Product.status == ReviewStatus.APPROVED)
        .group_by(Product.id, Product.title, Product.stock)
        .order_by(gmv.desc() if best else gmv.asc(), Product.id)
        .limit(limit)
    )


def product_results(store_id: int, today: date, best: bool, limit: int = 5) -> list:
    """Live products by GMV over the last PRODUCT_WEEKS complete weeks (unsold ones count 0)."""
    this_week = week_of(today)
    rows = db.session.connection().execute(
        _product_statement(best, limit),
        {
            "store_id": store_id,
            "first": this_week - timedelta(weeks=PRODUCT_WEEKS),
            "this_week": this_week,
        },
    )
    return [ProductResult(r[0], r[1], Decimal(r[2]), int(r[3]), r[4]) for r in rows]


@dataclass(frozen=True)
class PromotionUplift:
    name: str
    starts: date
    ends: date
    days: int
    gmv_during: Decimal
    daily_before: Decimal  # average daily GMV over the BEFORE_PROMOTION_DAYS before it

    @property
    def expected(self) -> Decimal:
        return (self.daily_before * self.days).quantize(Decimal("0.01"))

    @property
    def added(self) -> Decimal:
        return self.gmv_during - self.expected

    @property
    def uplift_pct(self) -> float | None:
        return float(self.added / self.expected * 100) if self.expected else None


@cache
def _uplift_statement(dialect: str, offset: int):
    store_id = bindparam("store_id")
    starts = market_date(Activity.starts_at, dialect, offset_minutes=offset)
    ends = market_date(Activity.ends_at, dialect, offset_minutes=offset)
    promoted = (
        select(Activity.id)
        .join(ActivityRegistration, ActivityRegistration.activity_id == Activity.id)
        .where(
            ActivityRegistration.store_id == store_id,
            ActivityRegistration.status == ReviewStatus.APPROVED,
        )
    )
    during = and_(StoreDay.day >= starts, StoreDay.day <= ends)
    return (
        select(
            Activity.name,
            Activity.name_zh,
            Activity.starts_at,
            Activity.ends_at,
            func.coalesce(func.sum(StoreDay.gmv).filter(during), 0),
            func.coalesce(func.sum(StoreDay.gmv).filter(StoreDay.day < starts), 0),
        )
        .outerjoin(
            StoreDay,
            and_(
                StoreDay.store_id == store_id,
                StoreDay.day
                >= market_date(Activity.starts_at, dialect, -BEFORE_PROMOTION_DAYS, offset),
                StoreDay.day <= ends,
            ),
        )
        .where(Activity.id.in_(promoted), Activity.starts_at <= bindparam("today_start"))
        .group_by(
            Activity.id, Activity.name, Activity.name_zh, Activity.starts_at, Activity.ends_at
        )
        .order_by(Activity.starts_at.desc())
    )


def promotion_uplift(store_id: int, today: date) -> list[PromotionUplift]:
    """Each promotion the store took part in that has started: its window's GMV against the
    weeks before it. One statement: store days joined to the promotions' windows."""
    rows = db.session.execute(
        _uplift_statement(db.engine.dialect.name, market_offset_minutes()),
        {"store_id": store_id, "today_start": from_market_time(datetime.combine(today, time()))},
    ).all()
    result = []
    chinese = reading_chinese()
    for english, name_zh, starts_at, ends_at, gmv_during, gmv_before in rows:
        name = (name_zh if chinese else None) or english
        starts, ends = market_day(starts_at), market_day(ends_at)
        last = min(ends, today - timedelta(days=1))
        days = max((last - starts).days + 1, 0)
        daily = (Decimal(gmv_before) / BEFORE_PROMOTION_DAYS).quantize(Decimal("0.01"))
        result.append(PromotionUplift(name, starts, ends, days, Decimal(gmv_during), daily))
    return result


@dataclass(frozen=True)
class AdReturn:
    placement: str
    spend: Decimal
    revenue: Decimal

    @property
    def roas(self) -> float | None:
        return float(self.revenue / self.spend) if self.spend else None


@cache
def _returns_statement():
    return (
        select(
            Placement.name,
            Placement.name_zh,
            func.sum(PerformanceRecord.spend),
            func.sum(PerformanceRecord.revenue),
        )
        .join(Placement, Placement.id == PerformanceRecord.placement_id)
        .where(PerformanceRecord.store_id == bindparam("store_id"))
        .group_by(Placement.id, Placement.name, Placement.name_zh)
        .order_by(func.sum(PerformanceRecord.revenue).desc())
    )


def ad_returns(store_id: int) -> list[AdReturn]:
    """Attributed revenue against spend per placement, from the results planners recorded."""
    rows = db.session.connection().execute(_returns_statement(), {"store_id": store_id}).all()
    chinese = reading_chinese()
    return [
        AdReturn((zh if chinese else None) or name, Decimal(spend), Decimal(revenue))
        for name, zh, spend, revenue in rows
    ]
