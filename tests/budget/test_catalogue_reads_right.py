"""The placement catalogue says what a planner typed."""

import re

from merchant_portal.access import Role

from .. import factories
from .marketplace import text


def test_an_inventory_of_zero_is_not_unlimited(client, auth):
    """A planner set a placement's inventory to 0 (nothing to sell this period): the catalogue
    said "unlimited", while the platform run, rightly, called it sold out."""
    factories.make_placement("search_top", name="Search results, top", inventory=0)
    factories.make_placement("feed", name="Recommendation feed", pricing="cpm", price=12,
                             prior_ctr=0.01, inventory=None)  # fmt: skip
    auth.as_role(Role.PLANNER)
    page = client.get("/budget/placements").text
    rows = {
        name: text(row)
        for row, name in re.findall(
            r"<tr>(.*?(Search results, top|Recommendation feed).*?)</tr>", page, re.S
        )
    }
    assert "unlimited" not in rows["Search results, top"]
    assert " 0 " in rows["Search results, top"]
    assert "unlimited" in rows["Recommendation feed"]
