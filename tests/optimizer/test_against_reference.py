"""The optimizer against an independent scipy formulation, on randomised requests."""

import pytest
from hypothesis import HealthCheck, given, settings

from optimizer.single import parse_plan_request, plan

from .reference import solve_reference
from .strategies import plan_requests

GUARANTEE = 0.005  # OPTIMIZER.md: within 0.5% of the true optimum
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def within_guarantee(ours: float, bound: float, minimise: bool, budget: float) -> bool:
    # Near an optimum of zero the relaxation's bound sits a sliver above it (a few 1e-5 of
    # the budget), so a little absolute room is allowed besides the 0.5%.
    slack = GUARANTEE * max(abs(bound), abs(ours)) + 1e-4 * budget
    if minimise:
        return ours <= bound + slack
    return ours >= bound - slack


@SETTINGS
@given(plan_requests())
def test_optimum_matches_the_independent_formulation(request_data):
    result = plan(parse_plan_request(request_data))
    outer = solve_reference(request_data, "outer")  # never below the true optimum
    if result.status == "infeasible":
        inner = solve_reference(request_data, "inner")
        assert inner["status"] == "infeasible", f"we said infeasible, scipy found {inner}"
        return
    assert outer["status"] == "optimal", "scipy's relaxation cannot be infeasible when we are not"
    # our figures are exact and our plan feasible, so we cannot beat the relaxation...
    assert result.objective_value <= outer["objective_value"] + 1e-4 + 1e-6 * abs(
        outer["objective_value"]
    )
    # ...and we must come within 0.5% of it
    assert within_guarantee(
        result.objective_value, outer["objective_value"], False, request_data["budget"]
    ), f"ours {result.objective_value}, bound {outer['objective_value']}"


@SETTINGS
@given(plan_requests(objectives=("min_spend",)))
def test_min_spend_matches_the_independent_formulation(request_data):
    reachable = solve_reference({**request_data, "objective": "conversions"}, "inner")
    if reachable["status"] != "optimal" or reachable["objective_value"] <= 1:
        return
    goal = round(reachable["objective_value"] * 0.6, 3)
    request_data = {**request_data, "target": {"conversions": goal}}
    result = plan(parse_plan_request(request_data))
    lower = solve_reference(request_data, "outer")  # spends no more than the true minimum
    assert result.status == "optimal", result.diagnosis
    assert result.totals["conversions"] >= goal * (1 - 1e-9)
    assert within_guarantee(
        result.objective_value, lower["objective_value"], True, request_data["budget"]
    )


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_linear_plan_is_exact_with_either_solver(solver):
    request_data = {
        "budget": 5000,
        "placements": [
            {"id": "search", "pricing": "cpc", "price": 0.5, "cvr": 0.04, "aov": 50, "max_spend": 3000},
            {"id": "feed", "pricing": "cpm", "price": 10, "ctr": 0.01, "cvr": 0.03, "aov": 40},
            {"id": "banner", "pricing": "slot", "price": 900, "impressions_per_slot": 100000,
             "ctr": 0.002, "cvr": 0.02, "aov": 70, "capacity": 3},
        ],
    }  # fmt: skip
    result = plan(parse_plan_request(request_data), solver)
    reference = solve_reference(request_data)
    assert result.objective_value == pytest.approx(reference["objective_value"], rel=1e-9)


@SETTINGS
@given(plan_requests(with_curves=True))
def test_highs_and_cbc_agree(request_data):
    highs = plan(parse_plan_request(request_data), "highs")
    cbc = plan(parse_plan_request(request_data), "cbc")
    assert highs.status == cbc.status
    if highs.status == "optimal":
        # The polish stops once spends move less than 1e-4 of the budget (grid.POLISH_SETTLED)
        # and CBC keeps its own feasibility tolerance, so the two agree to about that.
        scale = max(1.0, abs(highs.objective_value))
        assert abs(highs.objective_value - cbc.objective_value) <= 1e-4 * scale
