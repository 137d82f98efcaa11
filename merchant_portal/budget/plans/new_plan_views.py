"""Running plans: the planners' list of plans, a planner's plan for a store, a merchant's own."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...access import AD_ROLES, FIGURE_READERS, Role, roles_required
from ...extensions import db
from ...i18n import _
from ...i18n.name_order import in_name_order
from ...onboarding.queries import current_store
from ...onboarding.store.models import Store
from ...pagination import paginate, paginate_rows
from ...workflow.reviewable import ReviewStatus
from .. import bp
from ..access import PLANNERS
from ..ad_budget_views import ad_budget_form, who_set_it
from ..curves.accept import accepted_fit
from ..form_keys import posted_form_key
from ..models import BudgetPlan
from ..placements.queries import active_placements
from ..visibility import shown_to_merchants
from .forms import PlanForm
from .queries import current_recommendation
from .services import plan_made_by, run_plan


@bp.route("/plans")
@roles_required(*PLANNERS)
def plans():
    search = (request.args.get("store") or "").strip()
    stores = None
    if search:
        stores = db.session.scalars(
            select(Store)
            .where(
                Store.status == ReviewStatus.APPROVED, Store.name.contains(search, autoescape=True)
            )
            .order_by(in_name_order(Store.name), Store.id)
            .limit(20)
        ).all()
    page = paginate_rows(
        select(BudgetPlan, Store.name)
        .join(Store, Store.id == BudgetPlan.store_id)
        .order_by(BudgetPlan.created_at.desc(), BudgetPlan.id.desc())
    )
    return render_template("budget/plans.html", page=page, stores=stores, search=search)


def render_plan_form(
    store, form, errors=None, diagnosis=None, status=200, self_service=False, nothing_spent=None
):
    diagnosis = diagnosis or []

    def diagnosis_for(name: str) -> list[str]:
        return [c["message"] for c in diagnosis if c["form_field"] == name]

    return (
        render_template(
            "budget/plan_form.html",
            store=store,
            form=form,
            placements=active_placements(),
            errors=errors or {},
            diagnosis=diagnosis,
            nothing_spent=nothing_spent,
            values=request.form,
            self_service=self_service,
            diagnosis_for=diagnosis_for,
            accepted=accepted_fit(),
        ),
        status,
    )


def _run(store, kind: str, self_service: bool):
    form = PlanForm()
    if not form.validate_on_submit():
        return render_plan_form(
            store,
            form,
            errors=form.limit_errors,
            status=400 if form.is_submitted() else 200,
            self_service=self_service,
        )
    form_key = posted_form_key(request.form.get("form_key"))
    made = plan_made_by(store.id, form_key)
    if made is None:
        outcome = run_plan(store, form, current_user, kind, form_key)
        made = outcome.already_made
    if made is not None:
        flash(_("This plan was already made (the button was pressed twice)."), "info")
        return redirect(url_for("budget.plan", plan_id=made))
    if outcome.plan is None:
        for conflict in outcome.diagnosis:
            target = getattr(form, conflict["form_field"], None)
            if target is not None and hasattr(target, "errors"):
                target.errors = [*target.errors, conflict["message"]]
        if outcome.nothing_spent_field == "min_roas":
            form.min_roas.errors = [
                *form.min_roas.errors,
                _("No placement returns this much: lower the ROAS floor or leave it empty."),
            ]
        return render_plan_form(
            store,
            form,
            outcome.errors,
            outcome.diagnosis,
            400,
            self_service,
            nothing_spent=outcome.nothing_spent,
        )
    db.session.commit()
    flash(_("Plan ready."), "success")
    return redirect(url_for("budget.plan", plan_id=outcome.plan.id))


@bp.route("/stores/<int:store_id>/plan", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def new_plan(store_id: int):
    store = db.session.get(Store, store_id)
    if store is None or store.status != ReviewStatus.APPROVED:
        abort(404)
    return _run(store, "planner", self_service=False)


@bp.route("/my-plans")
@roles_required(Role.MERCHANT, store=FIGURE_READERS)
def my_plans():
    return render_my_plans(current_store())


def render_my_plans(store, ad_form=None, status=200):
    page = paginate(
        select(BudgetPlan)
        .where(BudgetPlan.store_id == store.id, shown_to_merchants())
        .order_by(BudgetPlan.created_at.desc())
    )
    return render_template(
        "budget/my_plans.html",
        store=store,
        page=page,
        current=current_recommendation(store.id),
        ad_form=ad_form or ad_budget_form(store.id),
        ad_budget_set=who_set_it(store.id),
    ), status


@bp.route("/my-plans/new", methods=["GET", "POST"])
@roles_required(Role.MERCHANT, store=AD_ROLES)
def self_service_plan():
    store = current_store()
    if store.status != ReviewStatus.APPROVED:
        flash(_("Ad plans open once your store is approved."), "error")
        return redirect(url_for("onboarding.checklist"))
    return _run(store, "self_service", self_service=True)
