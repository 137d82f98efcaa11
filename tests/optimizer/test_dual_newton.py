"""The exact constrained plan (Newton on the dual, ``single/newton.py``) against the chord LP.

Constrained plans of saturating placements skip the chord LP: the prices of the budget, the
shares, the ROAS floor and the target are found by Newton steps on the Lagrangian bound and
the plan is the spends those prices want. A fault there would change plans silently, so
random constrained requests (fixed seeds: every objective, shares, floors, targets, minimum
spends, spend_all) are solved both ways: the Newton plan keeps every constraint on the exact
curves, is worth at least the chord LP's plan (which is within its proven gap of the optimum)
and at most the LP's proven bound, and its own gap is proven too.
"""

import random

import numpy as np
import pytest

from optimizer.single import breakpoints, newton, parse_plan_request, plan
from optimizer.single.arrays import click_weight, clicks, placements_of
from optimizer.single.newton_kernel import PROVEN


def random_request(seed: int) -> dict:
    rng = random.Random(seed)
    count = rng.choice([1, 2, 3, 5, 8, 20, 60])
    objective = rng.choice(["revenue", "revenue", "conversions", "profit", "min_spend"])
    items = []
    for index in range(count):
        cpm = rng.random() < 0.4
        item = {
            "id": f"p{index}",
            "pricing": "cpm" if cpm else "cpc",
            "price": round(rng.uniform(2, 30), 2) if cpm else round(rng.uniform(0.1, 3), 2),
            "cvr": round(rng.uniform(0.005, 0.1), 4),
            "aov": round(rng.uniform(10, 200), 2),
            "saturation": {"half_spend": round(rng.uniform(200, 8000))},
            "group": rng.choice(["search", "display", "video"]),
        }
        if cpm:
            item["ctr"] = round(rng.uniform(0.001, 0.05), 4)
        if rng.random() < 0.5:
            item["max_spend"] = round(rng.uniform(500, 8000))
        if rng.random() < 0.2:
            item["min_spend"] = round(rng.uniform(0, 400))
        if rng.random() < 0.2:
            per_unit = item["price"] / (1000 if cpm else 1)
            item["capacity"] = round(rng.uniform(300, 5000) / per_unit)
        items.append(item)
    request = {
        "budget": round(rng.uniform(0.2, 1.5) * 3000 * count, 2),
        "objective": objective,
        "placements": items,
    }
    if objective == "profit":
        request["margin"] = round(rng.uniform(0.3, 0.9), 3)
    if objective == "min_spend":
        request["target"] = {rng.choice(["conversions", "revenue"]): 1.0}  # scaled below
    if rng.random() < 0.6:
        request["min_roas"] = round(rng.uniform(0.5, 4), 3)
    if rng.random() < 0.2 and objective != "min_spend":
        request["spend_all"] = True
    shares = {}
    if rng.random() < 0.6:
        shares["search"] = {"max_share": round(rng.uniform(0.2, 0.7), 3)}
    if rng.random() < 0.4:
        shares["display"] = {"min_share": round(rng.uniform(0.05, 0.3), 3)}
    present = {item["group"] for item in items}
    shares = {name: share for name, share in shares.items() if name in present}
    if shares:
        request["groups"] = shares
    if "target" in request:  # a target the budget can reach: a fraction of the most it buys
        metric = next(iter(request["target"]))
        reach = dict(request, objective=metric, target=None, min_roas=None)
        best = plan(parse_plan_request(reach))
        request["target"][metric] = max(round(rng.uniform(0.2, 0.9) * best.totals[metric], 2), 0.01)
    return request


def exact_rows(rows, placements, spends):
    return rows.per_spend @ spends + rows.per_click @ clicks(placements, spends)


@pytest.mark.parametrize("seed", range(60))
def test_the_newton_plan_is_the_chord_plan_or_better_and_keeps_every_row(seed):
    request = parse_plan_request(random_request(seed))
    placements = placements_of(request)
    rows = breakpoints.coupling_rows(request, placements)
    lp = breakpoints.solve(request, placements)
    found = newton.solve(request, placements, rows)
    if lp is None or lp.gap > 1e-3:  # nothing to compare with (infeasible, or the grid's)
        assert found is None or found.gap <= PROVEN
        return
    assert found is not None, "Newton gave up where the chord LP found the plan"
    weight, cost = click_weight(request, placements)

    def worth(spends):
        return float(weight @ clicks(placements, spends) - cost * spends.sum())

    assert np.all(found.spends >= placements.lower) and np.all(found.spends <= placements.upper)
    activity = exact_rows(rows, placements, found.spends)
    give = 1e-9 * np.maximum(np.abs(rows.upper[0]), 1.0)
    assert np.all(activity <= rows.upper + give) and np.all(activity >= rows.lower - give)
    ours, theirs = worth(found.spends), worth(lp.spends)
    scale = max(abs(ours), abs(theirs), 1e-3 * request.budget)
    assert ours >= theirs - PROVEN * scale, "the exact plan is worth less than the chords'"
    assert ours <= theirs + (lp.gap + 1e-8) * scale, "beyond the LP's proven bound"
    assert found.gap <= PROVEN


@pytest.mark.parametrize("seed", range(1000, 1020))
def test_a_constrained_plan_takes_the_exact_path_and_reports_its_figures(seed):
    request = parse_plan_request(random_request(seed))
    placements = placements_of(request)
    lp = breakpoints.solve(request, placements)
    if lp is None or lp.gap > 1e-3:
        return
    result = plan(request)
    assert result.optimality_gap <= PROVEN  # the chord LP proves 1e-4 at best
    scale = max(abs(result.objective_value), 1e-3 * request.budget)
    weight, cost = click_weight(request, placements)
    theirs = float(weight @ clicks(placements, lp.spends) - cost * lp.spends.sum())
    if request.objective == "min_spend":  # the LP maximises -spend
        theirs = -theirs
        assert result.objective_value <= theirs + PROVEN * scale
    else:
        assert result.objective_value >= theirs - PROVEN * scale
