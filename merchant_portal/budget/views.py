from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from optimizer import InvalidRequest, frontier, parse_plan_request

from ..access import Role, roles_required
from ..auth.models import User
from ..extensions import db
from ..numbers import id_arg
from ..onboarding.queries import current_store
from ..onboarding.store.models import Store
from ..pagination import paginate, paginate_rows
from ..reviewable import ReviewStatus
from ..timeutil import utcnow
from . import bp
from .explain import binding_in_words
from .forms import PlacementForm, PlanForm
from .models import BudgetPlan, Placement
from .services import active_placements, placement_problems, run_plan, save_placement

PLANNERS = (Role.PLANNER, Role.ADMIN)


@bp.route("/placements")
@roles_required(*PLANNERS)
def placements():
    page = paginate(select(Placement).order_by(Placement.channel, Placement.name))
    return render_template("budget/placements.html", page=page)


@bp.route("/placements/new", methods=["GET", "POST"])
@bp.route("/placements/<int:placement_id>/edit", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def edit_placement(placement_id: int | None = None):
    placement = db.session.get(Placement, placement_id) if placement_id else Placement()
    if placement is None:
        abort(404)
    # a new placement starts from the form's defaults (a blank model would blank them)
    form = PlacementForm(obj=placement) if placement_id else PlacementForm()
    if not form.is_submitted() and placement.curve_points:
        form.curve_points.data = "\n".join(f"{s:g}, {c:g}" for s, c in placement.curve_points)
    if form.validate_on_submit():
        problems = placement_problems(form)
        taken = db.session.scalar(select(Placement.id).where(Placement.code == form.code.data))
        if taken not in (None, placement.id):
            problems.setdefault("code", []).append("Another placement has this code.")
        for name, messages in problems.items():
            getattr(form, name, form.code).errors = (
                list(getattr(form, name, form.code).errors) + messages
            )
        if not problems:
            save_placement(placement, form, current_user)
            db.session.commit()
            flash(f"Placement “{placement.name}” saved.", "success")
            return redirect(url_for("budget.placements"))
    status = 400 if form.errors or any(f.errors for f in form) else 200
    return render_template("budget/placement_form.html", form=form, placement=placement), status


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
            .order_by(Store.name)
            .limit(20)
        ).all()
    page = paginate_rows(
        select(BudgetPlan, Store.name)
        .join(Store, Store.id == BudgetPlan.store_id)
        .order_by(BudgetPlan.created_at.desc(), BudgetPlan.id.desc())
    )
    return render_template("budget/plans.html", page=page, stores=stores, search=search)


def render_plan_form(store, form, errors=None, diagnosis=None, status=200, self_service=False):
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
            values=request.form,
            self_service=self_service,
            diagnosis_for=diagnosis_for,
        ),
        status,
    )


def _run(store, kind: str, self_service: bool):
    form = PlanForm()
    if not form.validate_on_submit():
        return render_plan_form(
            store, form, status=400 if form.errors else 200, self_service=self_service
        )
    outcome = run_plan(store, form, request.form, current_user, kind)
    if outcome.plan is None:
        for conflict in outcome.diagnosis:
            target = getattr(form, conflict["form_field"], None)
            if target is not None and hasattr(target, "errors"):
                target.errors = [*target.errors, conflict["message"]]
        return render_plan_form(store, form, outcome.errors, outcome.diagnosis, 400, self_service)
    db.session.commit()
    flash("Plan ready.", "success")
    return redirect(url_for("budget.plan", plan_id=outcome.plan.id))


