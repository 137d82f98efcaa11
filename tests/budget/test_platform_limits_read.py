"""A merchant's budget and ROAS floor as a planner reads them on the run's page. A run of the
demo solved by decomposition left 9,999.13 of a 10,000 budget and a ROAS of 2.5003 on a floor
of 2.5: the page said neither the budget was spent nor the floor held, so nothing explained
why a store with 5,000 to spend stopped at 2,205.87."""

from merchant_portal.budget.platform.answer import read_answer
from merchant_portal.budget.platform.facts import run_facts
from merchant_portal.budget.platform.request import RunStores, StoreEntry


def facts_of(spend: float, revenue: float, budget: float, floor: float | None):
    merchant = {"id": "m", "budget": budget, "rates": {"p": {"cvr": 0.05, "aov": 60.0}}}
    if floor is not None:
        merchant["min_roas"] = floor
    request = {
        "objective": "revenue",
        "placements": [{"id": "p", "pricing": "cpc", "price": 0.8, "capacity": 1e9}],
        "merchants": [merchant],
    }
    stores = RunStores(request, {})
    stores["m"] = StoreEntry(1, 1, budget, 1)
    row = {"merchant": "m", "placement": "p", "spend": spend, "units": spend / 0.8,
           "clicks": spend / 0.8, "conversions": revenue / 60, "revenue": revenue}  # fmt: skip
    answer = read_answer({
        "status": "optimal", "objective_value": revenue, "bound": revenue, "gap": 0.0,
        "placement_prices": {"p": 0.0}, "allocations": [row],
        "merchant_totals": [{"merchant": "m", "spend": spend, "clicks": row["clicks"],
                             "conversions": row["conversions"], "revenue": revenue,
                             "roas": revenue / spend}],
    })  # fmt: skip
    return run_facts(stores, answer).merchants["m"]


def test_a_budget_spent_to_the_last_tenth_of_a_percent_is_spent():
    assert facts_of(9999.13, 14561.02, 10000, None).whole_budget
    assert not facts_of(9980.0, 14561.02, 10000, None).whole_budget


def test_a_return_a_hair_above_its_floor_is_held_at_it():
    lantern = facts_of(2205.871, 5515.34, 5000, 2.5)
    assert lantern.at_floor and not lantern.whole_budget
    assert not facts_of(2205.871, 5600.0, 5000, 2.5).at_floor  # 2.54: room above the floor
