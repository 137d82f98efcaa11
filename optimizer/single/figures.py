"""A plan's figures from its spends: exact curves, totals, binding constraints, notes.

Every path (the closed form, the breakpoint LP, the fixed grid) ends here, so a plan reads
the same whichever found it.
"""

import numpy as np

from ..solvers import constraint_name
from ..solvers.highs import OPTIMAL
from . import response
from .arrays import Columns, columns_of
from .request import PlanRequest
from .result import Allocation, PlanResult


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


def allocations(request: PlanRequest, spends, table: Columns | None = None) -> list[Allocation]:
    """``allocation`` for every placement at once: the same operations in the same order
    on arrays (so the same figures to the last bit), one function call per figure instead
    of five per placement; measured curves still go through ``allocation``."""
    items = request.placements
    spend = np.maximum(np.asarray(spends, float), 0.0)
    table = columns_of(request) if table is None else table
    rate, half, cvr, aov = table.rate, table.half, table.cvr, table.aov
    # a curve's figures come from ``allocation`` below: here its price is 1, its rate 0 and
    # its half spend nan, so that nothing divides by zero on the way
    price = table.price_or_one
    saturating = table.saturating
    linear = rate * spend
    beyond = half + spend
    clicks = linear * half / beyond
    marginal = rate * half * half / beyond**2
    if not table.all_saturating:
        clicks = np.where(saturating, clicks, linear)
        marginal = np.where(saturating, marginal, rate)
    units = table.units_per_price * spend / price
    conversions = clicks * cvr
    revenue = conversions * aov
    marginal_roas = marginal * cvr * aov
    found = [
        Allocation(p.id, s, u, c, v, r, m)
        for p, s, u, c, v, r, m in zip(
            items, spend.tolist(), units.tolist(), clicks.tolist(), conversions.tolist(),
            revenue.tolist(), marginal_roas.tolist(), strict=True,
        )
    ]  # fmt: skip
    if table.any_curve:
        for index in np.flatnonzero(table.on_curve):
            found[index] = allocation(items[index], found[index].spend)
    return found


def plan_totals(request: PlanRequest, allocations: list[Allocation]) -> dict:
    # sum() of a list adds in order, as the generators did: the same figures to the bit
    spend = sum([a.spend for a in allocations])
    revenue = sum([a.revenue for a in allocations])
    return {
        "spend": spend,
        "clicks": sum([a.clicks for a in allocations]),
        "conversions": sum([a.conversions for a in allocations]),
        "revenue": revenue,
        "roas": revenue / spend if spend > 0 else 0.0,
        "profit": request.margin * revenue - spend if request.margin is not None else None,
    }


def binding_constraints(
    request: PlanRequest,
    spend: np.ndarray,
    totals: dict,
    row_slacks: dict[str, float],
    table: Columns | None = None,
) -> list[str]:
    """Constraints that hold with equality, judged on the exact spends (``spend``: each
    placement's, in request order; plan-wide rows on the model's slack, keyed by row name,
    since revenue there is the approximation's)."""
    scale = max(request.budget, 1.0)
    close = 1e-6 * scale
    binding = []
    if request.spend_all or totals["spend"] >= request.budget - close:
        binding.append("budget")
    # each placement's own bounds, judged on arrays; named in request order, as before
    table = columns_of(request) if table is None else table
    # (nan, no such bound, compares False, quietly); bounds no placement has are skipped
    hits = {}
    if table.any_min_spend:
        hits["min_spend"] = (table.min_spend > 0) & (spend <= table.min_spend + close)
    hits["max_spend"] = spend >= table.max_spend - close
    hits["capacity"] = spend >= table.capacity_spend - close
    if table.any_curve:
        hits["curve_end"] = spend >= table.curve_end - close
    at_bound = np.flatnonzero(np.logical_or.reduce(list(hits.values()))).tolist()
    if at_bound:  # Python's indexing from here: a few bounds of many placements
        hits = {name: hit.tolist() for name, hit in hits.items()}
    for index in at_bound:
        placement_id = request.placements[index].id
        binding.extend(f"{placement_id}.{name}" for name, hit in hits.items() if hit[index])
    for name, slack in row_slacks.items():
        share = name.startswith("groups.")
        if (share or name in ("min_roas", "target")) and slack is not None and abs(slack) <= close:
            binding.append(_readable(name, request) if share else name)
    return binding


def _readable(name: str, request: PlanRequest) -> str:
    """Row names are sanitised for PuLP; report the planner's own group names."""
    for group_name in request.groups:
        prefix = f"groups.{constraint_name(group_name)}."
        if name.startswith(prefix):
            return f"groups.{group_name}.{name.removeprefix(prefix)}"
    return name


def result_from_spends(
    request: PlanRequest,
    spends: list[float],
    budget_price: float,
    row_slacks: dict[str, float],
    gap: float | None,
    table: Columns | None = None,
) -> PlanResult:
    """The answer for these spends; ``budget_price`` is reported only if the budget binds.
    ``table``: the request's fields as arrays, when the caller has them already."""
    table = columns_of(request) if table is None else table
    spend = np.maximum(np.asarray(spends, float), 0.0)
    found = allocations(request, spend, table)
    totals = plan_totals(request, found)
    binding = binding_constraints(request, spend, totals, row_slacks, table)
    return PlanResult(
        status=OPTIMAL,
        objective=request.objective,
        objective_value=exact_objective(request, totals),
        totals=totals,
        allocations=found,
        shadow_prices={"budget": float(budget_price) if "budget" in binding else 0.0},
        binding=binding,
        optimality_gap=gap,
        notes=plan_notes(request, totals),
    )
