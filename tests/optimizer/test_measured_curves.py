"""Measured curves solved from arrays (best first, or chords on the curve's own points) give
the mixed-integer model's optimum: the contract expects the optimum itself for curves."""

import random

import pytest

from optimizer.single.grid import grid_plan
from optimizer.single.planning import fast_plan
from optimizer.single.sweep import frontier
from optimizer.single.validation import parse_plan_request


def _curve(r: random.Random, name: str) -> dict:
    half, ceiling = r.uniform(100, 3000), r.uniform(0.5, 3)
    spends = sorted({round(r.uniform(1, 5000), 2) for _ in range(r.randint(2, 30))})
    points = [[0, 0]] + [[s, round(ceiling * half * s / (half + s), 4)] for s in spends]
    return {"id": name, "pricing": "curve", "points": points, "cvr": r.uniform(0.01, 0.1),
            "aov": r.uniform(20, 200)}  # fmt: skip


def _request(seed: int, constrained: bool) -> dict:
    r = random.Random(seed)
    placements = [_curve(r, f"c{i}") for i in range(r.randint(1, 6))]
    placements.append({"id": "cpc", "pricing": "cpc", "price": 0.8, "cvr": 0.03, "aov": 50})
    for p in placements:
        if r.random() < 0.3:
            p["min_spend"] = round(r.uniform(0, 300), 2)
        if r.random() < 0.3:
            p["max_spend"] = round(r.uniform(600, 4000), 2)
    request = {"budget": r.uniform(500, 12000), "objective": r.choice(["revenue", "profit"]),
               "margin": 0.3, "placements": placements, "spend_all": r.random() < 0.2}  # fmt: skip
    if constrained:
        request["min_roas"] = r.uniform(1, 4)
        placements[0]["group"] = "g"
        request["groups"] = {"g": {"max_share": 0.6}}
    return request


@pytest.mark.parametrize("constrained", [False, True])
@pytest.mark.parametrize("seed", range(12))
def test_curves_from_arrays_reach_the_models_optimum(seed, constrained):
    request = parse_plan_request(_request(seed, constrained))
    model = grid_plan(request, "highs")
    found = fast_plan(request)
    if model.status != "optimal":
        assert found is None, "an infeasible request goes to the model, which explains it"
        return
    assert found is not None
    assert found.objective_value == pytest.approx(model.objective_value, rel=1e-7, abs=1e-6)


def test_a_frontier_of_curves_is_each_budgets_plan():
    request = parse_plan_request(_request(3, constrained=False))
    budgets = [500.0, 2000.0, 5000.0, 9000.0]
    for point in frontier(request, budgets):
        alone = fast_plan(request.with_budget(point.budget))
        assert point.objective_value == pytest.approx(alone.objective_value, rel=1e-9)


def test_an_s_shaped_curve_is_left_to_the_mixed_integer_model():
    request = parse_plan_request({
        "budget": 1000, "placements": [{"id": "s", "pricing": "curve", "cvr": 0.1, "aov": 10,
                                        "points": [[0, 0], [100, 10], [200, 100], [300, 120]]}],
    })  # fmt: skip
    assert fast_plan(request) is None
    assert grid_plan(request, "highs").status == "optimal"
