"""One advertiser's plan: the fastest path that keeps the 0.5% promise, then exact figures.

- Budget-only plans of cpc and cpm placements (revenue, conversions or profit; no shares,
  no ROAS floor, no target): the exact optimum in closed form (``waterfill.py``).
- Other cpc/cpm plans: the chord LP with breakpoints generated where the optimum lands, its
  gap to the true optimum proven by a Lagrangian bound each round (``breakpoints.py``).
- Whole slots, measured curves, CBC, and requests the coarse chords cannot satisfy: the
  fixed-grid PuLP model, certified and polished (``grid.py``), which also explains an
  infeasible request.
Whatever the path, the figures come from the exact curves at the spends found
(``figures.py``).
"""

import numpy as np

from . import breakpoints
from .arrays import array_ready, click_weight, placements_of
from .figures import result_from_spends
from .grid import CERTIFIED_GAP, TOLERANCE, grid_plan
from .model import CHORDS, build_model
from .request import PlanRequest
from .result import PlanResult
from .waterfill import waterfill


def plan(request: PlanRequest, solver: str = "highs", write_lp: str | None = None) -> PlanResult:
    if write_lp:  # the model of record, as the fixed grid builds it
        build_model(request, CHORDS, TOLERANCE).problem.writeLP(write_lp)
    if solver == "highs" and array_ready(request):
        result = fast_plan(request)
        if result is not None:
            return result
    return grid_plan(request, solver)


def budget_only(request: PlanRequest) -> bool:
    """Only the budget and each placement's own bounds constrain the plan."""
    return (
        request.objective in ("revenue", "conversions", "profit")
        and request.min_roas is None
        and request.target is None
        and all(g.max_share >= 1 and g.min_share <= 0 for g in request.groups.values())
    )


def fast_plan(request: PlanRequest) -> PlanResult | None:
    """The plan from arrays, or None where the fixed grid must decide (bounds that conflict,
    constraints the coarse chords cannot meet)."""
    placements = placements_of(request)
    if np.any(placements.lower > placements.upper):
        return None
    if budget_only(request):
        weight, cost = click_weight(request, placements)
        found = waterfill(
            weight * placements.rate, placements.half, placements.lower, placements.upper,
            cost, np.array([request.budget]), request.spend_all,
        )  # fmt: skip
        if not found.solved[0]:
            return None
        return result_from_spends(request, found.spends[:, 0], found.price[0], {}, 0.0)
    found = breakpoints.solve(request, placements)
    if found is None or found.gap > CERTIFIED_GAP:
        return None
    price = found.duals["budget"]
    if request.objective == "min_spend":  # the LP maximises -spend; report d(spend)/d(budget)
        price = -price
    return result_from_spends(request, found.spends, price, found.slacks, found.gap)