@bp.route("/stores/<int:store_id>/plan", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def new_plan(store_id: int):
    store = db.session.get(Store, store_id)
    if store is None or store.status != ReviewStatus.APPROVED:
        abort(404)
    return _run(store, "planner", self_service=False)


@bp.route("/my-plans")
@roles_required(Role.MERCHANT)
def my_plans():
    store = current_store()
    page = paginate(
        select(BudgetPlan)
        .where(BudgetPlan.store_id == store.id)
        .order_by(BudgetPlan.created_at.desc())
    )
    return render_template("budget/my_plans.html", store=store, page=page)


@bp.route("/my-plans/new", methods=["GET", "POST"])
@roles_required(Role.MERCHANT)
def self_service_plan():
    store = current_store()
    if store.status != ReviewStatus.APPROVED:
        flash("Ad plans open once your store is approved.", "error")
        return redirect(url_for("onboarding.checklist"))
    return _run(store, "self_service", self_service=True)


def get_plan_or_404(plan_id: int) -> BudgetPlan:
    """Planners see every plan; a merchant only the plans of their own store."""
    query = select(BudgetPlan).where(BudgetPlan.id == plan_id)
    if current_user.role == Role.MERCHANT:
        query = query.join(Store, Store.id == BudgetPlan.store_id).where(
            Store.merchant_id == current_user.id
        )
    found = db.session.scalar(query)
    if found is None:
        abort(404)
    return found


def frontier_points(budget_plan: BudgetPlan) -> list:
    budget = float(budget_plan.budget)
    budgets = [budget * step / 8 for step in range(2, 17)]
    request_data = {**budget_plan.request, "budget": max(budgets)}
    try:
        return frontier(parse_plan_request(request_data), budgets)
    except InvalidRequest:  # kept under older, looser rules: the plan still shows, less the curve
        return []


@bp.route("/plans/<int:plan_id>")
@roles_required(Role.MERCHANT, *PLANNERS)
def plan(plan_id: int):
    budget_plan = get_plan_or_404(plan_id)
    store = db.session.get(Store, budget_plan.store_id)
    if current_user.role == Role.MERCHANT and budget_plan.viewed_by_merchant_at is None:
        budget_plan.viewed_by_merchant_at = utcnow()
        db.session.commit()
    placements = {p.code: p for p in db.session.scalars(select(Placement))}
    result = budget_plan.result
    others = db.session.scalars(
        select(BudgetPlan)
        .where(BudgetPlan.store_id == budget_plan.store_id, BudgetPlan.id != budget_plan.id)
        .order_by(BudgetPlan.created_at.desc())
        .limit(20)
    ).all()
    return render_template(
        "budget/plan.html",
        plan=budget_plan,
        store=store,
        result=result,
        placements=placements,
        binding=binding_in_words(result, budget_plan.request, placements),
        # a platform recommendation has no single-merchant request to trace a frontier from
        frontier=frontier_points(budget_plan) if budget_plan.kind != "platform" else [],
        others=others,
        ran_by=db.session.scalar(select(User.email).where(User.id == budget_plan.created_by_id)),
    )


@bp.route("/plans/<int:plan_id>/export.csv")
@roles_required(Role.MERCHANT, *PLANNERS)
def export_plan(plan_id: int):
    import csv
    import io

    from flask import Response

    budget_plan = get_plan_or_404(plan_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["placement", "spend", "units", "clicks", "conversions", "revenue", "marginal_roas"]
    )
    for a in budget_plan.result["allocations"]:
        writer.writerow(
            [
                a["id"],
                a["spend"],
                a["units"],
                a["clicks"],
                a["conversions"],
                a["revenue"],
                a["marginal_roas"],
            ]
        )
    totals = budget_plan.result["totals"]
    writer.writerow(
        [
            "total",
            totals["spend"],
            "",
            totals["clicks"],
            totals["conversions"],
            totals["revenue"],
            "",
        ]
    )
    name = f"plan-{budget_plan.id}-{budget_plan.created_at:%Y%m%d}.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.route("/compare")
@roles_required(Role.MERCHANT, *PLANNERS)
def compare():
    """Two plans side by side: ?a=<id>&b=<id>."""
    first = get_plan_or_404(id_arg("a") or 0)
    second = get_plan_or_404(id_arg("b") or 0)
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
    )
