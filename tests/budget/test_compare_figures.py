"""Two plans side by side read as each plan page reads: spend and revenue were bare numbers
("1,000.00", "+8,000.00") above rows of "CN¥", and clicks came with cents ("1,875.00")."""

import re

from merchant_portal.access import Role
from merchant_portal.extensions import db

from .. import factories
from .marketplace import text
from .test_plans import shop_and_catalogue


def figures(page: str, label: str) -> str:
    found = re.search(rf"<tr><th>{label}</th>(.*?)</tr>", page, re.S)
    assert found, label
    return text(found.group(1)).strip()


def test_totals_side_by_side_are_money_and_counts(client, auth):
    _, store = shop_and_catalogue()
    planner = auth.as_role(Role.PLANNER)
    small = factories.make_plan(store, planner, budget=1000)
    large = factories.make_plan(store, planner, budget=4000)
    db.session.commit()
    page = client.get(f"/budget/compare?a={small.id}&b={large.id}").text
    assert figures(page, "Spend") == "CN¥1,000.00 CN¥4,000.00 +CN¥3,000.00"
    assert re.fullmatch(
        r"CN¥[\d,]+\.\d\d CN¥[\d,]+\.\d\d \+CN¥[\d,]+\.\d\d", figures(page, "Revenue")
    )
    assert re.fullmatch(r"[\d,]+ [\d,]+ \+[\d,]+", figures(page, "Clicks"))
    assert re.fullmatch(r"[\d,]+\.\d [\d,]+\.\d \+[\d,]+\.\d", figures(page, "Conversions"))
    assert re.fullmatch(r"\d+\.\d\d \d+\.\d\d [+-]\d+\.\d\d", figures(page, "ROAS"))
