"""A plan is for a period (its first week and number of weeks, a budget per week or in all);
planned against actual compares that period only, and a re-plan proposes the next one."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan, PerformanceRecord
from merchant_portal.extensions import db
from merchant_portal.timeutil import market_today
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories
from tests.budget.test_plans import error_next_to


def setup(auth):
    planner = auth.as_role(Role.PLANNER)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top", name="Search top")
    db.session.commit()
    return planner, store


def week_of(store, planner, monday: date, revenue: int) -> None:
    search = factories_placement()
    db.session.add(
        PerformanceRecord(
            store_id=store.id, placement_id=search, week=monday, period_start=monday,
            period_end=monday + timedelta(days=6), spend=Decimal(500), impressions=0,
            clicks=600, conversions=10, revenue=Decimal(revenue), recorded_by_id=planner.id,
        )
    )  # fmt: skip


def factories_placement() -> int:
    from merchant_portal.budget.models import Placement

    return db.session.scalar(select(Placement.id).where(Placement.code == "search_top"))


def test_a_total_budget_is_spread_over_the_weeks_and_the_page_says_both(client, auth):
    _, store = setup(auth)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": "2026-12-09", "weeks": "4", "budget": "4000",
              "budget_basis": "total", "objective": "revenue"},
        follow_redirects=True,
    )  # fmt: skip
    assert response.status_code == 200
    made = db.session.scalar(select(BudgetPlan))
    assert (made.period_start, made.weeks, made.budget, made.period_budget) == (
        date(2026, 12, 7), 4, Decimal("1000.00"), Decimal("4000.00"),
    )  # fmt: skip
    assert made.request["budget"] == 1000.0, "the optimizer plans one week"
    period = response.text.split('id="period"')[1].split("</p>")[0]
    assert "For 4 weeks" in period and "1,000.00 a week" in period and "4,000.00 in all" in period


def test_the_plan_form_refuses_a_period_it_cannot_plan_and_keeps_the_rest(client, auth):
    _, store = setup(auth)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": "2026-12-09", "weeks": "60", "budget": "", "objective": "revenue"},
    )
    assert response.status_code == 400
    assert "Enter from 1 to 52 weeks." in error_next_to(response.text, "weeks")
    assert "Enter the budget." in error_next_to(response.text, "budget")
    assert 'value="2026-12-09"' in response.text


def test_planned_against_actual_counts_only_the_plans_weeks(client, auth):
    planner, store = setup(auth)
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": "2026-12-07", "weeks": "4", "budget": "1000",
              "budget_basis": "weekly", "objective": "revenue"},
    )  # fmt: skip
    made = db.session.scalar(select(BudgetPlan))
    week_of(store, planner, date(2026, 11, 2), 9_999)  # November: before the plan's period
    week_of(store, planner, date(2026, 12, 7), 300)
    week_of(store, planner, date(2026, 12, 14), 400)
    db.session.commit()
    page = client.get(f"/budget/stores/{store.id}/results?plan={made.id}").text
    said = page.split('id="compared-period"')[1].split("</p>")[0]
    assert "2 weeks have results" in said
    comparison = page.split('id="planned-against-actual"')[1].split("</section>")[0]
    assert "700" in comparison and "9,999" not in comparison and "10,699" not in comparison
    planned_week = made.result["allocations"][0]["revenue"]
    assert f"{planned_week * 2:,.0f}"[:3] in comparison  # two weeks of the plan's revenue


def test_a_replan_proposes_the_next_period_and_names_where_it_came_from(client, auth):
    planner, store = setup(auth)
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": "2030-01-07", "weeks": "4", "budget": "4000",
              "budget_basis": "total", "objective": "revenue"},
    )  # fmt: skip
    first = db.session.scalar(select(BudgetPlan))
    page = client.get(f"/budget/stores/{store.id}/results?plan={first.id}").text
    assert "4 weeks from Feb 4, 2030" in page.split('id="next-period"')[1].split("</span>")[0]
    week_of(store, planner, date(2030, 1, 7), 300)
    db.session.commit()
    response = client.post(
        f"/budget/stores/{store.id}/replan", data={"plan_id": first.id}, follow_redirects=True
    )
    assert response.status_code == 200
    again = db.session.scalar(select(BudgetPlan).where(BudgetPlan.id != first.id))
    assert (again.period_start, again.weeks, again.replanned_from_id) == (
        date(2030, 2, 4), 4, first.id,
    )  # fmt: skip
    assert again.period_budget == Decimal("4000.00") and again.budget == Decimal("1000.00")
    assert f"Re-planned from #{first.id}" in response.text.replace(
        f'<a href="/budget/plans/{first.id}">', ""
    ).replace("</a>", "")


def test_a_planned_placement_without_results_says_so_rather_than_actual_0(client, auth):
    planner, store = setup(auth)
    factories.make_placement(code="feed", name="Feed", channel="feed")
    db.session.commit()
    monday = market_today() - timedelta(days=market_today().weekday())
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": monday.isoformat(), "weeks": "2", "budget": "100000",
              "budget_basis": "weekly", "objective": "revenue"},
    )  # fmt: skip
    made = db.session.scalar(select(BudgetPlan))
    assert {a["id"] for a in made.result["allocations"]} >= {"search_top", "feed"}
    week_of(store, planner, monday, 300)
    db.session.commit()
    page = client.get(f"/budget/stores/{store.id}/results?plan={made.id}").text
    comparison = page.split('id="planned-against-actual"')[1].split("</section>")[0]
    assert "Feed (no results)" in comparison and "Search top (no results)" not in comparison
