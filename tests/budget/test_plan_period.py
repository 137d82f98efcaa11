"""A plan is for a period (its first week and number of weeks, a budget per week or in all);
planned against actual compares that period only, and a re-plan proposes the next one."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan, PerformanceRecord
from merchant_portal.budget.plans.period import monday_of, next_monday
from merchant_portal.extensions import db
from merchant_portal.timeutil import market_today
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories
from tests.budget.test_plans import error_next_to

# plans start from a few weeks back to a year ahead: dates counted from today, not fixed
MONDAY = next_monday()
WEDNESDAY = MONDAY + timedelta(days=2)


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
        data={"start_week": WEDNESDAY.isoformat(), "weeks": "4", "budget": "4000",
              "budget_basis": "total", "objective": "revenue"},
        follow_redirects=True,
    )  # fmt: skip
    assert response.status_code == 200
    made = db.session.scalar(select(BudgetPlan))
    assert (made.period_start, made.weeks, made.budget, made.period_budget) == (
        MONDAY, 4, Decimal("1000.00"), Decimal("4000.00"),
    )  # fmt: skip
    assert made.request["budget"] == 1000.0, "the optimizer plans one week"
    period = response.text.split('id="period"')[1].split("</p>")[0]
    assert "For 4 weeks" in period and "1,000.00 a week" in period and "4,000.00 in all" in period


def test_the_plan_form_refuses_a_period_it_cannot_plan_and_keeps_the_rest(client, auth):
    _, store = setup(auth)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={
            "start_week": WEDNESDAY.isoformat(),
            "weeks": "60",
            "budget": "",
            "objective": "revenue",
        },
    )
    assert response.status_code == 400
    assert "Enter from 1 to 52 weeks." in error_next_to(response.text, "weeks")
    assert "Enter the budget." in error_next_to(response.text, "budget")
    assert f'value="{WEDNESDAY.isoformat()}"' in response.text


def test_planned_against_actual_counts_only_the_plans_weeks(client, auth):
    planner, store = setup(auth)
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": MONDAY.isoformat(), "weeks": "4", "budget": "1000",
              "budget_basis": "weekly", "objective": "revenue"},
    )  # fmt: skip
    made = db.session.scalar(select(BudgetPlan))
    week_of(store, planner, MONDAY - timedelta(weeks=5), 9_999)  # before the plan's period
    week_of(store, planner, MONDAY, 300)
    week_of(store, planner, MONDAY + timedelta(weeks=1), 400)
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
    first_week = monday_of(market_today()) + timedelta(weeks=2)
    after = first_week + timedelta(weeks=4)
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": first_week.isoformat(), "weeks": "4", "budget": "4000",
              "budget_basis": "total", "objective": "revenue"},
    )  # fmt: skip
    first = db.session.scalar(select(BudgetPlan))
    page = client.get(f"/budget/stores/{store.id}/results?plan={first.id}").text
    assert "record a week of results below first" in page and 'id="next-period"' not in page
    replan_url = f"/budget/stores/{store.id}/replan"
    plan_page = client.get(f"/budget/plans/{first.id}").text
    assert replan_url not in plan_page and "record a week of results</a> first" in plan_page
    week_of(store, planner, first_week, 300)
    db.session.commit()
    assert replan_url in client.get(f"/budget/plans/{first.id}").text
    page = client.get(f"/budget/stores/{store.id}/results?plan={first.id}").text
    said = f"4 weeks from {after:%b} {after.day}, {after.year}"
    assert said in page.split('id="next-period"')[1].split("</span>")[0]
    response = client.post(
        f"/budget/stores/{store.id}/replan", data={"plan_id": first.id}, follow_redirects=True
    )
    assert response.status_code == 200
    again = db.session.scalar(select(BudgetPlan).where(BudgetPlan.id != first.id))
    assert (again.period_start, again.weeks, again.replanned_from_id) == (after, 4, first.id)
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


def test_a_first_week_far_off_is_refused_next_to_the_field_for_planner_and_merchant(client, auth):
    """9999-12-31 was saved, then its page, the store's results and re-plan answered 500."""
    _, store = setup(auth)
    for typed in ("9999-12-31", "1900-01-01", "0001-01-01"):
        response = client.post(
            f"/budget/stores/{store.id}/plan",
            data={"start_week": typed, "weeks": "4", "budget": "1000", "objective": "revenue"},
        )
        assert response.status_code == 400, typed
        assert "Choose a first week from" in error_next_to(response.text, "start_week"), typed
        assert f'value="{typed}"' in response.text, "the typed week is kept"
    assert db.session.scalar(select(BudgetPlan)) is None


