"""The budget-response frontier: the same plan solved at many budgets.

The model is built once, with segments sized for the largest budget, and loaded into HiGHS
once; each budget then only moves the budget row's bound and re-solves from the previous
optimal basis, which usually takes a handful of simplex iterations.
"""

from .grid import TOLERANCE, needs_certificate, result_from_model
from .model import CHORDS, PlanModel, build_model
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
