"""The budget-response frontier: the same plan solved at many budgets.

A budget-only plan is solved in closed form at every budget at once (``closed_form.py``, one
column per budget; ``knapsack.py`` for piecewise-linear curves). Other plans go budget after
budget on chords that follow the plan (``on_chords``). Whole slots with constraints, S-shaped
curves and CBC use one PuLP model whose budget row moves between warm re-solves.
"""

import numpy as np

from ..solvers.modelling import INFEASIBLE, OPTIMAL, HighsModel, solve
from .arrays import Placements, array_ready, clicks, placements_of
from .breakpoints import (
    EXACT_GAP,
    ROUNDS,
    START_TOLERANCE,
    Chords,
    coupling_rows,
    initial_breakpoints,
)
from .closed_form import Waterfill
from .grid import TOLERANCE, needs_certificate, result_from_model
from .knapsack import best_first, segments_only
from .measured import concave
from .model import CHORDS, PlanModel, build_model
from .planning import best_waterfill, budget_only
from .request import PlanRequest
from .result import FrontierPoint

# Each point's proven gap when curves saturate (the contract allows 5e-3); piecewise-linear
# curves end at their exact optimum.
FRONTIER_GAP = 1e-3


def budgets_between(start: float, stop: float, count: int) -> list[float]:
    if count == 1:
        return [start]
    step = (stop - start) / (count - 1)
    return [start + i * step for i in range(count)]


def frontier(
    request: PlanRequest, budgets: list[float], solver: str = "highs"
) -> list[FrontierPoint]:
    if solver == "highs" and array_ready(request):
        points = _from_arrays(request, budgets)
        if points is not None:
            return points
    return _on_one_model(request, budgets, solver)


def _from_arrays(request: PlanRequest, budgets: list[float]) -> list[FrontierPoint] | None:
    """Every budget's plan without the PuLP model, or None where the model must decide
    (whole slots beyond the budget-only case, S-shaped curves, bounds that conflict)."""
    placements = placements_of(request, max(budgets))
    chosen = np.asarray(budgets, float)
    if np.any(placements.lower > placements.upper):
        return None
    if placements.curves is not None and not concave(placements.curves):
        return None
    if budget_only(request) and placements.curves is not None and segments_only(placements):
        found = best_first(request, placements, chosen)
    elif budget_only(request) and placements.curves is None:
        found = best_waterfill(request, placements, chosen)
    elif len(placements.slots):
        return None
    else:
        found = on_chords(request, placements, chosen)
    if found is None or (budget_only(request) and not found.solved.all()):
        return None
    return _points(request, placements, chosen, found.spends, found.price, found.solved)


def on_chords(request: PlanRequest, placements: Placements, chosen: np.ndarray) -> Waterfill:
    """Constrained plans, budget after budget, on chords whose breakpoints follow the plan
    (``breakpoints.py``): each budget starts from the last one's breakpoints, near where its
    own plan lands, and adds where the prices want more until its gap is proven. A fixed
    fine grid re-solved per budget took 28-60 s for 2,000 placements x 1,000 budgets."""
    rows = coupling_rows(request, placements)
    chords = Chords(request, placements, rows)
    chords.add(*initial_breakpoints(placements, START_TOLERANCE))
    program, owner = chords.program()
    wanted_gap = FRONTIER_GAP if placements.saturating.any() else EXACT_GAP
    spends, price = np.zeros((len(placements), len(chosen))), np.zeros(len(chosen))
    solved = np.zeros(len(chosen), bool)
    for i, budget in enumerate(chosen):
        rows.lower[0] = budget if request.spend_all else -np.inf
        rows.upper[0] = budget  # the bound reads the budget row's bounds
        program.set_row_bounds(0, rows.lower[0], budget)
        for _ in range(ROUNDS):
            solution = program.solve()
            if solution.status != OPTIMAL:
                break
            found = np.bincount(owner, weights=solution.primal, minlength=len(placements))
            found = np.clip(found, placements.lower, placements.upper)
            bound, wanted, _ = chords.lagrangian(solution.row_duals)
            achieved = chords.exact_objective(found)
            scale = max(abs(bound), abs(achieved), 1e-3 * budget, 1e-9)
            solved[i], spends[:, i], price[i] = True, found, solution.row_duals[0]
            if max(bound - achieved, 0.0) / scale <= wanted_gap:
                break
            chords.keep_near(found)
            if chords.add(np.arange(len(placements)), wanted) == 0:
                break
            program, owner = chords.program(program)
    if request.objective == "min_spend":  # the LP maximises -spend, as in plan()
        price = -price
    return Waterfill(spends, price, solved)


def _points(request, placements, chosen, spends, price, solved) -> list[FrontierPoint]:
    """Frontier points with figures on the exact curves, one column of ``spends`` each."""
    spends = np.clip(spends, placements.lower[:, None], placements.upper[:, None])
    bought = clicks(placements, spends)
    spend = spends.sum(axis=0)
    revenue = placements.revenue @ bought
    totals = {
        "spend": spend,
        "clicks": bought.sum(axis=0),
        "conversions": placements.conversion @ bought,
        "revenue": revenue,
        "roas": np.divide(revenue, spend, out=np.zeros_like(spend), where=spend > 0),
        "profit": None if request.margin is None else request.margin * revenue - spend,
    }
    objective = totals["spend" if request.objective == "min_spend" else request.objective]
    binding = request.spend_all | (spend >= chosen - 1e-6 * np.maximum(chosen, 1.0))
    price = np.where(binding, price, 0.0)
    points = []
    for i, budget in enumerate(chosen):
        if not solved[i]:
            points.append(FrontierPoint(float(budget), INFEASIBLE, None, {}, 0.0))
            continue
        figures = {name: None if v is None else float(v[i]) for name, v in totals.items()}
        points.append(
            FrontierPoint(float(budget), OPTIMAL, float(objective[i]), figures, float(price[i]))
        )
    return points


def _on_one_model(request: PlanRequest, budgets: list[float], solver: str) -> list[FrontierPoint]:
    # Without a per-point certificate, ROAS floors, targets and profit get finer chords.
    tolerance = TOLERANCE / 4 if needs_certificate(request) else TOLERANCE
    largest = max(budgets)
    model = build_model(request, CHORDS, tolerance, segment_budget=largest)
    highs = HighsModel.from_pulp(model.problem) if solver == "highs" else None
    points = []
    for budget in budgets:
        at_budget = PlanModel(
            model.problem, request.with_budget(budget), model.spend, model.conversions,
            model.revenue, has_integers=model.has_integers,
        )  # fmt: skip
        if highs is not None:
            low = budget if request.spend_all else -float("inf")
            highs.set_row_bounds("budget", low, budget)
            status = highs.solve()
        else:
            model.problem.get_constraint_by_name("budget").constant = -budget
            status = solve(model.problem, solver)
        if status != OPTIMAL:
            points.append(FrontierPoint(budget, status, None, {}, 0.0))
            continue
        result = result_from_model(at_budget)
        points.append(
            FrontierPoint(
                budget,
                OPTIMAL,
                result.objective_value,
                result.totals,
                result.shadow_prices["budget"],
            )
        )
    return points
