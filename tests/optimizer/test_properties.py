"""Properties every answer must have, checked on random requests with the exact curves."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.single import parse_plan_request, plan
from optimizer.single import response as curves

from .strategies import plan_requests

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def close(scale: float) -> float:
    return 1e-6 * max(1.0, scale)


def assert_keeps_every_constraint(request_data: dict, result) -> None:
    request = parse_plan_request(request_data)
    budget = request.budget
    spends = {a.id: a.spend for a in result.allocations}
    assert [a.id for a in result.allocations] == [p.id for p in request.placements]
    total = sum(spends.values())
    assert total <= budget + close(budget), "over budget"
    if request.spend_all:
        assert total >= budget - close(budget), "spend_all but budget not spent"
    for p in request.placements:
        spend = spends[p.id]
        assert spend >= p.min_spend - close(budget), f"{p.id} under min_spend"
        ceiling = p.spend_ceiling
        if ceiling is not None:
            assert spend <= ceiling + close(budget), f"{p.id} over its max spend or capacity"
        if p.pricing == "slot":
            slots = spend / p.price
            assert abs(slots - round(slots)) < 1e-6, f"{p.id} buys part of a slot"
    for name, group in request.groups.items():
        in_group = sum(spends[p.id] for p in request.placements if p.group == name)
        assert in_group <= group.max_share * total + close(budget), f"group {name} over its share"
        assert in_group >= group.min_share * total - close(budget), f"group {name} under its share"
    revenue = sum(curves.revenue(p, spends[p.id]) for p in request.placements)
    assert math.isclose(revenue, result.totals["revenue"], rel_tol=1e-9, abs_tol=1e-9)
    if request.min_roas is not None:
        assert revenue >= request.min_roas * total - close(budget), "ROAS floor broken"


@SETTINGS
@given(plan_requests())
def test_every_answer_keeps_every_constraint(request_data):
    result = plan(parse_plan_request(request_data))
    if result.status == "optimal":
        assert_keeps_every_constraint(request_data, result)
    else:
        assert result.diagnosis, "an infeasible plan must say why"


@SETTINGS
@given(plan_requests(), st.floats(1.05, 3))
def test_optimum_never_falls_when_the_budget_grows(request_data, growth):
    request_data = {**request_data, "spend_all": False}
    smaller = plan(parse_plan_request(request_data))
    larger = plan(parse_plan_request({**request_data, "budget": request_data["budget"] * growth}))
    if smaller.status != "optimal":
        return
    assert larger.status == "optimal", "a larger budget cannot make a feasible plan infeasible"
    # both are within 0.5% of their true optima, which never fall as the budget grows
    slack = 0.005 * abs(smaller.objective_value) + 1e-4
    assert larger.objective_value >= smaller.objective_value - slack


def even_split_value(request_data: dict) -> float | None:
    """The objective of splitting the budget evenly, when that split is itself feasible."""
    request = parse_plan_request(request_data)
    share = request.budget / len(request.placements)
    for p in request.placements:
        ceiling = p.spend_ceiling
        if share < p.min_spend or (ceiling is not None and share > ceiling):
            return None
        if p.pricing == "slot" and abs(share / p.price - round(share / p.price)) > 1e-9:
            return None
    total = request.budget
    for name, group in request.groups.items():
        members = sum(1 for p in request.placements if p.group == name) * share
        if not group.min_share * total <= members <= group.max_share * total:
            return None
    revenue = sum(curves.revenue(p, share) for p in request.placements)
    conversions = sum(curves.conversions(p, share) for p in request.placements)
    if request.min_roas is not None and revenue < request.min_roas * total:
        return None
    if request.objective == "revenue":
        return revenue
    if request.objective == "conversions":
        return conversions
    return request.margin * revenue - total


@SETTINGS
@given(plan_requests())
def test_never_loses_to_an_even_split(request_data):
    baseline = even_split_value(request_data)
    if baseline is None:
        return
    result = plan(parse_plan_request(request_data))
    assert result.status == "optimal"
    assert result.objective_value >= baseline - 0.005 * abs(baseline) - 1e-4
