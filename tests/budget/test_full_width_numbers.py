# ruff: noqa: RUF001, RUF002  (full-width digits are what the tests type)
"""Numbers as planners type them: a Chinese input method in full-width mode types １２３,
a budget is written "20,000" as the pages show it or "2万" as Chinese says it, a price is
pasted as "¥12". The planner was told "Enter a number, like 12.50." about each; they are
read now, and what still cannot be read (30% as a margin) is answered with what to type."""

from decimal import Decimal

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan, PerformanceRecord, Placement
from merchant_portal.extensions import db

from .test_forms_keep_everything import error_next_to
from .test_plans import shop_and_catalogue

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def test_full_width_digits_grouped_numbers_and_wan_are_read(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    plan = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "2万", "objective": "revenue", "min_roas": "２．５"},
    )
    assert plan.status_code == 302, plan.text
    saved = db.session.scalar(select(BudgetPlan))
    assert saved.budget == Decimal("20000")
    placement = client.post(
        "/budget/placements/new",
        data={"code": "feed_cn", "name": "Feed", "channel": "feed", "pricing": "cpm",
              "price": "¥１２", "inventory": "５，０００，０００", "prior_ctr": "0.01",
              "prior_cvr": "0.03", "prior_aov": "55元", "prior_strength": "100"},
    )  # fmt: skip
    assert placement.status_code == 302, placement.text
    feed = db.session.scalar(select(Placement).where(Placement.code == "feed_cn"))
    assert (feed.price, feed.inventory, feed.prior_aov) == (12, 5_000_000, 55)


def test_dates_are_read_as_people_write_them(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/results",
        data={"placement": "search_top", "period_start": "2026年11月1日",
              "period_end": "2026/11/07", "spend": "1,000.50", "impressions": "6万",
              "clicks": "1100", "conversions": "30", "revenue": "￥1500"},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    record = db.session.scalar(select(PerformanceRecord))
    assert str(record.period_start) == "2026-11-01" and str(record.period_end) == "2026-11-07"
    assert (record.spend, record.impressions) == (Decimal("1000.50"), 60_000)


def test_what_cannot_be_read_says_the_form_to_use_in_the_readers_language(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    chinese = client.post(
        f"/budget/stores/{store.id}/results",
        data={"placement": "search_top", "week": "11月1日",
              "spend": "一千", "impressions": "1.5", "clicks": "0", "conversions": "0",
              "revenue": "0"},
        headers=ZH,
    )  # fmt: skip
    assert chinese.status_code == 400
    assert "请按 2026-11-01 的格式输入日期。" in error_next_to(chinese.text, "week")
    assert "请输入数字，例如 12.50。" in error_next_to(chinese.text, "spend")
    assert db.session.scalar(select(func.count()).select_from(PerformanceRecord)) == 0


def test_a_per_placement_limit_reads_typed_numbers_and_says_what_it_cannot(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "5000", "objective": "revenue", "max:search_top": "1,000",
              "min:search_top": "１００", "share:search": "abc"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Maximum spend:" not in response.text and "Minimum spend:" not in response.text
    assert "Maximum share: enter a number." in response.text
    assert db.session.scalar(select(func.count()).select_from(BudgetPlan)) == 0
