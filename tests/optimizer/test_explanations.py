"""What a planner reads besides the allocation: binding constraints, prices, diagnoses."""

import pytest

from optimizer.single import parse_plan_request, plan

BASE = {
    "budget": 10000,
    "placements": [
        {"id": "search_top", "pricing": "cpc", "price": 0.8, "cvr": 0.05, "aov": 60,
         "max_spend": 6000, "group": "search", "saturation": {"half_spend": 3000}},
        {"id": "feed", "pricing": "cpm", "price": 12, "ctr": 0.012, "cvr": 0.03, "aov": 55},
    ],
}  # fmt: skip


def run(**changes):
    return plan(parse_plan_request({**BASE, **changes}))


def test_budget_binding_has_a_shadow_price_and_idle_budget_has_none():
    spent = run()
    assert "budget" in spent.binding
    assert spent.shadow_prices["budget"] == pytest.approx(0.03 * 55 * 1000 * 0.012 / 12, rel=1e-3)
    capped = run(placements=[{**BASE["placements"][0], "max_spend": 500}])
    assert "search_top.max_spend" in capped.binding
    assert "budget" not in capped.binding
    assert capped.shadow_prices["budget"] == 0


def test_minimum_spends_above_budget_are_diagnosed_with_the_fix():
    placements = [
        {**BASE["placements"][0], "min_spend": 5000},
        {**BASE["placements"][1], "min_spend": 7000},
    ]
    result = run(placements=placements)
    assert result.status == "infeasible"
    assert result.diagnosis == [
        "Minimum spends add up to 12,000 but the budget is 10,000: raise the budget to 12,000 "
        "or lower the minimum spends by 2,000."
    ]
    assert result.conflicts[0].field == "budget"
    assert result.conflicts[0].suggested_value == 12000


def test_unreachable_roas_names_the_best_reachable_one():
    result = run(spend_all=True, min_roas=4.0)
    assert result.status == "infeasible"
    (finding,) = result.conflicts
    assert finding.field == "min_roas"
    best = finding.suggested_value
    assert f"The best reachable ROAS is {best:.2f}, below the required 4.00" in finding.message
    # and the suggestion works
    assert run(spend_all=True, min_roas=best * 0.999).status == "optimal"


def test_unreachable_target_names_what_is_reachable():
    result = run(objective="min_spend", target={"conversions": 5000})
    assert result.status == "infeasible"
    (finding,) = result.conflicts
    reachable = finding.suggested_value
    assert "can be reached within the budget of 10,000" in finding.message
    assert run(objective="min_spend", target={"conversions": reachable * 0.99}).status == "optimal"


def test_group_share_conflict_is_explained():
    result = run(spend_all=True, groups={"search": {"min_share": 0.9}})
    assert result.status == "infeasible"
    assert result.conflicts[0].field == "groups.search.min_share"
    assert "closest it can come is 60.0%" in result.diagnosis[0]


def test_min_spend_beyond_capacity_is_explained():
    placements = [
        {**BASE["placements"][0], "capacity": 1000, "min_spend": 2000},
        BASE["placements"][1],
    ]
    result = run(placements=placements)
    assert result.status == "infeasible"
    assert result.conflicts[0].field == "placements[0].min_spend"
    assert "capacity allows at most 800" in result.diagnosis[0]


def test_roas_floor_nothing_reaches_spends_nothing_and_says_why():
    result = run(min_roas=9.0)
    assert result.status == "optimal"
    assert result.totals["spend"] == 0
    assert "No placement reaches the ROAS floor of 9.00" in result.notes[0]


def test_min_spend_objective_reaches_the_target_cheaply():
    result = run(objective="min_spend", target={"revenue": 5000})
    assert result.status == "optimal"
    assert result.totals["revenue"] >= 5000 - 1e-6
    assert "target" in result.binding
    assert result.optimality_gap <= 0.005


def test_floor_equal_to_the_first_units_return_spends_nothing_with_a_small_gap():
    """Found by hypothesis: return on the first unit is exactly the ROAS floor, and every
    later unit returns less, so the optimum is to spend nothing."""
    request = {
        "budget": 500,
        "min_roas": 0.5,
        "placements": [{"id": "p0", "pricing": "cpc", "cvr": 0.005, "aov": 10, "price": 0.1,
                        "saturation": {"half_spend": 200}}],
    }  # fmt: skip
    result = plan(parse_plan_request(request))
    assert result.status == "optimal"
    assert result.totals["spend"] == 0
    assert result.optimality_gap < 0.05
