"""A signed amount is one piece: beside a store's own plan the difference column showed "+"
on one line and "¥1,469.92" on the next in Chinese (a line may break before "¥")."""

import pytest

from merchant_portal.access import Role
from merchant_portal.extensions import db

from .. import factories
from ..budget.test_plans import shop_and_catalogue
from .test_budget_journey import log_in

LINES = """() => [...document.querySelectorAll("td.num")]
  .filter((cell) => /^[+-]/.test(cell.innerText.trim()))
  .map((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    return [cell.innerText.trim(), tops.size];
  })"""


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_a_difference_stays_on_one_line(page, language):
    _, store = shop_and_catalogue()
    planner = factories.make_user(Role.PLANNER, email="pat@example.com")
    planner.locale = language
    low, high = (
        factories.make_plan(store, planner, 1000.0),
        factories.make_plan(store, planner, 9000.0),
    )
    db.session.commit()
    log_in(page, "pat@example.com")
    page.set_viewport_size({"width": 360, "height": 900})  # a crowded table, as on a phone
    page.goto(f"/budget/compare?a={low.id}&b={high.id}")
    cells = page.evaluate(LINES)
    assert cells and all(lines == 1 for _text, lines in cells), cells
