"""A bar chart's amounts are read whole: the plan page's longest bar ended so near the chart's
edge that its amount was cut to "CN¥8,168." in English."""

from merchant_portal.access import Role
from merchant_portal.extensions import db

from .. import factories
from ..budget.test_plans import shop_and_catalogue
from .test_budget_journey import log_in

OVERFLOW = """() => [...document.querySelectorAll("svg.chart")].flatMap((svg) => {
  const width = svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll(".chart-value")]
    .filter((label) => { const box = label.getBBox(); return box.x + box.width > width; })
    .map((label) => label.textContent);
})"""


def test_the_longest_bar_s_amount_fits_the_chart(page):
    _, store = shop_and_catalogue()
    planner = factories.make_user(Role.PLANNER, email="pat@example.com")
    plan = factories.make_plan(store, planner, budget=123_456.0)
    db.session.commit()
    log_in(page, "pat@example.com")
    page.goto(f"/budget/plans/{plan.id}")
    page.locator("svg.chart").first.wait_for()
    assert page.evaluate(OVERFLOW) == []
