"""Results pages: record by form, import a CSV, re-plan from what came back."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...access import roles_required
from ...auth.models import User
from ...csv_files import ImportRejected
from ...extensions import db
from ...notifications.services import notify
from ...pagination import paginate_rows
from .. import bp
from ..access import PLANNERS, store_or_404
from ..models import PerformanceRecord, Placement
from ..placements.queries import active_placements
from ..plans.queries import latest_plan
from .csv_import import parse_results_csv
from .forms import COLUMNS, ResultForm, ResultImportForm, placement_choices
from .queries import estimates, observed_by_placement
from .replan import replan
from .services import record


def render_results(store, form=None, import_form=None, problems=(), status=200):
    placements = active_placements()
    form = form or ResultForm()
    form.placement.choices = placement_choices(placements)
    observed = observed_by_placement(store.id)
    latest = latest_plan(store.id)
    planned = {a["id"]: a for a in latest.result["allocations"]} if latest else {}
    by_id = {p.id: p for p in placements}
    comparison = [
        (
            p.name,
            planned.get(p.code, {}).get("revenue", 0.0),
            observed[p.id].revenue if p.id in observed else 0.0,
        )
        for p in placements
        if p.code in planned or p.id in observed
    ]
    records = paginate_rows(
        select(PerformanceRecord, Placement.name)
        .join(Placement, Placement.id == PerformanceRecord.placement_id)
        .where(PerformanceRecord.store_id == store.id)
        .order_by(PerformanceRecord.period_start.desc(), PerformanceRecord.id.desc())
    )
    return (
        render_template(
            "budget/results.html",
            store=store,
            form=form,
            import_form=import_form or ResultImportForm(),
            problems=problems,
            estimates=estimates(placements, observed),
            comparison=comparison,
            latest=latest,
            records=records,
            by_id=by_id,
        ),
        status,
    )


@bp.route("/stores/<int:store_id>/results", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def results(store_id: int):
    store = store_or_404(store_id)
    form = ResultForm()
    form.placement.choices = placement_choices(active_placements())
    if form.validate_on_submit():
        by_code = {p.code: p for p in active_placements()}
        values = {name: getattr(form, name).data for name in COLUMNS}
        record(store.id, values, by_code, current_user.id)
        db.session.commit()
        flash("Results recorded; the estimates below include them.", "success")
        return redirect(url_for("budget.results", store_id=store.id))
    return render_results(store, form=form, status=400 if form.errors else 200)


@bp.route("/stores/<int:store_id>/results/import", methods=["POST"])
@roles_required(*PLANNERS)
def import_results(store_id: int):
    store = store_or_404(store_id)
    form = ResultImportForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    if upload is None or not upload.filename:
        form.file.errors = ["Choose a CSV file."]
        return render_results(store, import_form=form, status=400)
    placements = active_placements()
    try:
        rows = parse_results_csv(upload.stream.read(2 * 1024 * 1024 + 1), placements)
    except ImportRejected as rejected:
        return render_results(store, import_form=form, problems=rejected.problems, status=400)
    by_code = {p.code: p for p in placements}
    for row in rows:  # one transaction: every row or none
        record(store.id, row, by_code, current_user.id)
    db.session.commit()
    flash(f"Imported {len(rows)} result(s).", "success")
    return redirect(url_for("budget.results", store_id=store.id))


@bp.route("/stores/<int:store_id>/replan", methods=["POST"])
@roles_required(*PLANNERS)
def replan_store(store_id: int):
    store = store_or_404(store_id)
    previous = latest_plan(store.id, own=True)
    if previous is None:
        flash("Run a plan first; re-planning starts from the latest one.", "error")
        return redirect(url_for("budget.results", store_id=store.id))
    cautious = request.form.get("cautious") == "1"
    new_plan = replan(
        previous, active_placements(), observed_by_placement(store.id), cautious, current_user.id
    )
    if new_plan is None:
        flash(
            "With what the results taught, the latest plan's constraints cannot be met; "
            "run a new plan.",
            "error",
        )
        return redirect(url_for("budget.results", store_id=store.id))
    merchant = db.session.get(User, store.merchant_id)
    notify(
        merchant,
        "A new ad budget plan for your store",
        "Business operations re-planned your ad budget from the results that came back.",
        url_for("budget.plan", plan_id=new_plan.id),
    )
    db.session.commit()
    flash(
        "Re-planned from the results" + (" on the cautious estimates." if cautious else "."),
        "success",
    )
    return redirect(url_for("budget.plan", plan_id=new_plan.id))
