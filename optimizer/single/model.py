"""Builds the plan as a PuLP model: every variable and constraint named as a planner would.

Variable names are deterministic: ``spend_<n>``, ``spend_<n>_seg<j>``, ``slots_<n>`` and
``fill_<n>_seg<j>`` where n is the placement's position in the request (its id is in the
constraint names, which PuLP sanitises).
"""

import math
from dataclasses import dataclass, field

from ..solvers import constraint_name
from ..solvers.modelling import (
    LpAffineExpression,
    LpInteger,
    LpMaximize,
    LpMinimize,
    LpProblem,
    LpVariable,
    lpSum,
)
from . import response
from .request import Placement, PlanRequest

CHORDS, TANGENTS = "chords", "tangents"


@dataclass
class PlanModel:
    problem: LpProblem
    request: PlanRequest
    spend: dict[str, LpAffineExpression] = field(default_factory=dict)
    conversions: dict[str, LpAffineExpression] = field(default_factory=dict)
    revenue: dict[str, LpAffineExpression] = field(default_factory=dict)
    elastic: dict[str, LpVariable] = field(default_factory=dict)
    has_integers: bool = False

    @property
    def total_spend(self) -> LpAffineExpression:
        return summed(self.spend.values())


def placement_ceiling(p: Placement, budget: float) -> float:
    ceiling = p.spend_ceiling
    return budget if ceiling is None else min(ceiling, budget)


def build_model(
    request: PlanRequest,
    approximation: str = CHORDS,
    tolerance: float = 1e-3,
    *,
    segment_budget: float | None = None,
    elastic: bool = False,
    focus: dict[str, float] | None = None,
) -> PlanModel:
    """The plan as a PuLP problem.

    ``segment_budget`` sizes the segments for a larger budget than the request's (the frontier
    reuses one model across budgets). ``elastic`` adds a penalised slack to every constraint
    that can conflict, for the infeasibility diagnosis. ``focus`` (placement id to spend) adds
    breakpoints around a plan already found, to read exact marginal values there.
    """
    minimise = request.objective == "min_spend" or elastic
    problem = LpProblem("budget_plan", LpMinimize if minimise else LpMaximize)
    model = PlanModel(problem, request)
    budget_for_segments = max(request.budget, segment_budget or 0.0)

    for index, p in enumerate(request.placements):
        around = (focus or {}).get(p.id)
        _add_placement(
            model, index, p, budget_for_segments, approximation, tolerance, elastic, around
        )

    _add_plan_constraints(model, elastic)
    if elastic:
        problem += lpSum(weight * var for var, weight in _elastic_weights(model))
    else:
        problem += _objective(model)
    return model


def _add_placement(model, index, p, budget, approximation, tolerance, elastic, focus) -> None:
    ceiling = placement_ceiling(p, budget)
    lower = p.min_spend
    name = constraint_name(p.id)

    if p.pricing == "slot":
        most = math.floor(ceiling / p.price + 1e-9)
        fewest = math.ceil(p.min_spend / p.price - 1e-9)
        as_bound = not elastic and fewest <= most
        slots = model.problem.add_variable(
            f"slots_{index}", fewest if as_bound else 0, most, cat=LpInteger
        )
        spend = p.price * slots
        clicks_expr = response.clicks_per_spend(p) * spend
        model.has_integers = True
        if lower > 0 and not as_bound:  # a conflict (or the diagnosis) needs a row
            _add_min_spend(model, name, spend, lower, elastic)
    elif (p.pricing == "cpc" and p.half_spend is None) or (
        p.pricing == "cpm" and p.half_spend is None
    ):
        as_bound = not elastic and lower <= ceiling
        var = model.problem.add_variable(f"spend_{index}", lower if as_bound else 0, ceiling)
        spend = 1 * var
        clicks_expr = response.clicks_per_spend(p) * var
        if lower > 0 and not as_bound:
            _add_min_spend(model, name, spend, lower, elastic)
    else:
        if p.pricing == "curve":
            segments = response.curve_segments(p, ceiling)
        elif approximation == CHORDS:
            segments = response.chord_segments(p, ceiling, tolerance, focus)
        else:
            segments = response.tangent_segments(p, ceiling, tolerance)
        pieces = [
            model.problem.add_variable(f"spend_{index}_seg{j}", 0, width)
            for j, width in enumerate(segments.widths)
        ]
        # Expressions built from (variable, coefficient) pairs: PuLP's arithmetic would make
        # and merge a temporary expression per term, most of a plan's running time.
        spend = LpAffineExpression([(piece, 1.0) for piece in pieces])
        clicks_expr = LpAffineExpression(list(zip(pieces, segments.slopes, strict=True)))
        if not segments.concave:
            _fill_in_order(model, index, name, pieces, segments.widths)
        if lower > 0:
            _add_min_spend(model, name, spend, lower, elastic)

    model.spend[p.id] = spend
    model.conversions[p.id] = scaled(clicks_expr, p.cvr)
    model.revenue[p.id] = scaled(clicks_expr, p.cvr * p.aov)


