"""One advertiser's plan: the fastest path that keeps the 0.5% promise, then exact figures.

- Budget-only plans of cpc, cpm and slot placements (revenue, conversions or profit; no
  shares, no ROAS floor, no target): the exact optimum in closed form (``closed_form.py``),
  for every choice of whole slots at once, the best kept.
- Other cpc/cpm plans: the chord LP with breakpoints generated where the optimum lands, its
  gap to the true optimum proven by a Lagrangian bound each round (``breakpoints.py``).
- Budget-only plans of concave measured curves and unsaturated cpc/cpm: segments filled best
  first (``knapsack.py``), exact.
- Concave measured curves otherwise: the same chord LP, the curve's own points as the
  breakpoints it may use (``measured.py``).
- Whole slots, S-shaped curves, CBC, and requests the coarse chords cannot satisfy: the
  fixed-grid PuLP model, certified and polished (``grid.py``), which also explains an
  infeasible request.
Whatever the path, the figures come from the exact curves at the spends found
(``figures.py``).
"""

import numpy as np

from ..solvers.modelling import write_lp as write_lp_file
from . import breakpoints, newton
from .arrays import Placements, array_ready, click_weight, clicks, placements_of
from .closed_form import Waterfill, waterfill
from .figures import result_from_spends
from .grid import CERTIFIED_GAP, TOLERANCE, grid_plan
from .knapsack import best_first, segments_only
from .measured import concave
from .model import CHORDS, build_model
from .request import PlanRequest
from .result import PlanResult

SLOT_CHOICES = 4096  # whole-slot combinations solved side by side (one column each)


def plan(request: PlanRequest, solver: str = "highs", write_lp: str | None = None) -> PlanResult:
    if write_lp:  # the model of record, as the fixed grid builds it
        write_lp_file(build_model(request, CHORDS, TOLERANCE).problem, write_lp)
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
    if (placements.lower > placements.upper).any():
        return None
    if placements.curves is not None and not concave(placements.curves):
        return None
    only_budget = budget_only(request)
    if only_budget and segments_only(placements) and placements.curves is not None:
        found = best_first(request, placements, np.array([request.budget]))
        if not found.solved[0]:
            return None
        return result_from_spends(
            request, found.spends[:, 0], found.price[0], {}, 0.0, placements.columns
        )
    if only_budget and placements.curves is None:
        return _waterfilled(request, placements)
    if len(placements.slots):
        return None
    found = newton.solve(request, placements, breakpoints.coupling_rows(request, placements))
    if found is None:
        found = breakpoints.solve(request, placements)
    if found is None or found.gap > CERTIFIED_GAP:
        return None
    price = found.duals["budget"]
    if request.objective == "min_spend":  # the LP maximises -spend; report d(spend)/d(budget)
        price = -price
    return result_from_spends(
        request, found.spends, price, found.slacks, found.gap, placements.columns
    )


def _waterfilled(request: PlanRequest, placements: Placements) -> PlanResult | None:
    found = best_waterfill(request, placements, np.array([request.budget]))
    if found is None or not found.solved[0]:
        return None
    return result_from_spends(
        request, found.spends[:, 0], found.price[0], {}, 0.0, placements.columns
    )


def best_waterfill(
    request: PlanRequest, placements: Placements, budgets: np.ndarray
) -> Waterfill | None:
    """The exact optimum at each budget; with whole slots, the best of the exact optima for
    every choice of slot counts (one column each, all solved together), or None when there
    are too many choices."""
    lower, upper = placements.lower[:, None], placements.upper[:, None]
    slots, choices = placements.slots, 1
    if len(slots):
        price = placements.slot_price[slots]
        fewest = np.ceil(placements.lower[slots] / price - 1e-9).astype(int)
        most = np.floor(placements.upper[slots] / price + 1e-9).astype(int)
        if np.any(fewest > most) or np.prod(most - fewest + 1.0) * len(budgets) > SLOT_CHOICES:
            return None
        counts = np.stack(
            np.meshgrid(*[np.arange(a, b + 1) for a, b in zip(fewest, most, strict=True)]),
            axis=-1,
        ).reshape(-1, len(slots))
        choices = len(counts)
        lower = np.repeat(lower, choices, axis=1)
        upper = np.repeat(upper, choices, axis=1)
        lower[slots] = upper[slots] = (counts * price).T
    # columns: budget-major, then slot choice
    lower = np.tile(lower, (1, len(budgets)))
    upper = np.tile(upper, (1, len(budgets)))
    weight, cost = click_weight(request, placements)
    found = waterfill(
        weight * placements.rate, placements.half, lower, upper, cost,
        np.repeat(budgets, choices), request.spend_all,
    )  # fmt: skip
    worth = weight @ clicks(placements, found.spends) - cost * found.spends.sum(axis=0)
    worth = np.where(found.solved, worth, -np.inf).reshape(len(budgets), choices)
    best = np.arange(len(budgets)) * choices + np.argmax(worth, axis=1)
    return Waterfill(found.spends[:, best], found.price[best], found.solved[best])
