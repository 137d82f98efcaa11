"""Compare labels each plan and signs differences newer minus older, whichever way round the
two were asked for; the plan's curve starts at a budget of 0 and says what a binding ROAS
floor leaves unspent, and why."""

import re
from datetime import timedelta

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan
from merchant_portal.extensions import db

from .. import factories
from .marketplace import text
from .test_compare_figures import figures
from .test_plans import shop_and_catalogue


def test_the_newer_plan_on_the_right_and_its_gain_signed_plus(client, auth):
    _, store = shop_and_catalogue()
    planner = auth.as_role(Role.PLANNER)
    older = factories.make_plan(store, planner, budget=1000)
    newer = factories.make_plan(store, planner, budget=4000)
    older.created_at = newer.created_at - timedelta(days=2)
    newer.replanned_from_id = older.id
    db.session.commit()
    # asked newer first: still older on the left, newer minus older
    page = client.get(f"/budget/compare?a={newer.id}&b={older.id}").text
    assert figures(page, "Spend") == "CN¥1,000.00 CN¥4,000.00 +CN¥3,000.00"
    assert figures(page, "Revenue").split()[-1].startswith("+"), "more revenue reads as a gain"
    head = text(page.split("<thead>")[1].split("</thead>")[0])
    assert f"Plan #{older.id} older" in head and f"Plan #{newer.id} newer" in head
    assert f"by {planner.email}" in head
    assert f"re-planned from #{older.id}" in head
    assert f"Difference (#{newer.id} \u2212 #{older.id})" in head


def test_a_binding_roas_floor_says_how_much_stays_unspent_and_why(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "50000", "objective": "revenue", "min_roas": "2.5"},
        follow_redirects=True,
    )
    made = db.session.scalar(select(BudgetPlan))
    assert "min_roas" in made.result["binding"], made.result["binding"]
    spend = made.result["totals"]["spend"]
    said = " ".join(text(m) for m in re.findall(r'id="unspent">(.*?)</p>', response.text, re.S))
    assert f"CN¥{50000 - spend:,.2f}" in said, "an amount of money reads as one"
    assert "stays unspent" in said and "ROAS floor of 2.5 binds" in said
    # where the lines go flat is the plan's own stop, not the curve's next budget step
    assert f"never spends more than CN¥{spend:,.2f}" in said and "flat" in said
    chart = response.text.split("Return against budget")[1]
    assert re.search(r'class="chart-label">0</text>', chart), "the budget axis starts at 0"
