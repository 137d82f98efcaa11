"""Placements catalogue and budget plans, as planners and merchants use them."""

import io
import re

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan, Placement
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

PLACEMENT = {
    "code": "search_top", "name": "Search results, top", "channel": "search", "pricing": "cpc",
    "price": "0.80", "inventory": "200000", "half_spend": "3000", "prior_cvr": "0.05",
    "prior_aov": "60", "prior_strength": "100",
}  # fmt: skip


def plans() -> int:
    return db.session.scalar(select(func.count()).select_from(BudgetPlan))


def error_next_to(html: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="{re.escape(field)}-errors">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def test_placement_with_cvr_above_one_is_refused_next_to_the_field(client, auth):
    auth.as_role(Role.PLANNER)
    response = client.post("/budget/placements/new", data={**PLACEMENT, "prior_cvr": "1.5"})
    assert response.status_code == 400
    assert "Enter a conversion rate from 0 to 1, like 0.03." in error_next_to(
        response.text, "prior_cvr"
    )
    assert 'value="Search results, top"' in response.text
    assert db.session.scalar(select(func.count()).select_from(Placement)) == 0


def test_placement_rules_follow_the_pricing(client, auth):
    auth.as_role(Role.PLANNER)
    cpm = client.post("/budget/placements/new", data={**PLACEMENT, "pricing": "cpm"})
    assert "Is required." in error_next_to(cpm.text, "prior_ctr")
    curve = client.post(
        "/budget/placements/new",
        data={
            **PLACEMENT,
            "pricing": "curve",
            "half_spend": "",
            "curve_points": "0, 0\n1000, 900\n800, 1000",
        },
    )
    assert "Must be greater than the previous point&#39;s spend." in curve.text
    good = client.post("/budget/placements/new", data=PLACEMENT)
    assert good.status_code == 302
    again = client.post("/budget/placements/new", data=PLACEMENT)
    assert "Another placement has this code." in error_next_to(again.text, "code")


def shop_and_catalogue():
    merchant, store = factories.make_merchant(store_name="Oak & Iron", status=ReviewStatus.APPROVED)
    factories.make_placement("search_top", channel="search", half_spend=3000, inventory=200000)
    factories.make_placement(
        "feed", name="Recommendation feed", channel="feed", pricing="cpm", price=12, prior_ctr=0.012,
        prior_cvr=0.03, prior_aov=55,
    )  # fmt: skip
    db.session.commit()
    return merchant, store


def test_planner_runs_a_plan_and_reads_it(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    refused = client.post(
        f"/budget/stores/{store.id}/plan", data={"budget": "-5", "objective": "revenue"}
    )
    assert "Enter a budget from 0.01 to 999,999,999,999." in error_next_to(refused.text, "budget")
    assert 'value="-5"' in refused.text and plans() == 0
    refused = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "10000", "objective": "revenue", "max:search_top": "128.005"},
    )
    said = "Maximum spend: use at most 2 decimal places."
    assert said in refused.text and 'value="128.005"' in refused.text and plans() == 0

    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "10000", "objective": "revenue", "max:search_top": "1000"},
        follow_redirects=True,
    )
    assert "Plan ready." in response.text and plans() == 1
    assert "Search Top is at the maximum spend you set." in response.text
    assert "The whole budget is used: each further CN¥1.00 of budget would bring about CN¥" in (
        response.text
    ), "the budget's worth in money, not a bare number"
    assert response.text.count("<svg") >= 3  # allocation, return and marginal return charts
    saved = db.session.scalar(select(BudgetPlan))
    spends = {a["id"]: a["spend"] for a in saved.result["allocations"]}
    assert spends == {"search_top": 1000, "feed": 9000}


def test_infeasible_plan_shows_the_diagnosis_next_to_the_field(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "10000", "objective": "revenue", "spend_all": "y", "min_roas": "9"},
    )
    assert response.status_code == 400
    assert "lower the “ROAS floor” to" in error_next_to(response.text, "min_roas")
    assert "min_roas" not in response.text.split("<form")[0]  # said in the form's words
    assert "This plan cannot be met as asked" in response.text
    assert 'value="9.00"' in response.text or 'value="9"' in response.text
    assert plans() == 0


def test_per_placement_limits_are_checked(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={
            "budget": "1000",
            "objective": "revenue",
            "min:feed": "500",
            "max:feed": "100",
            "share:search": "150",
        },
    )
    assert response.status_code == 400
    assert "Minimum spend: above the maximum." in response.text
    assert "Maximum share: enter a number from 0 to 100." in response.text
    assert plans() == 0


def test_merchant_sees_their_plans_and_plans_their_own_budget(client, auth):
    merchant, store = shop_and_catalogue()
    planner = factories.make_user(Role.PLANNER)
    made = factories.make_plan(store, planner)
    db.session.commit()
    auth.login(merchant.email)
    listing = client.get("/budget/my-plans").text
    assert "business operations" in listing and ">New<" in listing
    client.get(f"/budget/plans/{made.id}")
    assert db.session.get(BudgetPlan, made.id).viewed_by_merchant_at is not None
    response = client.post(
        "/budget/my-plans/new",
        data={"budget": "2000", "objective": "conversions"},
        follow_redirects=True,
    )
    assert "Plan ready." in response.text
    assert (
        db.session.scalar(select(BudgetPlan.kind).order_by(BudgetPlan.id.desc()).limit(1))
        == "self_service"
    )


