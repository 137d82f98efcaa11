"""Gathering each store's ``MerchantHistory`` from the rollups: six statements for any number
of stores (never a query per store, never the raw daily rows)."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import and_, bindparam, func, literal_column, select, union_all

from ..auth.models import User
from ..extensions import db
from ..onboarding.activities.models import ActivityRegistration
from ..onboarding.products.models import Product, ProductChange
from ..onboarding.store.models import Store
from ..sales.models import StoreDay, StoreWeek, week_of
from ..timeutil import from_market_time, market_day
from ..workflow.reviewable import ReviewStatus
from .lifecycle import LifecycleSettings, MerchantHistory


# Built once, with parameters: the business page and the books ask on every view, and building
# the statements cost more than running them on a page's few stores.
@cache
def _statements() -> tuple:
    stores = bindparam("store_ids", expanding=True)
    as_of = bindparam("as_of")
    weekly = select(StoreWeek.store_id, StoreWeek.week, StoreWeek.gmv).where(
        StoreWeek.store_id.in_(stores),
        StoreWeek.week >= bindparam("since"),
        StoreWeek.week <= as_of,
    )
    sold = (
        select(StoreWeek.store_id, func.min(StoreWeek.week), func.max(StoreWeek.week))
        .where(StoreWeek.store_id.in_(stores), StoreWeek.orders > 0, StoreWeek.week <= as_of)
        .group_by(StoreWeek.store_id)
    )
    recent_sale = (
        select(StoreDay.store_id, func.max(StoreDay.day))
        .where(
            StoreDay.store_id.in_(stores),
            StoreDay.orders > 0,
            StoreDay.day > bindparam("after"),
            StoreDay.day <= as_of,
        )
        .group_by(StoreDay.store_id)
    )
    live = Product.status == ReviewStatus.APPROVED
    products = (
        select(
            Product.store_id,
            func.count().filter(live).label("live"),
            func.count().filter(live, Product.stock <= bindparam("low_stock")).label("low_stock"),
            func.count()
            .filter(live, Product.quality_score < bindparam("quality_floor"))
            .label("low_quality"),
            func.max(Product.updated_at).label("edited"),
        )
        .where(Product.store_id.in_(stores))
        .group_by(Product.store_id)
    )
    logins = (
        select(Store.id, User.last_login_at)
        .join(User, User.id == Store.merchant_id)
        .where(Store.id.in_(stores))
    )
    return weekly, sold, recent_sale, products, logins


def histories(
    store_ids: list[int], as_of: date, settings: LifecycleSettings, listing_signals: bool = True
) -> dict[int, MerchantHistory]:
    """``listing_signals`` off judges on sales alone (past month ends: stock and listing
    states of back then are not kept)."""
    if not store_ids:
        return {}
    # Core execution: plain tuples, without the ORM's row processing (these are hot reads)
    run = db.session.connection().execute
    weekly_statement, sold_statement, recent_statement, products_statement, logins_statement = (
        _statements()
    )
    weeks_back = 3 * settings.window_weeks + 1  # two windows, and two more one window ago
    asked = {"store_ids": store_ids, "as_of": as_of}
    weekly: dict[int, dict[date, Decimal]] = defaultdict(dict)
    for store_id, week, gmv in run(
        weekly_statement, {**asked, "since": week_of(as_of) - timedelta(weeks=weeks_back)}
    ):
        weekly[store_id][week] = gmv
    sold = {store_id: (first, last) for store_id, first, last in run(sold_statement, asked)}
    recent_sale = dict(
        run(
            recent_statement,
            {**asked, "after": as_of - timedelta(days=settings.dormant_days + 7)},
        ).all()
    )
    products = {
        row.store_id: row
        for row in run(
            products_statement,
            {
                "store_ids": store_ids,
                "low_stock": settings.low_stock,
                "quality_floor": settings.quality_floor,
            },
        )
    }
    logins = dict(run(logins_statement, {"store_ids": store_ids}).all())
    stale = _stale_sent_back(run, store_ids, as_of, settings) if listing_signals else {}

    result = {}
    for store_id in store_ids:
        first, last_week = sold.get(store_id, (None, None))
        last_sale = recent_sale.get(store_id)
        if last_sale is None and last_week is not None:
            last_sale = min(last_week + timedelta(days=6), as_of)
        product = products.get(store_id)
        activity = [market_day(d) for d in (logins.get(store_id), product and product.edited) if d]
        result[store_id] = MerchantHistory(
            as_of=as_of,
            live_products=product.live if product else 0,
            weekly_gmv=weekly.get(store_id, {}),
            first_sale=first,
            last_sale=last_sale,
            last_activity=max(activity) if activity else None,
            low_stock_products=product.low_stock if product and listing_signals else 0,
            low_quality_listings=product.low_quality if product and listing_signals else 0,
            stale_sent_back=stale.get(store_id, 0),
        )
    return result


@cache
def _stale_statement():
    stores = bindparam("store_ids", expanding=True)
    cutoff = bindparam("cutoff")
    sent_back = ReviewStatus.CHANGES_REQUESTED
    one = literal_column("1").label("item")
    parts = union_all(
        select(Product.store_id, one).where(
            Product.store_id.in_(stores),
            Product.status == sent_back,
            Product.decided_at < cutoff,
            Product.updated_at < cutoff,  # not edited since it came back
        ),
        select(Product.store_id, one)
        .join(ProductChange, ProductChange.product_id == Product.id)
        .where(
            Product.store_id.in_(stores),
            ProductChange.status == sent_back,
            ProductChange.decided_at < cutoff,
        ),
        select(ActivityRegistration.store_id, one).where(
            and_(
                ActivityRegistration.store_id.in_(stores),
                ActivityRegistration.status == sent_back,
                ActivityRegistration.decided_at < cutoff,
            )
        ),
    ).subquery()
    return select(parts.c.store_id, func.count()).group_by(parts.c.store_id)


def _stale_sent_back(run, store_ids: list[int], as_of: date, settings: LifecycleSettings) -> dict:
    """Listings, listing changes and registrations sent back long ago and left as they were."""
    cutoff = from_market_time(
        datetime.combine(as_of - timedelta(days=settings.sent_back_days), time())
    )
    return dict(run(_stale_statement(), {"store_ids": store_ids, "cutoff": cutoff}).all())
