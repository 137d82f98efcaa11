"""The budget-response frontier: the same plan solved at many budgets.

A budget-only plan is solved in closed form at every budget at once (``closed_form.py``, one
column per budget). Otherwise the chord model is built once (as arrays; through PuLP for
slots, curves and CBC), with segments sized for the largest budget, and loaded into HiGHS
once; each budget then only moves the budget row's bound and re-solves from the previous
optimal basis, usually a handful of simplex iterations.
"""

import numpy as np

from ..solvers.modelling import INFEASIBLE, OPTIMAL, HighsModel, solve
from .arrays import array_ready, clicks, placements_of
from .breakpoints import Chords, coupling_rows, initial_breakpoints
from .grid import TOLERANCE, needs_certificate, result_from_model
from .model import CHORDS, PlanModel, build_model
from .planning import best_waterfill, budget_only
from .request import PlanRequest
from .result import FrontierPoint


def budgets_between(start: float, stop: float, count: int) -> list[float]:
    if count == 1:
        return [start]
    step = (stop - start) / (count - 1)
    return [start + i * step for i in range(count)]


def frontier(
    request: PlanRequest, budgets: list[float], solver: str = "highs"
) -> list[FrontierPoint]:
    if solver == "highs" and array_ready(request):
        points = (_waterfilled if budget_only(request) else _on_chords)(request, budgets)
        if points is not None:
            return points
    return _on_one_model(request, budgets, solver)


def _waterfilled(request: PlanRequest, budgets: list[float]) -> list[FrontierPoint] | None:
    """Budget-only: every budget's exact optimum at once (one column per budget), or None
    where some budget conflicts with the bounds (the model then says which)."""
    placements = placements_of(request, max(budgets))
    chosen = np.asarray(budgets, float)
    if np.any(placements.lower > placements.upper):
        return None
    found = best_waterfill(request, placements, chosen)
    if found is None or not found.solved.all():
        return None
    return _points(request, placements, chosen, found.spends, found.price, found.solved)


def _on_chords(request: PlanRequest, budgets: list[float]) -> list[FrontierPoint] | None:
    """The fixed grid's frontier (chords sized for the largest budget, one model, only the
    budget row moving between warm re-solves), built as arrays instead of through PuLP."""
    placements = placements_of(request, max(budgets))
    if len(placements.slots) or np.any(placements.lower > placements.upper):
        return None
    tolerance = TOLERANCE / 4 if needs_certificate(request) else TOLERANCE
    chords = Chords(request, placements, coupling_rows(request, placements))
    chords.add(*initial_breakpoints(placements, tolerance))
    program, owner = chords.program()
    chosen = np.asarray(budgets, float)
    spends, price = np.zeros((len(placements), len(chosen))), np.zeros(len(chosen))
    solved = np.zeros(len(chosen), bool)
    for i, budget in enumerate(chosen):
        program.set_row_bounds(0, budget if request.spend_all else -np.inf, budget)
        solution = program.solve()
        if solution.status == OPTIMAL:
            solved[i] = True
            spends[:, i] = np.bincount(owner, weights=solution.primal, minlength=len(placements))
            price[i] = solution.row_duals[0]
    if request.objective == "min_spend":  # the LP maximises -spend, as in plan()
        price = -price
    return _points(request, placements, chosen, spends, price, solved)


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
