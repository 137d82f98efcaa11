"""A run's share list, a page at a time: at 100,000 stores each page costs what a page costs.

The list is in store name order as the run stored it: storing a run numbers its shares in that
order (``number_shares``), and a page is the shares numbered into it, read through the
(run, position) index. Walking the stores' name index instead stepped over every store before
the page: the middle page of a 100,000-store run took 72 ms on SQLite and 1.7 s on PostgreSQL.
A store renamed after the run keeps its place; its row shows the name it has now."""

from sqlalchemy import func, select, update
from sqlalchemy.orm import load_only

from ...auth.models import User
from ...extensions import db
from ...i18n.name_order import in_name_order
from ...onboarding.store.models import Store
from ...pagination import RowPage, page_number, per_page_or_404
from ..models import BudgetPlan, PlatformRun
from .marks import name_filter


def number_shares(run_id: int) -> None:
    """Number the run's shares 1, 2, ... in store name order: one statement, in the database."""
    ranked = (
        select(
            BudgetPlan.id.label("plan_id"),
            func.row_number()
            .over(order_by=(in_name_order(Store.name), Store.id))
            .label("position"),
        )
        .join(Store, Store.id == BudgetPlan.store_id)
        .where(BudgetPlan.platform_run_id == run_id)
        .subquery()
    )
    plans = BudgetPlan.__table__
    db.session.execute(
        update(plans).where(plans.c.id == ranked.c.plan_id).values(list_position=ranked.c.position)
    )


SHOWN = (BudgetPlan.id, BudgetPlan.store_id, BudgetPlan.budget, BudgetPlan.result)


def share_page(run: PlatformRun, words: str) -> RowPage:
    """(plan, store name, merchant active) of the page's stores, in store name order."""
    run_id = run.id
    rows = (
        # what a row shows, no more: each share's request (its rates) and the rest were read
        # and decoded for nothing
        select(BudgetPlan, Store.name, User.active)
        .options(load_only(*SHOWN, raiseload=True))
        .join(Store, Store.id == BudgetPlan.store_id)
        .join(User, User.id == Store.merchant_id)
        .where(BudgetPlan.platform_run_id == run_id)
    )
    if words.strip():
        matching = name_filter(rows, words)
        total = db.session.scalar(
            select(func.count()).select_from(matching.with_only_columns(BudgetPlan.id).subquery())
        )
    else:  # one share per store the run planned: counting 100,000 of them took PostgreSQL
        matching = rows  # 180 ms (freshly written rows, read from the table, not the index)
        total = run.summary["merchants"]
    page, per_page = page_number(), per_page_or_404(total)
    skip = (page - 1) * per_page
    if words.strip():
        page_rows = matching.order_by(BudgetPlan.list_position).limit(per_page).offset(skip)
    else:  # the page's numbers, not an offset: the middle page costs what the first does
        page_rows = matching.where(
            BudgetPlan.list_position > skip, BudgetPlan.list_position <= skip + per_page
        ).order_by(BudgetPlan.list_position)
    return RowPage(list(db.session.execute(page_rows)), page, per_page, total)
