"""Reads of stored plans."""

from functools import cache

from sqlalchemy import bindparam, func, select

from ...extensions import db
from ...onboarding.queries import count_plans_with
from ..models import BudgetPlan
from ..visibility import shown_to_merchants


def latest_plan(store_id: int, own: bool = False) -> BudgetPlan | None:
    """The store's latest plan; with ``own``, the latest it was planned alone (a platform
    recommendation has no request of its own to re-plan from)."""
    query = select(BudgetPlan).where(BudgetPlan.store_id == store_id)
    if own:
        query = query.where(BudgetPlan.platform_run_id.is_(None))
    return db.session.scalar(
        query.order_by(BudgetPlan.created_at.desc(), BudgetPlan.id.desc()).limit(1)
    )


# plans business operations make for a store; a merchant's self-service plans are their own
RECOMMENDING = ("planner", "replan", "cautious_replan", "platform")


def spends(budget_plan: BudgetPlan) -> bool:
    return ((budget_plan.result or {}).get("totals", {}).get("spend") or 0) > 0


def current_recommendation(store_id: int) -> BudgetPlan | None:
    """The store's newest plan from business operations that spends something: the one the
    merchant is told to follow."""
    recent = db.session.scalars(
        select(BudgetPlan)
        .where(
            BudgetPlan.store_id == store_id,
            BudgetPlan.kind.in_(RECOMMENDING),
            shown_to_merchants(),  # a draft run's share is no recommendation yet
        )
        .order_by(BudgetPlan.created_at.desc(), BudgetPlan.id.desc())
        .limit(20)
    )
    return next((p for p in recent if spends(p)), None)


def store_plan(store_id: int, plan_id: int | None) -> BudgetPlan | None:
    """One of this store's plans (None for another store's), or its latest without an id."""
    if plan_id is None:
        return latest_plan(store_id)
    return db.session.scalar(
        select(BudgetPlan).where(BudgetPlan.id == plan_id, BudgetPlan.store_id == store_id)
    )


@cache
def _plan_counts_statement():
    """Built once, with the store as a parameter: the checklist asks on every view."""
    return select(func.count(), func.count(BudgetPlan.viewed_by_merchant_at)).where(
        BudgetPlan.store_id == bindparam("store_id"), shown_to_merchants()
    )


def plan_counts(store_id: int) -> tuple[int, int]:
    """A store's ad plans, and how many of them its merchant opened (the checklist's step)."""
    made, opened = db.session.execute(_plan_counts_statement(), {"store_id": store_id}).one()
    return made, opened


count_plans_with(plan_counts)
