"""Reading plans: one plan with its frontier, its CSV export, two plans side by side."""

from flask import Response, render_template
from flask_login import current_user
from sqlalchemy import select

from ...access import FIGURE_READERS, Role, roles_required
from ...auth.models import User
from ...extensions import db
from ...forms import EmptyForm
from ...i18n import _
from ...numbers import id_arg
from ...onboarding.store.models import Store
from ...timeutil import utcnow
from .. import bp
from ..access import PLANNERS, get_plan_or_404
from ..curves.accept import accepted_fit
from ..curves.queries import store_charts
from ..models import BudgetPlan, PerformanceRecord, Placement
from ..platform.recommendation import recommendation_words
from ..visibility import shown_to_merchants
from .compare_labels import labelled, older_then_newer
from .explain import binding_in_words, notes_in_words
from .export import plan_csv
from .frontier_kept import kept_frontier
from .frontier_words import unspent_in_words
from .queries import current_recommendation


@bp.route("/plans/<int:plan_id>")
@roles_required(Role.MERCHANT, *PLANNERS, store=FIGURE_READERS)
def plan(plan_id: int):
    budget_plan = get_plan_or_404(plan_id)
    store = db.session.get(Store, budget_plan.store_id)
    # traced on the first view of a plan (with that view's read mark, one commit) and kept
    frontier, traced = kept_frontier(budget_plan)
    if current_user.role == Role.MERCHANT and budget_plan.viewed_by_merchant_at is None:
        budget_plan.viewed_by_merchant_at = utcnow()
        traced = True
    if traced:
        db.session.commit()
    placements = {p.code: p for p in db.session.scalars(select(Placement))}
    result = budget_plan.result
    binding, comparison = binding_in_words(result, budget_plan.request, placements), None
    if budget_plan.kind == "platform":
        names = {code: p.label for code, p in placements.items()}
        binding, comparison = recommendation_words(budget_plan, names)
    others = select(BudgetPlan).where(
        BudgetPlan.store_id == budget_plan.store_id, BudgetPlan.id != budget_plan.id
    )
    if current_user.role == Role.MERCHANT:  # a draft run's plan answers them 404: not offered
        others = others.where(shown_to_merchants())
    others = db.session.scalars(others.order_by(BudgetPlan.created_at.desc()).limit(20)).all()
    return render_template(
        "budget/plan.html",
        plan=budget_plan,
        store=store,
        result=result,
        placements=placements,
        binding=binding,
        notes=notes_in_words(result),
        comparison=comparison,
        frontier=frontier,
        unspent=unspent_in_words(budget_plan, frontier),
        others=others,
        current=current_recommendation(budget_plan.store_id),
        action_form=EmptyForm(),
        ran_by=ran_by(budget_plan),
        curve_charts=_curve_charts(budget_plan),
        placement_names={p.id: p.label for p in placements.values()},
        has_results=current_user.role != Role.MERCHANT and _has_results(budget_plan.store_id),
    )


def _curve_charts(budget_plan: BudgetPlan) -> list:
    """The store's curves, small: of the fit the plan used, else of the accepted fit. Staff
    only: the curves pages are the planners'."""
    if current_user.role == Role.MERCHANT:
        return []
    fit = budget_plan.curve_fit or accepted_fit()
    return store_charts(fit, budget_plan.store_id)


def ran_by(budget_plan: BudgetPlan) -> str:
    """Who made the plan: staff see the colleague's address; a merchant sees "you" or
    "business operations", as the list of their plans says (it showed them the planner's
    address)."""
    if current_user.role == Role.MERCHANT:
        return _("you") if budget_plan.kind == "self_service" else _("business operations")
    return db.session.scalar(select(User.email).where(User.id == budget_plan.created_by_id))


@bp.route("/plans/<int:plan_id>/export.csv")
@roles_required(Role.MERCHANT, *PLANNERS, store=FIGURE_READERS)
def export_plan(plan_id: int):
    budget_plan = get_plan_or_404(plan_id)
    name = f"plan-{budget_plan.id}-{budget_plan.created_at:%Y%m%d}.csv"
    return Response(
        plan_csv(budget_plan.result),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.route("/compare")
@roles_required(Role.MERCHANT, *PLANNERS, store=FIGURE_READERS)
def compare():
    """Two plans side by side: ?a=<id>&b=<id>."""
    first, second = older_then_newer(
        get_plan_or_404(id_arg("a") or 0), get_plan_or_404(id_arg("b") or 0)
    )
    placements = {p.code: p for p in db.session.scalars(select(Placement))}
    codes = list(
        dict.fromkeys(
            [a["id"] for a in first.result["allocations"]]
            + [a["id"] for a in second.result["allocations"]]
        )
    )
    spend = {
        plan_id: {a["id"]: a for a in chosen.result["allocations"]}
        for plan_id, chosen in ((first.id, first), (second.id, second))
    }
    return render_template(
        "budget/compare.html",
        first=first,
        second=second,
        codes=codes,
        spend=spend,
        placements=placements,
        labels=labelled((first, second)),
    )


def _has_results(store_id: int) -> bool:
    """Re-planning learns from results: without any, the button is not offered."""
    found = select(PerformanceRecord.id).where(PerformanceRecord.store_id == store_id).limit(1)
    return db.session.scalar(found) is not None
