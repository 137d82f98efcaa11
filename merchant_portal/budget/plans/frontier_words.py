"""The return-against-budget curve from a budget of 0, and, where the plan leaves budget
unspent, how much and why in words (a binding ROAS floor drew two flat lines and said
nothing)."""

from optimizer import InvalidRequest
from optimizer.single import FrontierPoint, frontier, parse_plan_request

from ...i18n import _
from ...i18n.words import money
from ..models import BudgetPlan

STEPS = 16  # budgets of 1/8 to twice the plan's
UNSPENT = 0.005  # less than half a percent left over is rounding, not a choice


def frontier_from_zero(budget_plan: BudgetPlan) -> list[FrontierPoint]:
    """The plan solved at budgets up to twice its own, beginning with the budget of 0 (which
    brings nothing: no solve needed)."""
    budget = float(budget_plan.budget)
    budgets = [budget * step / 8 for step in range(1, STEPS + 1)]
    request_data = {**budget_plan.request, "budget": max(budgets)}
    try:
        points = frontier(parse_plan_request(request_data), budgets)
    except InvalidRequest:  # kept under older, looser rules: the plan still shows, less the curve
        return []
    solved = [p for p in points if p.objective_value is not None]
    if not solved:
        return []
    zero = FrontierPoint(0.0, "optimal", 0.0, {"spend": 0.0}, solved[0].shadow_price)
    return [zero, *solved]


def unspent_in_words(budget_plan: BudgetPlan, points: list[FrontierPoint]) -> list[str]:
    budget = float(budget_plan.budget)
    totals = budget_plan.result.get("totals", {})
    spend = float(totals.get("spend") or 0)
    floor = budget_plan.request.get("min_roas")
    floor_binds = "min_roas" in (budget_plan.result.get("binding") or [])
    said = []
    # a plan with a period is read per week (its table says so); its total is weeks times it
    weekly = _(" a week") if budget_plan.weeks else ""
    if budget > 0 and budget - spend > UNSPENT * budget:
        figures = {
            "unspent": money(budget - spend) + weekly,
            "budget": money(budget) + weekly,
            "spend": money(spend) + weekly,
        }
        if floor_binds and floor is not None:
            said.append(
                _(
                    "%(unspent)s of the budget of %(budget)s stays unspent. The ROAS floor of "
                    "%(floor)s binds: past %(spend)s of spend, every further unit would bring "
                    "the plan's revenue per unit spent below %(floor)s, so the plan stops there.",
                    floor=f"{floor:g}",
                    **figures,
                )
            )
        else:
            said.append(
                _(
                    "%(unspent)s of the budget of %(budget)s stays unspent: past %(spend)s of "
                    "spend, a further unit would bring back less than it costs.",
                    **figures,
                )
            )
    stops = next(
        (
            p
            for p in points
            if p.budget > 0 and p.budget - float(p.totals.get("spend") or 0) > UNSPENT * p.budget
        ),
        None,
    )
    if stops is not None:
        # where the flat lines begin is the spend the plan stops at, not the grid's next budget
        # (the curve's points are 1/8 of the budget apart: "about 7,500" for a stop at 6,368)
        left = budget > 0 and budget - spend > UNSPENT * budget
        most = spend if left else max(float(p.totals.get("spend") or 0) for p in points)
        said.append(
            _(
                "On the curve: the plan never spends more than %(most)s, so both lines are flat "
                "past a budget of that size; a larger budget would stay unspent.",
                most=money(most) + weekly,
            )
        )
    return said
