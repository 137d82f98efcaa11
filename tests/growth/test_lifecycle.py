"""The lifecycle stage, one constructed history per stage, and the history read from the data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from merchant_portal.growth.history import histories
from merchant_portal.growth.lifecycle import (
    LifecycleSettings,
    MerchantHistory,
    Stage,
    lifecycle,
)
from merchant_portal.sales.models import week_of
from merchant_portal.sales.rows import SaleRow
from merchant_portal.sales.services import upsert_sales
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

AS_OF = date(2026, 11, 25)  # a Wednesday
SETTINGS = LifecycleSettings()


def weeks(*gmv_oldest_first: float) -> dict[date, Decimal]:
    """Weekly GMV ending with the last complete week before AS_OF."""
    last = week_of(AS_OF) - timedelta(weeks=1)
    count = len(gmv_oldest_first)
    return {
        last - timedelta(weeks=count - 1 - n): Decimal(str(value))
        for n, value in enumerate(gmv_oldest_first)
    }


def selling(weekly: dict, **fields) -> MerchantHistory:
    sold = [w for w, v in weekly.items() if v > 0]
    values = {
        "as_of": AS_OF,
        "live_products": 5,
        "weekly_gmv": weekly,
        "first_sale": min(sold),
        "last_sale": AS_OF - timedelta(days=1),
        "last_activity": AS_OF - timedelta(days=2),
    }
    values.update(fields)
    return MerchantHistory(**values)


CASES = {
    "nothing live": (MerchantHistory(as_of=AS_OF), Stage.ONBOARDING, "nothing live yet"),
    "live, no sale yet": (
        MerchantHistory(as_of=AS_OF, live_products=2, last_activity=AS_OF),
        Stage.ONBOARDING,
        "waiting for a first sale",
    ),
    "first sale ten days ago": (
        selling(weeks(0, 0, 0, 0, 0, 0, 120, 300), first_sale=AS_OF - timedelta(days=10)),
        Stage.ACTIVATED,
        "first sale on 2026-11-15",
    ),
    "GMV up 30%": (
        selling(weeks(1000, 1000, 1000, 1000, 1300, 1300, 1300, 1300)),
        Stage.GROWING,
        "GMV up 30% over the last 4 weeks",
    ),
    "GMV flat": (
        selling(weeks(1000, 1000, 1000, 1000, 1050, 950, 1000, 980)),
        Stage.STEADY,
        "within 20%",
    ),
    "GMV down 40%": (
        selling(weeks(1000, 1000, 1000, 1000, 800, 600, 500, 500)),
        Stage.AT_RISK,
        "GMV down 40% over the last 4 weeks",
    ),
    "stock running out": (
        selling(weeks(*[1000] * 8), low_stock_products=2),
        Stage.AT_RISK,
        "2 live products with 5 or fewer units left",
    ),
    "listing quality dropped": (
        selling(weeks(*[1000] * 8), low_quality_listings=1),
        Stage.AT_RISK,
        "1 live listing below quality 60",
    ),
    "sent-back item left untouched": (
        selling(weeks(*[1000] * 8), stale_sent_back=1),
        Stage.AT_RISK,
        "1 item sent back over 7 days ago and not touched",
    ),
    "no sale for 40 days": (
        selling(weeks(1000, 1000, 1000, 500, 0, 0, 0, 0), last_sale=AS_OF - timedelta(days=40)),
        Stage.DORMANT,
        "no sale for 40 days",
    ),
    "live, never sold, idle 60 days": (
        MerchantHistory(as_of=AS_OF, live_products=1, last_activity=AS_OF - timedelta(days=60)),
        Stage.DORMANT,
        "no activity for 60 days",
    ),
    "back after a fall": (
        selling(weeks(1000, 1000, 1000, 1000, 500, 400, 400, 400, 900, 1000, 1000, 1000)),
        Stage.RECOVERED,
        "GMV back",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_stage_from_a_constructed_history(case):
    history, expected, reason = CASES[case]
    result = lifecycle(history, SETTINGS)
    assert result.stage == expected, f"{case}: {result}"
    assert any(reason in text for text in result.reasons), result.reasons


def test_every_stage_is_reached_by_some_history():
    assert {stage for _, stage, _ in CASES.values()} == set(Stage)


def test_thresholds_are_settings():
    history = selling(weeks(1000, 1000, 1000, 1000, 850, 850, 850, 850))  # down 15%
    assert lifecycle(history, SETTINGS).stage == Stage.STEADY
    stricter = LifecycleSettings(falling_pct=10)
    assert lifecycle(history, stricter).stage == Stage.AT_RISK
    config = {"LIFECYCLE_FALLING_PCT": "10", "LIFECYCLE_DORMANT_DAYS": "14"}
    assert LifecycleSettings.from_config(config) == LifecycleSettings(
        falling_pct=10.0, dormant_days=14
    )


def sell(product, day: date, gmv: str, orders: int = 2) -> SaleRow:
    return SaleRow(product_id=product.id, store_id=product.store_id, day=day, visitors=50,
                   orders=orders, units=orders, gmv=Decimal(gmv), refunds=Decimal(0))  # fmt: skip


def test_history_is_read_from_the_sales_rollups_and_listings():
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED, stock=3, quality_score=90)
    factories.make_product(store, status=ReviewStatus.APPROVED, stock=50, quality_score=40)
    factories.make_product(
        store, status=ReviewStatus.CHANGES_REQUESTED,
        decided_at=factories.utcnow() - timedelta(days=20),
        updated_at=factories.utcnow() - timedelta(days=20),
    )  # fmt: skip
    today = factories.market_today()
    upsert_sales([sell(product, today - timedelta(days=n), "100.00") for n in range(1, 60)])
    history = histories([store.id], today, SETTINGS)[store.id]
    assert history.live_products == 2
    assert history.low_stock_products == 1
    assert history.low_quality_listings == 1
    assert history.stale_sent_back == 1
    assert history.last_sale == today - timedelta(days=1)
    assert history.first_sale == week_of(today - timedelta(days=59))
    assert sum(history.weekly_gmv.values()) > 0
    result = lifecycle(history, SETTINGS)
    assert result.stage == Stage.AT_RISK
    assert len(result.reasons) == 3
