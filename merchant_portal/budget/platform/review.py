"""Reviewing a draft run: each store's share against its current recommendation, a page at a
time, in two statements whatever the page's length."""

from sqlalchemy import exists, func, select

from ...auth.models import User
from ...extensions import db
from ...onboarding.store.models import Store
from ..models import BudgetPlan
from ..plans.queries import RECOMMENDING
from ..visibility import shown_to_merchants


def current_spends(store_ids: list[int], run_id: int) -> dict[int, tuple[int, float]]:
    """(plan id, weekly spend) of each store's current recommendation, the run's own draft
    shares aside: the newest plan business operations made for it that merchants can see."""
    if not store_ids:
        return {}
    newest = (
        select(func.max(BudgetPlan.id))
        .where(
            BudgetPlan.store_id.in_(store_ids),
            BudgetPlan.kind.in_(RECOMMENDING),
            (BudgetPlan.platform_run_id != run_id) | BudgetPlan.platform_run_id.is_(None),
            shown_to_merchants(),
        )
        .group_by(BudgetPlan.store_id)
    )
    rows = db.session.execute(
        select(BudgetPlan.store_id, BudgetPlan.id, BudgetPlan.result).where(
            BudgetPlan.id.in_(newest)
        )
    )
    return {
        store_id: (plan_id, float(result["totals"].get("spend") or 0))
        for store_id, plan_id, result in rows
    }


def unreachable_count(run_id: int) -> int:
    """Stores of the run whose merchant's account is switched off: publishing cannot tell them
    (no inbox they can open, no mail sent to a closed account)."""
    # from the switched-off accounts (few, ix_users_active) to their stores' shares in the
    # run: joined the other way it read every share of a 100,000-store run
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .join(Store, Store.merchant_id == User.id)
        .where(
            User.active.is_(False),
            exists().where(BudgetPlan.store_id == Store.id, BudgetPlan.platform_run_id == run_id),
        )
    )
