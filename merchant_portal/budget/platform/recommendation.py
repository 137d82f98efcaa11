"""A merchant's platform recommendation as its plan page shows it: what limits it, in words,
and the store's own plan beside it."""

from ...extensions import db
from ..models import BudgetPlan, PlatformRun
from .compare import Comparison, compare
from .explain import share_in_words


def recommendation_words(
    plan: BudgetPlan, names: dict[str, str]
) -> tuple[list[str], Comparison | None]:
    run = db.session.get(PlatformRun, plan.platform_run_id) if plan.platform_run_id else None
    summary = run.summary if run else None
    own_id = plan.request.get("own_plan")
    own = db.session.get(BudgetPlan, own_id) if own_id else None
    if own is not None and own.store_id != plan.store_id:  # never another store's plan
        own = None
    comparison = compare(plan, own, summary, names) if own is not None else None
    return share_in_words(plan, summary, names), comparison
