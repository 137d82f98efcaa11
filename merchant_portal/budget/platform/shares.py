"""A run's share list, a page at a time: at 100,000 stores each page costs what a page costs.

The list is in store name order. The page's store ids come from walking the stores' name
index (``ix_stores_name_id``), each store checked against the run through the run's
(run, store) unique index, so no page sorts the run's shares; a page in the back half of the
list walks the index from its end, so the last page costs what the first does and the
middle one is the dearest (it steps over half the stores)."""

from sqlalchemy import exists, func, select

from ...auth.models import User
from ...extensions import db
from ...onboarding.store.models import Store
from ...pagination import RowPage, page_number, per_page_or_404
from ..models import BudgetPlan
from .marks import name_filter


def share_page(run_id: int, words: str) -> RowPage:
    """(plan, store name, merchant active) of the page's stores, in store name order."""
    in_run = exists().where(BudgetPlan.store_id == Store.id, BudgetPlan.platform_run_id == run_id)
    stores = name_filter(select(Store.id).where(in_run), words)
    if words.strip():
        total = db.session.scalar(select(func.count()).select_from(stores.subquery()))
    else:  # one plan per store in a run (the unique constraint): the run's index counts them
        total = db.session.scalar(
            select(func.count()).select_from(BudgetPlan).where(BudgetPlan.platform_run_id == run_id)
        )
    page, per_page = page_number(), per_page_or_404(total)
    skip = (page - 1) * per_page
    count = min(per_page, total - skip)
    if skip + count / 2 <= total / 2:
        ids = list(
            db.session.scalars(stores.order_by(Store.name, Store.id).limit(count).offset(skip))
        )
    else:  # from the list's end
        ids = list(
            db.session.scalars(
                stores.order_by(Store.name.desc(), Store.id.desc())
                .limit(count)
                .offset(total - skip - count)
            )
        )[::-1]
    rows = db.session.execute(
        select(BudgetPlan, Store.name, User.active)
        .join(Store, Store.id == BudgetPlan.store_id)
        .join(User, User.id == Store.merchant_id)
        .where(BudgetPlan.platform_run_id == run_id, BudgetPlan.store_id.in_(ids))
    )
    by_store = {plan.store_id: (plan, name, active) for plan, name, active in rows}
    return RowPage([by_store[store_id] for store_id in ids], page, per_page, total)
