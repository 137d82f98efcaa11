"""A placement has a name per language: Chinese pages read 搜索结果顶部, English ones
"Search results, top"; a placement without a Chinese name shows its English one."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.budget.models import PerformanceRecord, Placement
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en"}
PLACEMENT = {
    "code": "search_top", "name": "Search results, top", "name_zh": "搜索结果顶部",
    "channel": "search", "pricing": "cpc", "price": "0.80", "inventory": "200000",
    "half_spend": "3000", "prior_cvr": "0.05", "prior_aov": "60", "prior_strength": "100",
}  # fmt: skip


def test_a_planner_gives_the_chinese_name_and_each_page_reads_its_own(client, auth):
    auth.as_role(Role.PLANNER)
    assert client.post("/budget/placements/new", data=PLACEMENT, headers=ZH).status_code == 302
    assert db.session.scalar(select(Placement.name_zh)) == "搜索结果顶部"
    chinese = client.get("/budget/placements", headers=ZH).text
    english = client.get("/budget/placements", headers=EN).text
    assert "搜索结果顶部" in chinese and "Search results, top" not in chinese
    assert "Search results, top" in english and "搜索结果顶部" not in english


def test_without_a_chinese_name_the_english_one_shows(client, auth):
    auth.as_role(Role.PLANNER)
    factories.make_placement("feed", name="Recommendation feed")
    db.session.commit()
    assert "Recommendation feed" in client.get("/budget/placements", headers=ZH).text


def test_the_merchants_ad_returns_name_placements_in_chinese(client, auth):
    planner = factories.make_user(Role.PLANNER)
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    placement = factories.make_placement(name="Search results, top", name_zh="搜索结果顶部")
    db.session.add(
        PerformanceRecord(
            store_id=store.id, placement_id=placement.id, week=date(2026, 11, 2),
            period_start=date(2026, 11, 2), period_end=date(2026, 11, 8), spend=Decimal(100),
            impressions=1000, clicks=50, conversions=5, revenue=Decimal(500),
            recorded_by_id=planner.id,
        )
    )  # fmt: skip
    db.session.commit()
    page = client.get("/growth/", headers=ZH).text
    assert "搜索结果顶部" in page and "Search results, top" not in page