def set_objective(model: PlanModel, expression, maximise: bool) -> None:
    model.problem.setObjective(expression)
    model.problem.sense = LpMaximize if maximise else LpMinimize


def scaled(expression: LpAffineExpression, factor: float) -> LpAffineExpression:
    return LpAffineExpression([(var, coef * factor) for var, coef in expression.items()])


def summed(expressions) -> LpAffineExpression:
    terms: dict = {}
    for expression in expressions:
        for var, coef in expression.items():
            terms[var] = terms.get(var, 0.0) + coef
    return LpAffineExpression(list(terms.items()))


def _fill_in_order(model, index, name, pieces, widths) -> None:
    """A non-concave curve: a segment may hold spend only once the one before it is full.

    The incremental formulation: fill_j = 1 says segment j is full, which lets j+1 start.
    Exact for any shape, solved to a global optimum as a mixed-integer programme.
    """
    model.has_integers = True
    for j in range(len(pieces) - 1):
        full = model.problem.add_variable(f"fill_{index}_seg{j}", 0, 1, cat=LpInteger)
        model.problem += pieces[j] >= widths[j] * full, f"{name}.seg{j}_full"
        model.problem += pieces[j + 1] <= widths[j + 1] * full, f"{name}.seg{j + 1}_after"


def _add_min_spend(model, name, spend, lower, elastic) -> None:
    if elastic:
        short = _slack(model, f"{name}.min_spend")
        model.problem += spend + short >= lower, f"{name}.min_spend"
    else:
        model.problem += spend >= lower, f"{name}.min_spend"


def _slack(model: PlanModel, name: str) -> LpVariable:
    var = model.problem.add_variable(f"slack_{constraint_name(name)}", 0)
    model.elastic[name] = var
    return var


def _add_plan_constraints(model: PlanModel, elastic: bool) -> None:
    request, problem = model.request, model.problem
    total = model.total_spend
    over = _slack(model, "budget") if elastic else 0
    if request.spend_all:
        under = _slack(model, "budget.spend_all") if elastic else 0
        problem += total - over + under == request.budget, "budget"
    else:
        problem += total - over <= request.budget, "budget"

    for group_name, group in request.groups.items():
        members = [model.spend[p.id] for p in request.placements if p.group == group_name]
        in_group = summed(members)
        name = f"groups.{constraint_name(group_name)}"
        if group.max_share < 1:
            extra = _slack(model, f"{name}.max_share") if elastic else 0
            problem += in_group - group.max_share * total - extra <= 0, f"{name}.max_share"
        if group.min_share > 0:
            short = _slack(model, f"{name}.min_share") if elastic else 0
            problem += in_group - group.min_share * total + short >= 0, f"{name}.min_share"

    revenue = summed(model.revenue.values())
    if request.min_roas is not None:
        short = _slack(model, "min_roas") if elastic else 0
        problem += revenue - request.min_roas * total + short >= 0, "min_roas"
    if request.target is not None:
        achieved = (
            revenue if request.target.metric == "revenue" else summed(model.conversions.values())
        )
        short = _slack(model, "target") if elastic else 0
        problem += achieved + short >= request.target.value, "target"


def _objective(model: PlanModel) -> LpAffineExpression:
    request = model.request
    if request.objective == "revenue":
        return summed(model.revenue.values())
    if request.objective == "conversions":
        return summed(model.conversions.values())
    if request.objective == "profit":
        return scaled(summed(model.revenue.values()), request.margin) - model.total_spend
    return model.total_spend  # min_spend


def _elastic_weights(model: PlanModel):
    """Each slack is weighed against its constraint's own scale, so the diagnosis finds the
    smallest relative change: 1% of the budget counts as much as 1% of the ROAS floor."""
    request = model.request
    budget = request.budget
    for name, var in model.elastic.items():
        if name == "min_roas":
            scale = request.min_roas * budget
        elif name == "target":
            scale = request.target.value
        elif name.endswith(".min_spend"):
            placement_id = name.removesuffix(".min_spend")
            scale = next(
                (p.min_spend for p in request.placements if constraint_name(p.id) == placement_id),
                budget,
            )
        else:
            scale = budget
        yield var, 1.0 / max(scale, 1e-9)
