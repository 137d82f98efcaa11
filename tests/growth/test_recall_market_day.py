"""A recall's outcome splits the store's sales on the marketplace's calendar: a call made at
01:00 in Beijing (17:00 UTC the day before) is that Beijing day's call, and the day before it
is "before", as the manager reads the sales report."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.growth.models import RecallAction
from merchant_portal.growth.recall import OUTCOME_DAYS, outcomes
from merchant_portal.timeutil import from_market_time
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .builders import sell_daily


def test_a_call_at_one_in_the_morning_in_beijing_splits_sales_on_beijings_day(app):
    today = factories.market_today()
    called_on = today - timedelta(days=5)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED, stock=5)
    sell_daily(product, called_on - timedelta(days=1), 1, gmv=100.0)  # the evening before
    manager = factories.make_user(Role.REVIEWER)
    action = RecallAction(
        store_id=store.id,
        actor_id=manager.id,
        kind="call",
        stage="declining",
        created_at=from_market_time(datetime.combine(called_on, time(1, 0))),
    )
    db.session.add(action)
    db.session.commit()
    assert action.created_at.date() == called_on - timedelta(days=1)  # UTC's day: the eve
    outcome = outcomes([action], today)[action.id]
    assert outcome.before == Decimal("100") and outcome.after == 0
    assert outcome.days_left == OUTCOME_DAYS - 5
