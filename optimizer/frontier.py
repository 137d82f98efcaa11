"""The budget-response frontier: the same plan solved at many budgets.

A budget-only plan is solved in closed form at every budget at once (``waterfill.py``, one
column per budget). Otherwise the model is built once, with segments sized for the largest
budget, and loaded into HiGHS once; each budget then only moves the budget row's bound and
re-solves from the previous optimal basis, usually a handful of simplex iterations.
"""

import numpy as np

from .arrays import array_ready, clicks, placements_of
from .grid import TOLERANCE, needs_certificate, result_from_model
from .model import CHORDS, PlanModel, build_model
from .plan import best_waterfill, budget_only
from .request import PlanRequest
from .result import FrontierPoint
from .solver import OPTIMAL, HighsModel, solve


def budgets_between(start: float, stop: float, count: int) -> list[float]:
    if count == 1:
        return [start]
    step = (stop - start) / (count - 1)
    return [start + i * step for i in range(count)]


def frontier(
    request: PlanRequest, budgets: list[float], solver: str = "highs"
) -> list[FrontierPoint]:
    if solver == "highs" and array_ready(request) and budget_only(request):
        points = _waterfilled(request, budgets)
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
    bought = clicks(placements, found.spends)
    spend = found.spends.sum(axis=0)
    revenue = placements.revenue @ bought
    totals = {
        "spend": spend,
        "clicks": bought.sum(axis=0),
        "conversions": placements.conversion @ bought,
        "revenue": revenue,
        "roas": np.divide(revenue, spend, out=np.zeros_like(spend), where=spend > 0),
    }
    if request.margin is not None:
        totals["profit"] = request.margin * revenue - spend
    objective = totals[request.objective]
    binding = request.spend_all | (spend >= chosen - 1e-6 * np.maximum(chosen, 1.0))
    price = np.where(binding, found.price, 0.0)
    if request.margin is None:
        totals["profit"] = None
    points = []
    for i, budget in enumerate(chosen):
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
