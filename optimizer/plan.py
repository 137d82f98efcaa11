"""One advertiser's plan: build, solve, certify the 0.5% bound, and report exact figures.

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

from . import response
from .diagnosis import diagnose
from .model import CHORDS, TANGENTS, PlanModel, build_model, constraint_name
from .request import PlanRequest
from .result import Allocation, PlanResult
from .solver import INFEASIBLE, OPTIMAL, solve, value

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


def plan(request: PlanRequest, solver: str = "highs", write_lp: str | None = None) -> PlanResult:
    result, tolerance = _certified_plan(request, solver, write_lp)
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


def _certified_plan(request: PlanRequest, solver: str, write_lp: str | None):
    tolerance = TOLERANCE
    for attempt in range(REFINEMENTS):
        model = build_model(request, CHORDS, tolerance)
        if write_lp and attempt == 0:
            model.problem.writeLP(write_lp)
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


def relative_gap(achieved: float, bound: float, objective: str, budget: float) -> float:
    """Relative to the larger value, or to 0.1% of the budget when both are near zero: an
    optimum of zero (nothing meets the ROAS floor) leaves the tangent bound a sliver above
    it, which is no gap a planner could act on."""
    difference = achieved - bound if objective == "min_spend" else bound - achieved
    return max(difference, 0.0) / max(abs(bound), abs(achieved), 1e-3 * budget, 1e-9)


def exact_objective(request: PlanRequest, totals: dict) -> float:
    if request.objective == "min_spend":
        return totals["spend"]
    if request.objective == "profit":
        return totals["profit"]
    return totals[request.objective]


def result_from_model(model: PlanModel, gap: float | None = None) -> PlanResult:
    request = model.request
    spends = {p.id: max(value(model.spend[p.id]), 0.0) for p in request.placements}
    allocations = [allocation(p, spends[p.id]) for p in request.placements]
    totals = plan_totals(request, allocations)
    budget_row = model.problem.get_constraint_by_name("budget")
    binding = binding_constraints(model, spends, totals)
    shadow = (budget_row.pi or 0.0) if "budget" in binding else 0.0
    return PlanResult(
        status=OPTIMAL,
        objective=request.objective,
        objective_value=exact_objective(request, totals),
        totals=totals,
        allocations=allocations,
        shadow_prices={"budget": shadow},
        binding=binding,
        optimality_gap=gap,
        notes=plan_notes(request, totals),
    )


def plan_notes(request: PlanRequest, totals: dict) -> list[str]:
    """Plain words for a plan that is optimal but surprising."""
    if totals["spend"] > 0 or request.objective == "min_spend":
        return []
    if request.min_roas is not None:
        best = max(response.marginal_revenue(p, 0.0) for p in request.placements)
        if best < request.min_roas:
            return [
                f"No placement reaches the ROAS floor of {request.min_roas:.2f} (the best "
                f"return is {best:.2f} on the first unit of spend), so the plan spends nothing."
            ]
    if request.objective == "profit":
        best = max(request.margin * response.marginal_revenue(p, 0.0) for p in request.placements)
        if best <= 1:
            return [
                "No placement returns more than it costs at this margin, so the plan spends "
                "nothing."
            ]
        return [
            "Some placements would pay on their own, but the group shares or minimum spends "
            "force spend on placements that lose more than they earn, so the plan spends nothing."
        ]
    return []


def allocation(p, spend: float) -> Allocation:
    return Allocation(
        id=p.id,
        spend=spend,
        units=response.units_bought(p, spend),
        clicks=response.clicks(p, spend),
        conversions=response.conversions(p, spend),
        revenue=response.revenue(p, spend),
        marginal_roas=response.marginal_revenue(p, spend),
    )


def plan_totals(request: PlanRequest, allocations: list[Allocation]) -> dict:
    spend = sum(a.spend for a in allocations)
    revenue = sum(a.revenue for a in allocations)
    return {
        "spend": spend,
        "clicks": sum(a.clicks for a in allocations),
        "conversions": sum(a.conversions for a in allocations),
        "revenue": revenue,
        "roas": revenue / spend if spend > 0 else 0.0,
        "profit": request.margin * revenue - spend if request.margin is not None else None,
    }


def binding_constraints(model: PlanModel, spends: dict, totals: dict) -> list[str]:
    """Constraints that hold with equality, judged on the exact spends (rows on the model's
    slack, since revenue there is the approximation's)."""
    request = model.request
    scale = max(request.budget, 1.0)
    close = 1e-6 * scale
    binding = []
    if request.spend_all or totals["spend"] >= request.budget - close:
        binding.append("budget")
    for p in request.placements:
        spend = spends[p.id]
        if p.min_spend > 0 and spend <= p.min_spend + close:
            binding.append(f"{p.id}.min_spend")
        if p.max_spend is not None and spend >= p.max_spend - close:
            binding.append(f"{p.id}.max_spend")
        if p.capacity is not None:
            per_unit = p.price / 1000 if p.pricing == "cpm" else p.price
            if spend >= p.capacity * per_unit - close:
                binding.append(f"{p.id}.capacity")
        if p.points and spend >= p.points[-1][0] - close:
            binding.append(f"{p.id}.curve_end")
    for constraint in model.problem.constraints():
        name = constraint.name
        plan_wide = name.startswith("groups.") or name in ("min_roas", "target")
        if plan_wide and constraint.slack is not None and abs(constraint.slack) <= close:
            binding.append(_readable(name, request))
    return binding


def _readable(name: str, request: PlanRequest) -> str:
    """Row names are sanitised for PuLP; report the planner's own group names."""
    for group_name in request.groups:
        prefix = f"groups.{constraint_name(group_name)}."
        if name.startswith(prefix):
            return f"groups.{group_name}.{name.removeprefix(prefix)}"
    return name


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
