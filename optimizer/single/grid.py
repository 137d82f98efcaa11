"""The fixed-grid path: a PuLP chord model solved, certified and polished.

It serves what the array paths do not (whole slots, measured curves, CBC, near-infeasible
requests) and explains infeasible ones.

How the 0.5% bound is kept. Each concave response is replaced by chords whose relative
shortfall is at most ``tolerance`` (0.1%) anywhere (see response.approximation_breakpoints).
- When only spend enters the constraints (no ROAS floor, no target) and the objective is
  revenue or conversions, the true optimum s* is feasible for the chord model, so the plan
  found is worth at least (1 - 0.1%) of it: guaranteed by construction.
- Otherwise (profit, a ROAS floor, a target), the same model is also solved on tangents, which
  never fall below the curves: its optimum bounds the true one from the other side. If the
  plan is not within 0.4% of that bound, the breakpoints are made four times tighter and the
  plan solved again.
Slots and measured curves are modelled exactly, so there the optimum itself is found.
"""

from ..solvers.modelling import INFEASIBLE, OPTIMAL, solve, value
from .diagnosis import diagnose
from .figures import relative_gap, result_from_spends
from .model import CHORDS, TANGENTS, PlanModel, build_model
from .request import PlanRequest
from .result import PlanResult

TOLERANCE = 1e-3
CERTIFIED_GAP = 4e-3
REFINEMENTS = 4
POLISH_ROUNDS = 4
POLISH_SETTLED = 1e-4  # of the budget: marginal returns then agree to about 0.02%


def needs_certificate(request: PlanRequest) -> bool:
    return (
        request.objective in ("profit", "min_spend")
        or request.min_roas is not None
        or request.target is not None
    )


def grid_plan(request: PlanRequest, solver: str = "highs") -> PlanResult:
    result, tolerance = _certified_plan(request, solver)
    if result.status == OPTIMAL and any(p.half_spend for p in request.placements):
        return _polished(request, result, tolerance, solver)
    return result


def _polished(request: PlanRequest, found: PlanResult, tolerance: float, solver: str) -> PlanResult:
    """Solves again with breakpoints close around the plan found, until it stops moving.

    Each round can only improve the plan (the previous one stays feasible); the duals and
    marginal returns it reads become the curves' own.
    """
    for _ in range(POLISH_ROUNDS):
        focus = {a.id: a.spend for a in found.allocations}
        model = build_model(request, CHORDS, tolerance, focus=focus)
        if solve(model.problem, solver) != OPTIMAL:
            return found
        polished = result_from_model(model, gap=found.optimality_gap)
        if _worse(polished, found, request.objective):
            return found
        moved = max(
            abs(a.spend - b.spend)
            for a, b in zip(polished.allocations, found.allocations, strict=True)
        )
        found = polished
        if moved <= POLISH_SETTLED * max(request.budget, 1.0):
            break
    return found


def _worse(candidate: PlanResult, incumbent: PlanResult, objective: str) -> bool:
    if objective == "min_spend":
        return candidate.objective_value > incumbent.objective_value + 1e-9
    return candidate.objective_value < incumbent.objective_value - 1e-9


def _certified_plan(request: PlanRequest, solver: str):
    tolerance = TOLERANCE
    for attempt in range(REFINEMENTS):
        model = build_model(request, CHORDS, tolerance)
        status = solve(model.problem, solver)
        last_try = attempt == REFINEMENTS - 1
        if not needs_certificate(request):
            if status == INFEASIBLE:
                return infeasible_result(request, solver), tolerance
            approximated = any(p.half_spend for p in request.placements)
            return result_from_model(model, gap=tolerance if approximated else 0.0), tolerance

        bound_model = build_model(request, TANGENTS, tolerance)
        bound_status = solve(bound_model.problem, solver)
        if bound_status == INFEASIBLE:  # infeasible even for generous curves
            return infeasible_result(request, solver), tolerance
        if status == INFEASIBLE:
            if last_try:  # feasible only within a hair of the curves: say so plainly
                return infeasible_result(request, solver), tolerance
            tolerance /= 4
            continue
        result = result_from_model(model)
        bound = value(bound_model.problem.objective)
        gap = relative_gap(result.objective_value, bound, request.objective, request.budget)
        result.optimality_gap = gap
        if gap <= CERTIFIED_GAP or last_try:
            return result, tolerance
        tolerance /= 4
    raise AssertionError("unreachable: the last refinement always returns")


def result_from_model(model: PlanModel, gap: float | None = None) -> PlanResult:
    request = model.request
    spends = [value(model.spend[p.id]) for p in request.placements]
    budget_row = model.problem.get_constraint_by_name("budget")
    slacks = {c.name: c.slack for c in model.problem.constraints()}
    return result_from_spends(request, spends, budget_row.pi or 0.0, slacks, gap)


def infeasible_result(request: PlanRequest, solver: str) -> PlanResult:
    findings = diagnose(request, solver)
    return PlanResult(
        status=INFEASIBLE,
        objective=request.objective,
        objective_value=None,
        totals={},
        allocations=[],
        shadow_prices={"budget": 0.0},
        binding=[],
        diagnosis=[finding.message for finding in findings],
        conflicts=findings,
    )