def test_export_and_compare(client, auth):
    _, store = shop_and_catalogue()
    planner = auth.as_role(Role.PLANNER)
    small = factories.make_plan(store, planner, budget=1000)
    large = factories.make_plan(store, planner, budget=4000)
    db.session.commit()
    export = client.get(f"/budget/plans/{small.id}/export.csv")
    assert export.headers["Content-Type"].startswith("text/csv")
    lines = export.text.strip().splitlines()
    assert lines[0] == "placement,spend,units,clicks,conversions,revenue,marginal_roas"
    assert lines[1].startswith("search_top,1000.0,") and lines[-1].startswith("total,1000.0,")
    page = client.get(f"/budget/compare?a={small.id}&b={large.id}").text
    assert "+CN¥3,000.00" in page  # the spend difference


RESULTS_HEADER = "placement,period_start,period_end,spend,impressions,clicks,conversions,revenue\n"


def test_results_form_refuses_impossible_figures(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/results",
        data={
            "placement": "search_top",
            "week": "",
            "spend": "-1",
            "impressions": "100",
            "clicks": "200",
            "conversions": "300",
            "revenue": "10",
        },
    )
    assert response.status_code == 400
    assert "Enter the week." in error_next_to(response.text, "week")
    assert "Enter from 0 to 999,999,999,999." in error_next_to(response.text, "spend")
    assert "More clicks than impressions" in error_next_to(response.text, "clicks")
    assert "More conversions than clicks" in error_next_to(response.text, "conversions")


def test_results_import_is_all_or_nothing_and_replans(client, auth):
    merchant, store = shop_and_catalogue()
    planner = auth.as_role(Role.PLANNER)
    first = factories.make_plan(store, planner, budget=2000)
    db.session.commit()
    broken = RESULTS_HEADER + (
        "search_top,2026-11-01,2026-11-07,500,0,600,30,1500\n"
        "billboard,2026-11-01,2026-11-07,100,0,10,1,50\n"
        "search_top,2026-11-08,2026-11-14,500,0,600,900,1500\n"
    )
    response = client.post(
        f"/budget/stores/{store.id}/results/import",
        data={"file": (io.BytesIO(broken.encode()), "results.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "nothing was imported" in response.text
    assert '<td class="num">3</td><td><code>placement</code></td>' in response.text
    assert '<td class="num">4</td><td><code>conversions</code></td>' in response.text
    good = RESULTS_HEADER + "search_top,2026-11-01,2026-11-07,500,0,625,10,450\n"
    client.post(
        f"/budget/stores/{store.id}/results/import",
        data={"file": (io.BytesIO(good.encode()), "results.csv")},
        content_type="multipart/form-data",
    )
    page = client.get(f"/budget/stores/{store.id}/results").text
    assert "625 clicks, 10 orders" in page and "planned" in page and "actual" in page

    replanned = client.post(
        f"/budget/stores/{store.id}/replan", data={"cautious": "1"}, follow_redirects=True
    )
    assert "Re-planned from the results on the cautious estimates." in replanned.text
    newest = db.session.scalar(select(BudgetPlan).order_by(BudgetPlan.id.desc()).limit(1))
    assert newest.id != first.id and newest.kind == "cautious_replan"
    learned = newest.request["placements"][0]
    assert learned["cvr"] < 0.05  # 10 orders from 625 clicks pulled the 5% prior down
    assert newest.result["totals"]["revenue"] < first.result["totals"]["revenue"]
    note = db.session.scalar(select(Notification).where(Notification.user_id == merchant.id))
    assert note.subject == "A new ad budget plan for your store"


def test_new_placement_form_starts_from_sensible_defaults(client, auth):
    auth.as_role(Role.PLANNER)
    page = client.get("/budget/placements/new").text
    assert 'id="prior_strength" min="1"' in page or 'name="prior_strength"' in page
    assert re.search(r'name="prior_strength"[^>]*value="100"', page)


def test_plan_page_says_who_ran_it(client, auth):
    _, store = shop_and_catalogue()
    planner = auth.as_role(Role.PLANNER)
    made = factories.make_plan(store, planner)
    db.session.commit()
    assert f"by {planner.email}" in client.get(f"/budget/plans/{made.id}").text


def test_the_allocation_chart_writes_each_spend_as_the_table_does(client, auth):
    """The bars were labelled 9000.0 and 782.8 beside a table saying 9,000.00 and 782.80."""
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    page = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "10000", "objective": "revenue", "max:search_top": "1000"},
        follow_redirects=True,
    ).text
    chart = page.split('aria-label="Bar chart"')[1].split("</svg>")[0]
    labels = re.findall(r'class="chart-value">([^<]*)<', chart)
    assert sorted(labels) == ["CN¥1,000.00", "CN¥9,000.00"]


def test_a_results_row_naming_a_placement_by_its_name_is_read_and_a_stranger_told_the_codes(
    client, auth
):
    """A row saying "Search Top" was told "Not a valid choice."; a name is read as its code,
    and a placement nobody has is told the codes and names there are."""
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    named = RESULTS_HEADER + "Search Top,2026-11-02,2026-11-08,500,0,600,30,1500\n"
    response = client.post(
        f"/budget/stores/{store.id}/results/import",
        data={"file": (io.BytesIO(named.encode()), "results.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, "the name is read as search_top"
    stranger = RESULTS_HEADER + "Banner Top,2026-11-09,2026-11-15,500,0,600,30,1500\n"
    response = client.post(
        f"/budget/stores/{store.id}/results/import",
        data={"file": (io.BytesIO(stranger.encode()), "results2.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Use a placement&#39;s code or name: feed (" in response.text
    assert "search_top (Search Top)" in response.text
    assert "Not a valid choice" not in response.text
