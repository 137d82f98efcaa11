"""Why a plan is infeasible, and the smallest change that would make it feasible.

An elastic copy of the model lets every constraint that can conflict (budget, minimum spends,
group shares, ROAS floor, target) give way, at a price relative to its own size, and
minimises the total give. What gave way, and by how much, is the conflict; each is then put
in a planner's words with the change that resolves it.
"""

from dataclasses import replace

from ..solvers import constraint_name
from ..solvers.modelling import OPTIMAL, solve, value
from . import response
from .model import CHORDS, build_model, placement_ceiling, set_objective, summed
from .request import PlanRequest
from .result import Conflict, rounded

SIGNIFICANT = 1e-6


def diagnose(request: PlanRequest, solver: str = "highs") -> list[Conflict]:
    model = build_model(request, CHORDS, elastic=True)
    if solve(model.problem, solver) != OPTIMAL:
        return [_finding("request", "not_analysable", {}, None, None)]
    total = value(model.total_spend)
    findings = []
    # Spend-side conflicts come first; the ROAS floor and target are then judged on the
    # request with those already resolved, so each reachable figure is one the planner can get.
    resolved = request
    gave = {name: value(slack) for name, slack in model.elastic.items()}
    ordered = sorted(gave, key=lambda name: name in ("min_roas", "target"))
    for name in ordered:
        give = gave[name]
        scale = request.budget if name != "min_roas" else request.min_roas * max(total, 1.0)
        if give <= SIGNIFICANT * max(scale, 1.0):
            continue
        finding = _explain(name, give, resolved, model, total, solver)
        findings.append(finding)
        resolved = _apply(resolved, finding)
    if not findings:
        findings.append(
            _finding(
                "request",
                "infeasible_by_a_hair",
                {},
                None,
                None,
            )
        )
    return findings


def _apply(request: PlanRequest, finding: Conflict) -> PlanRequest:
    """The request with one finding's suggested change made."""
    field, suggested = finding.field, finding.suggested_value
    if field is None or suggested is None:
        return request
    if field == "budget":
        return replace(request, budget=suggested, spend_all=request.spend_all and suggested > 0)
    if field.startswith("placements["):
        index = int(field[len("placements[") : field.index("]")])
        placements = list(request.placements)
        placements[index] = replace(placements[index], min_spend=max(suggested, 0.0))
        return replace(request, placements=tuple(placements))
    if field.startswith("groups."):
        _, name, bound = field.rsplit(".", 2)[0:1] + field.split(".")[1:]
        groups = dict(request.groups)
        groups[name] = replace(groups[name], **{bound: suggested})
        return replace(request, groups=groups)
    return request


def _finding(
    constraint: str, code: str, params: dict, field: str | None, suggested: float | None
) -> Conflict:
    return Conflict(constraint, code, params, field, rounded(suggested))


def _explain(name, give, request, model, total, solver) -> Conflict:
    budget = request.budget
    if name == "budget":
        floor = sum(p.min_spend for p in request.placements)
        if floor > budget:
            return _finding(
                name,
                "min_spends_exceed_budget",
                {"floor": floor, "budget": budget},
                "budget",
                floor,
            )
        return _finding(
            name,
            "budget_too_small",
            {"need": budget + give, "budget": budget, "give": give},
            "budget",
            budget + give,
        )
    if name == "budget.spend_all":
        reachable = budget - give
        return _finding(
            "budget",
            "spend_all_unreachable",
            {"budget": budget, "reachable": reachable},
            "budget",
            reachable,
        )
    if name.endswith(".min_spend"):
        index, placement = next(
            (i, p)
            for i, p in enumerate(request.placements)
            if f"{constraint_name(p.id)}.min_spend" == name
        )
        ceiling = placement_ceiling(placement, budget)
        fits = placement.min_spend - give
        params = {"placement": placement.id, "min_spend": placement.min_spend, "fits": fits}
        if ceiling < placement.min_spend:
            params["capacity"] = ceiling
        return _finding(
            f"{placement.id}.min_spend",
            "min_spend_unreachable",
            params,
            f"placements[{index}].min_spend",
            fits,
        )
    if name.startswith("groups."):
        return _explain_group(name, give, request, model, total)
    if name == "min_roas":
        best = best_reachable_roas(request, solver)
        return _finding(
            name,
            "roas_unreachable",
            {"best": best, "required": request.min_roas},
            "min_roas",
            best,
        )
    if name == "target":
        metric = request.target.metric
        reachable = most_reachable(request, metric, solver)
        return _finding(
            name,
            "target_unreachable",
            {
                "reachable": reachable,
                "metric": metric,
                "budget": budget,
                "target": request.target.value,
            },
            f"target.{metric}",
            reachable,
        )
    return _finding(name, "constraint_conflicts", {"name": name, "give": give}, None, None)


def _explain_group(name, give, request, model, total) -> Conflict:
    _, group_key, bound = name.split(".")
    group_name = next(g for g in request.groups if constraint_name(g) == group_key)
    group = request.groups[group_name]
    in_group = sum(value(model.spend[p.id]) for p in request.placements if p.group == group_name)
    share = in_group / total if total > 0 else 0.0
    wanted = group.max_share if bound == "max_share" else group.min_share
    return _finding(
        f"groups.{group_name}.{bound}",
        "share_unreachable",
        {"group": group_name, "bound": bound, "wanted": wanted, "share": share},
        f"groups.{group_name}.{bound}",
        share,
    )


def most_reachable(request: PlanRequest, metric: str, solver: str) -> float:
    """The most revenue or conversions the budget can buy, the target left out."""
    relaxed = replace(request, target=None, objective=metric)
    model = build_model(relaxed, CHORDS)
    if solve(model.problem, solver) != OPTIMAL:
        return 0.0
    placements = relaxed.placements
    measure = response.revenue if metric == "revenue" else response.conversions
    return sum(measure(p, max(value(model.spend[p.id]), 0.0)) for p in placements)


def best_reachable_roas(request: PlanRequest, solver: str, iterations: int = 30) -> float:
    """The highest ROAS any plan meeting the other constraints reaches (Dinkelbach's method:
    maximise revenue - r * spend, move r to the ROAS found, until nothing beats r)."""
    relaxed = replace(request, min_roas=None, objective="revenue")
    model = build_model(relaxed, CHORDS)
    total = model.total_spend
    revenue = summed(model.revenue.values())
    # Some spend must be made, or "no plan" would have an undefined, unbounded ROAS.
    model.problem += total >= min(1.0, request.budget), "some_spend"
    ratio = 0.0
    for _ in range(iterations):
        set_objective(model, revenue - ratio * total, maximise=True)
        if solve(model.problem, solver) != OPTIMAL:
            return ratio
        spent = value(total)
        earned = sum(
            response.revenue(p, max(value(model.spend[p.id]), 0.0)) for p in relaxed.placements
        )
        new_ratio = earned / spent if spent > 0 else ratio
        if new_ratio <= ratio * (1 + 1e-9):
            break
        ratio = new_ratio
    return ratio
