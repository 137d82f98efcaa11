"""Constrained plans of saturating placements, exactly: Newton's method on the Lagrangian dual.

With every placement saturating (cpc or cpm with a half spend), the plan is a separable
concave programme with a few coupling rows (budget, group shares, ROAS floor, target). For
row prices y (signed as HiGHS signs duals: > 0 on an upper bound, < 0 on a lower one) each
placement's own problem, max A·clicks(s) - B·s with A = w - y·per_click and
B = cost + y·per_spend, has the closed form s*(y) = clip(h (sqrt(rate A / B) - 1), low, high),
and the Lagrangian bound g(y) = sum of those maxima + y·bounds is convex in y with

    gradient  = bounds - rows(s*(y))
    Hessian   = sum over unclipped placements of (s + h) / (2 B) v vᵀ,
                v = per_spend + per_click B / A (the row's cost of the marginal unit).

So the optimum's prices are found by projected Newton steps on g (a handful of rows, so each
step is a tiny dense solve), and the plan is s*(y) itself: the exact optimum, with no chords
and no LP. Each row is aimed a hair inside its bound (``INSIDE``), so the plan keeps every
constraint on the exact curves; g at the final prices, with the true bounds, is a proven
upper bound, so the gap reported is proven as on the chord path (about 1e-9 here). Where
Newton does not settle (a request nothing can satisfy, prices at a kink of several clipped
placements) it returns None and the chord LP decides, as before.
"""

from dataclasses import dataclass

import numpy as np

from .arrays import Placements, click_weight
from .breakpoints import Rows
from .request import PlanRequest


@dataclass
class DualPlan:
    spends: np.ndarray
    duals: dict[str, float]  # row name -> d(objective)/d(bound)
    slacks: dict[str, float]  # row name -> distance from its bound, on the exact curves
    gap: float  # proven relative gap to the true optimum
    rounds: int  # Newton steps taken


def solve(request: PlanRequest, placements: Placements, rows: Rows) -> DualPlan | None:
    """The exact plan, or None where the chord LP should decide (the steps are compiled:
    ``newton_kernel.py``)."""
    if not len(placements) or placements.curves is not None:
        return None  # (the steps also give up on linear and slot placements)
    # numba loads with the first constrained plan (about 0.45 s of CPU once per process),
    # not with the package: budget-only plans and the other commands never need it
    from .newton_kernel import dual_newton

    weight, cost = click_weight(request, placements)
    p = placements
    proven, prices, spends, slack, gap, steps = dual_newton(
        weight, float(cost), p.rate, p.half, p.lower, p.upper,
        rows.per_spend, rows.per_click, rows.lower, rows.upper,
        float(request.budget), request.objective == "min_spend",
    )  # fmt: skip
    if not proven:
        return None
    duals = dict(zip(rows.names, prices.tolist(), strict=True))
    slacks = dict(zip(rows.names, slack.tolist(), strict=True))
    return DualPlan(spends, duals, slacks, gap, steps)
