"""Re-planning a store from its results: the latest plan's request with learned rates."""

from sqlalchemy import select

from optimizer import InvalidRequest
from optimizer.single import parse_plan_request, plan
from optimizer.single.learning import Observed

from ...audit import audit
from ...extensions import db
from ...transitions import insert_once
from ..curves.use import CAUTIOUS, CENTRAL, accepted_curves, apply_to_plan_request
from ..learning import learned
from ..models import BudgetPlan, Placement
from ..plans.explain import nothing_spent_reason
from ..plans.period import next_period, set_period
from ..plans.stored import stored_result


class AlreadyReplanned(Exception):
    """This render of the re-plan button made a plan already (a double submit): its id and
    its store's."""


class NothingToRecommend(Exception):
    """The re-plan is optimal but spends nothing; the message says why, in the form's words."""


def replan(
    previous: BudgetPlan,
    placements: list[Placement],
    observed: dict[int, Observed],
    cautious: bool,
    actor_id: int,
    form_key: str | None = None,
) -> BudgetPlan | None:
    """The previous plan's request with each placement's rates learned from its results.
    None when its limits cannot be met; raises NothingToRecommend when it would spend nothing."""
    by_code = {p.code: p for p in placements}
    request = {**previous.request, "placements": []}
    for item in previous.request["placements"]:
        item = dict(item)
        p = by_code.get(item["id"])
        if p is not None and p.id in observed:
            item.update(learned(p, observed[p.id]).rates(cautious))
        request["placements"].append(item)
    # the accepted fit's curves, as a new plan would use them (a re-plan ignored them and
    # said no fit was accepted): its centre, or the lower band for a cautious re-plan
    curves = accepted_curves(CAUTIOUS if cautious else CENTRAL, [previous.store_id])
    if curves is not None:
        apply_to_plan_request(request, placements, curves, previous.store_id)
    try:
        result = plan(parse_plan_request(request))
    except InvalidRequest:  # a plan kept under older, looser rules: run a new one instead
        return None
    if result.status != "optimal":
        return None
    answer = result.to_json()
    if not (answer["totals"].get("spend") or 0) > 0:
        raise NothingToRecommend(nothing_spent_reason(answer, request))
    new_plan = BudgetPlan(
        store_id=previous.store_id,
        created_by_id=actor_id,
        kind="cautious_replan" if cautious else "replan",
        objective=previous.objective,
        request=request,
        result=stored_result(result),
        replanned_from_id=previous.id,
    )
    if curves is not None:
        new_plan.curve_fit_id, new_plan.curve_basis = curves.fit.id, curves.basis
    # the next period, from where the previous one ends, on the same budget
    start, weeks = next_period(previous)
    basis = previous.budget_basis or "weekly"
    typed = previous.period_budget if basis == "total" else previous.budget
    set_period(new_plan, start, weeks, basis, typed)
    new_plan.budget = previous.budget  # the request solved is the previous week's budget
    new_plan.form_key = form_key
    if not insert_once(new_plan):
        made = db.session.execute(
            select(BudgetPlan.id, BudgetPlan.store_id).where(BudgetPlan.form_key == form_key)
        ).one()
        raise AlreadyReplanned(*made) from None
    audit(
        actor_id=actor_id,
        subject_kind="budget_plan",
        subject_id=new_plan.id,
        action="replan",
        detail={
            "from_plan": previous.id,
            "cautious": cautious,
            "period_start": new_plan.period_start.isoformat(),
            "weeks": weeks,
        },
    )
    return new_plan
