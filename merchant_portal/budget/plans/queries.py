"""Reads of stored plans."""

from sqlalchemy import func, select

from optimizer import frontier, parse_plan_request

from ...extensions import db
from ...onboarding.queries import count_plans_with
from ..models import BudgetPlan


def latest_plan(store_id: int, own: bool = False) -> BudgetPlan | None:
    """The store's latest plan; with ``own``, the latest it was planned alone (a platform
    recommendation has no request of its own to re-plan from)."""
    query = select(BudgetPlan).where(BudgetPlan.store_id == store_id)
    if own:
        query = query.where(BudgetPlan.platform_run_id.is_(None))
    return db.session.scalar(
        query.order_by(BudgetPlan.created_at.desc(), BudgetPlan.id.desc()).limit(1)
    )


def plan_counts(store_id: int) -> tuple[int, int]:
    """A store's ad plans, and how many of them its merchant opened (the checklist's step)."""
    made, opened = db.session.execute(
        select(func.count(), func.count(BudgetPlan.viewed_by_merchant_at)).where(
            BudgetPlan.store_id == store_id
        )
    ).one()
    return made, opened


count_plans_with(plan_counts)


def frontier_points(budget_plan: BudgetPlan) -> list:
    budget = float(budget_plan.budget)
    budgets = [budget * step / 8 for step in range(2, 17)]
    request_data = {**budget_plan.request, "budget": max(budgets)}
    return frontier(parse_plan_request(request_data), budgets)
