"""The chord rounds of a constrained plan: breakpoints added to the loaded programme give the
programme a cold build of the same breakpoints gives, and refined prices end the rounds early.

A constrained plan re-solves its chord LP warm (new breakpoints come in as columns, the
segment they split fixed at 0), so a fault there would change plans without any error; the
second test holds the refined prices to what they are for: the 1,000-placement benchmark
plan took 5 rounds from the LP's own duals, 2 from the refined ones.
"""

import copy
import random

import numpy as np
import pytest

from optimizer.single import parse_plan_request
from optimizer.single.arrays import placements_of
from optimizer.single.breakpoints import (
    GAP,
    PLAN_START_TOLERANCE,
    Chords,
    coupling_rows,
    initial_breakpoints,
    solve,
)


def constrained(count: int, seed: int) -> dict:
    """Saturating placements in groups with shares and a ROAS floor that binds."""
    rng = random.Random(seed)
    placements = []
    for i in range(count):
        cpm = i % 3 == 2
        item = {
            "id": f"p{i}",
            "pricing": "cpm" if cpm else "cpc",
            "price": round(rng.uniform(4, 20), 2) if cpm else round(rng.uniform(0.2, 2), 2),
            "cvr": round(rng.uniform(0.01, 0.08), 4),
            "aov": round(rng.uniform(30, 120), 2),
            "saturation": {"half_spend": round(rng.uniform(1000, 8000))},
            "max_spend": round(rng.uniform(4000, 20000)),
            "group": ("search", "display", "video")[i % 3],
        }
        if cpm:
            item["ctr"] = round(rng.uniform(0.002, 0.02), 4)
        placements.append(item)
    return {
        "budget": 4000.0 * count,
        "objective": "revenue",
        "min_roas": 2.0,
        "placements": placements,
        "groups": {"search": {"max_share": 0.45}, "display": {"min_share": 0.2}},
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_breakpoints_added_warm_solve_the_programme_a_cold_build_solves(seed):
    request = parse_plan_request(constrained(40, seed))
    placements = placements_of(request)
    chords = Chords(request, placements, coupling_rows(request, placements))
    chords.add(*initial_breakpoints(placements, PLAN_START_TOLERANCE))
    program = chords.program()[0]
    first = program.solve()
    wanted = chords.lagrangian(first.row_duals)[1]
    rng = np.random.default_rng(seed)
    extra = rng.uniform(0, placements.upper)  # and some anywhere, several per segment
    index = np.arange(len(placements))
    assert chords.extend(program, np.concatenate([index, index]), np.concatenate([wanted, extra]))
    warm = program.solve()
    cold = copy.copy(chords).program()[0].solve()
    assert warm.objective_value == pytest.approx(cold.objective_value, rel=1e-9)
    assert warm.objective_value >= first.objective_value - 1e-9 * abs(first.objective_value)
    spends = np.bincount(chords.column_owner, weights=warm.primal, minlength=len(placements))
    assert np.all(spends <= placements.upper * (1 + 1e-9))  # a split segment adds no room
    assert spends.sum() <= request.budget * (1 + 1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_constrained_plan_proves_its_gap_within_three_rounds(seed):
    request = parse_plan_request(constrained(300, seed))
    found = solve(request, placements_of(request))
    assert found is not None
    assert found.gap <= GAP
    assert found.rounds <= 3