def test_a_merchant_is_refused_a_far_off_first_week_too(client, auth):
    merchant, _store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top", name="Search top")
    db.session.commit()
    auth.login(merchant.email)
    response = client.post(
        "/budget/my-plans/new",
        data={"start_week": "9999-12-31", "budget": "1000", "objective": "revenue"},
    )
    assert response.status_code == 400
    assert "Choose a first week from" in error_next_to(response.text, "start_week")
    assert db.session.scalar(select(BudgetPlan)) is None


def test_a_plan_stored_at_the_end_of_the_calendar_still_opens_and_replans(client, auth):
    _planner, store = setup(auth)
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"weeks": "4", "budget": "1000", "objective": "revenue"},
    )
    made = db.session.scalar(select(BudgetPlan))
    made.period_start = date(9999, 12, 27)  # stored before the form bounded the week
    factories.make_result(store, _planner)
    db.session.commit()
    assert client.get(f"/budget/plans/{made.id}").status_code == 200
    assert client.get(f"/budget/stores/{store.id}/results?plan={made.id}").status_code == 200
    response = client.post(
        f"/budget/stores/{store.id}/replan", data={"plan_id": made.id}, follow_redirects=True
    )
    assert response.status_code == 200
    again = db.session.scalar(select(BudgetPlan).where(BudgetPlan.id != made.id))
    assert again.period_start <= monday_of(market_today()) + timedelta(weeks=1)


def test_a_one_week_plan_says_one_week(client, auth):
    # Found by a user pass: "For 1 weeks, Dec 14, 2026 to Dec 20, 2026"
    _planner, store = setup(auth)
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": MONDAY.isoformat(), "weeks": "1", "budget": "1000",
              "budget_basis": "weekly", "objective": "revenue"},
    )  # fmt: skip
    made = db.session.scalar(select(BudgetPlan))
    plan_page = client.get(f"/budget/plans/{made.id}").text
    assert "For 1 week," in plan_page and "1 weeks" not in plan_page
    factories.make_result(store, _planner)
    db.session.commit()
    results = client.get(f"/budget/stores/{store.id}/results").text
    assert "for the next period: 1 week from" in results and "1 weeks" not in results


def test_a_replan_not_begun_is_revised_for_its_own_weeks(client, auth):
    """Found by a user pass: pressing re-plan again on the newest re-plan (on the cautious
    estimates, say) moved each new plan a period further, with no result in between."""
    planner, store = setup(auth)
    this_monday = monday_of(market_today())
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"start_week": this_monday.isoformat(), "weeks": "4", "budget": "1000",
              "budget_basis": "weekly", "objective": "revenue"},
    )  # fmt: skip
    first = db.session.scalar(select(BudgetPlan))
    week_of(store, planner, this_monday - timedelta(weeks=1), 300)
    db.session.commit()
    client.post(f"/budget/stores/{store.id}/replan", data={"plan_id": first.id})
    second = db.session.scalar(select(BudgetPlan).where(BudgetPlan.replanned_from_id == first.id))
    assert second.period_start == this_monday + timedelta(weeks=4)
    client.post(f"/budget/stores/{store.id}/replan", data={"plan_id": second.id, "cautious": "1"})
    third = db.session.scalar(select(BudgetPlan).where(BudgetPlan.replanned_from_id == second.id))
    assert (third.period_start, third.weeks) == (second.period_start, 4)
    page = client.get(f"/budget/stores/{store.id}/results?plan={second.id}").text
    starts = second.period_start
    said = page.split('id="next-period"')[1].split("</span>")[0]
    assert f"revised for its own 4 weeks, from {starts:%b} {starts.day}, {starts.year}" in said


def test_a_replan_not_begun_keeps_its_weeks_even_near_the_end_of_the_planning_range():
    """Found by an attack pass: a re-plan a year ahead, whose next period would fall past the
    range a plan may start in, was moved back to next Monday."""
    from types import SimpleNamespace

    from merchant_portal.budget.plans.period import latest_start, next_period

    far = latest_start() - timedelta(weeks=2)
    replan = SimpleNamespace(period_start=far, weeks=4, replanned_from_id=7)
    assert next_period(replan) == (far, 4)
    first = SimpleNamespace(period_start=far, weeks=4, replanned_from_id=None)
    assert next_period(first) == (next_monday(), 4)  # its next period is out of range
