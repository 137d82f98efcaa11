"""The facts behind each store's health, for any number of stores in two statements."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import bindparam, func, literal, literal_column, select, union_all

from ..extensions import db
from ..onboarding.activities.models import ActivityRegistration
from ..onboarding.products.models import Product, ProductChange
from ..onboarding.store.models import StoreDocument
from ..sales.models import StoreWeek, week_of
from ..timeutil import from_market_time, market_day
from ..workflow.reviewable import ReviewStatus
from .health import Health, HealthFacts, health

WEEKS = 4


# The two statements are built once, with parameters (the books, the business page and the
# checklist ask on every view): building them cost more than running them on the demo data.
@cache
def _statements():
    stores = bindparam("store_ids", expanding=True)
    back = ReviewStatus.CHANGES_REQUESTED
    # one statement for every count: each row a thing held against a store, and since when
    things = union_all(
        select(Product.store_id, literal("back").label("what"), Product.decided_at.label("at"))
        .where(Product.store_id.in_(stores), Product.status == back),
        select(Product.store_id, literal("back"), ProductChange.decided_at)
        .join(ProductChange, ProductChange.product_id == Product.id)
        .where(Product.store_id.in_(stores), ProductChange.status == back),
        select(ActivityRegistration.store_id, literal("back"), ActivityRegistration.decided_at)
        .where(ActivityRegistration.store_id.in_(stores), ActivityRegistration.status == back),
        select(Product.store_id, literal("refused"), Product.decided_at)
        .where(Product.store_id.in_(stores), Product.status == ReviewStatus.REJECTED,
               Product.decided_at >= bindparam("since")),
        select(StoreDocument.store_id, literal("documents"), StoreDocument.uploaded_at)
        .where(StoreDocument.store_id.in_(stores), StoreDocument.verdict == "rejected"),
    ).subquery()  # fmt: skip
    counts = select(things.c.store_id, things.c.what, func.count(), func.min(things.c.at)).group_by(
        things.c.store_id, things.c.what
    )
    is_recent = StoreWeek.week >= bindparam("recent_from")
    zero = literal_column("0")
    money = (
        select(
            StoreWeek.store_id,
            func.coalesce(func.sum(StoreWeek.gmv).filter(is_recent), zero),
            func.coalesce(func.sum(StoreWeek.gmv).filter(~is_recent), zero),
            func.coalesce(func.sum(StoreWeek.refunds).filter(is_recent), zero),
        )
        .where(
            StoreWeek.store_id.in_(stores),
            StoreWeek.week >= bindparam("before_from"),
            StoreWeek.week < bindparam("this_week"),  # complete weeks only
        )
        .group_by(StoreWeek.store_id)
    )
    return counts, money


def health_facts(store_ids: list[int], as_of: date) -> dict[int, HealthFacts]:
    if not store_ids:
        return {}
    run = db.session.connection().execute
    counts_statement, money_statement = _statements()
    since = from_market_time(datetime.combine(as_of - timedelta(days=90), time()))
    counts: dict[tuple[int, str], tuple[int, object]] = {
        (store_id, what): (count, oldest)
        for store_id, what, count, oldest in run(
            counts_statement, {"store_ids": store_ids, "since": since}
        )
    }
    this_week = week_of(as_of)
    money = defaultdict(lambda: (Decimal(0), Decimal(0), Decimal(0)))
    for store_id, recent, before, refunds in run(
        money_statement,
        {
            "store_ids": store_ids,
            "recent_from": this_week - timedelta(weeks=WEEKS),
            "before_from": this_week - timedelta(weeks=2 * WEEKS),
            "this_week": this_week,
        },
    ):
        money[store_id] = (Decimal(recent), Decimal(before), Decimal(refunds))
    result = {}
    for store_id in store_ids:
        count, oldest = counts.get((store_id, "back"), (0, None))
        recent, before, refunds = money[store_id]
        result[store_id] = HealthFacts(
            sent_back=count,
            refused_recently=counts.get((store_id, "refused"), (0, None))[0],
            documents_rejected=counts.get((store_id, "documents"), (0, None))[0],
            oldest_send_back_days=(as_of - _day(oldest)).days if oldest else None,
            gmv_recent=recent,
            gmv_before=before,
            refunds_recent=refunds,
        )
    return result


def _day(moment) -> date:
    """The market's calendar day of a stored time (UTC without a zone): read in UTC, a
    send-back ten market days old counted eleven from Beijing's midnight to UTC's."""
    if isinstance(moment, str):  # SQLite hands a MIN() over a union back as text
        moment = datetime.fromisoformat(moment)
    return market_day(moment) if isinstance(moment, datetime) else moment


def store_health(store_ids: list[int], as_of: date) -> dict[int, Health]:
    return {store_id: health(facts) for store_id, facts in health_facts(store_ids, as_of).items()}
