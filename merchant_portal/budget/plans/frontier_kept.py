"""A plan's frontier, traced once and kept in its stored result: a plan never changes after
it is made, and tracing it took 16 solves (100-340 ms of CPU) on every view of the page."""

from optimizer.single import FrontierPoint

from ..models import BudgetPlan
from .frontier_words import frontier_from_zero

KEY = "frontier"


def kept_frontier(budget_plan: BudgetPlan) -> tuple[list[FrontierPoint], bool]:
    """The plan's frontier, and whether it was traced now (the caller commits it, so the
    next view reads it). A platform recommendation has no single-merchant request to trace
    one from."""
    if budget_plan.kind == "platform":
        return [], False
    stored = (budget_plan.result or {}).get(KEY)
    if stored is not None:
        return [_point(p) for p in stored], False
    points = frontier_from_zero(budget_plan)
    budget_plan.result = {**budget_plan.result, KEY: [p.to_json() for p in points]}
    return points, True


def _point(kept: dict) -> FrontierPoint:
    return FrontierPoint(
        kept["budget"],
        kept["status"],
        kept["objective_value"],
        kept["totals"],
        kept["shadow_prices"]["budget"],
    )
