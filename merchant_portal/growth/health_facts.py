"""The facts behind each store's health, for any number of stores in four statements."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, literal_column, select, union_all

from ..extensions import db
from ..onboarding.activities.models import ActivityRegistration
from ..onboarding.products.models import Product, ProductChange
from ..onboarding.store.models import StoreDocument
from ..sales.models import StoreWeek, week_of
from ..workflow.reviewable import ReviewStatus
from .health import Health, HealthFacts, health

WEEKS = 4


def health_facts(store_ids: list[int], as_of: date) -> dict[int, HealthFacts]:
    if not store_ids:
        return {}
    run = db.session.connection().execute
    back = ReviewStatus.CHANGES_REQUESTED
    waiting = union_all(
        select(Product.store_id, Product.decided_at.label("at")).where(
            Product.store_id.in_(store_ids), Product.status == back
        ),
        select(Product.store_id, ProductChange.decided_at)
        .join(ProductChange, ProductChange.product_id == Product.id)
        .where(Product.store_id.in_(store_ids), ProductChange.status == back),
        select(ActivityRegistration.store_id, ActivityRegistration.decided_at).where(
            ActivityRegistration.store_id.in_(store_ids), ActivityRegistration.status == back
        ),
    ).subquery()
    sent_back = {
        store_id: (count, oldest)
        for store_id, count, oldest in run(
            select(waiting.c.store_id, func.count(), func.min(waiting.c.at)).group_by(
                waiting.c.store_id
            )
        )
    }
    since = datetime.combine(as_of - timedelta(days=90), time())
    refused = dict(
        run(
            select(Product.store_id, func.count())
            .where(
                Product.store_id.in_(store_ids),
                Product.status == ReviewStatus.REJECTED,
                Product.decided_at >= since,
            )
            .group_by(Product.store_id)
        ).all()
    )
    documents = dict(
        run(
            select(StoreDocument.store_id, func.count())
            .where(StoreDocument.store_id.in_(store_ids), StoreDocument.verdict == "rejected")
            .group_by(StoreDocument.store_id)
        ).all()
    )
    this_week = week_of(as_of)
    recent_from = this_week - timedelta(weeks=WEEKS)
    before_from = this_week - timedelta(weeks=2 * WEEKS)
    is_recent = StoreWeek.week >= recent_from
    zero = literal_column("0")
    money = defaultdict(lambda: (Decimal(0), Decimal(0), Decimal(0)))
    for store_id, recent, before, refunds in run(
        select(
            StoreWeek.store_id,
            func.coalesce(func.sum(StoreWeek.gmv).filter(is_recent), zero),
            func.coalesce(func.sum(StoreWeek.gmv).filter(~is_recent), zero),
            func.coalesce(func.sum(StoreWeek.refunds).filter(is_recent), zero),
        )
        .where(
            StoreWeek.store_id.in_(store_ids),
            StoreWeek.week >= before_from,
            StoreWeek.week < this_week,  # complete weeks only
        )
        .group_by(StoreWeek.store_id)
    ):
        money[store_id] = (Decimal(recent), Decimal(before), Decimal(refunds))
    result = {}
    for store_id in store_ids:
        count, oldest = sent_back.get(store_id, (0, None))
        recent, before, refunds = money[store_id]
        result[store_id] = HealthFacts(
            sent_back=count,
            refused_recently=refused.get(store_id, 0),
            documents_rejected=documents.get(store_id, 0),
            oldest_send_back_days=(as_of - _day(oldest)).days if oldest else None,
            gmv_recent=recent,
            gmv_before=before,
            refunds_recent=refunds,
        )
    return result


def _day(moment) -> date:
    # SQLite hands a MIN() over a union back as text
    if isinstance(moment, str):
        return datetime.fromisoformat(moment).date()
    return moment.date() if isinstance(moment, datetime) else moment


def store_health(store_ids: list[int], as_of: date) -> dict[int, Health]:
    return {store_id: health(facts) for store_id, facts in health_facts(store_ids, as_of).items()}
