"""Who may reach the budget pages, and loading a store or plan the current user may see."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..access import Role
from ..extensions import db
from ..onboarding.store.models import Store
from ..onboarding.team.queries import own_store_ids
from ..workflow.reviewable import ReviewStatus
from .models import BudgetPlan
from .visibility import shown_to_merchants

PLANNERS = (Role.PLANNER, Role.ADMIN)


def get_plan_or_404(plan_id: int) -> BudgetPlan:
    """Planners see every plan; a merchant only the plans of their own store."""
    query = select(BudgetPlan).where(BudgetPlan.id == plan_id)
    if current_user.role == Role.MERCHANT:
        query = query.join(Store, Store.id == BudgetPlan.store_id).where(
            Store.id == own_store_ids(), shown_to_merchants()
        )
    found = db.session.scalar(query)
    if found is None:
        abort(404)
    return found


def store_or_404(store_id: int) -> Store:
    """A store planners work on: one that trades. A store still in draft (or in review, or
    turned down) has no placements to buy and no results to record; it answers 404."""
    store = db.session.get(Store, store_id)
    if store is None or store.status != ReviewStatus.APPROVED:
        abort(404)
    return store
