"""Results pages: record by form, import a CSV, re-plan from what came back."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...access import roles_required
from ...auth.models import User
from ...csv_files import ImportRejected
from ...extensions import db
from ...forms import EmptyForm
from ...i18n import _, money, ngettext, recipient_locale
from ...imports.batches import AlreadyImported, AlreadyUndone, recent_batches
from ...notifications.models import Notification
from ...notifications.services import notify
from ...numbers import id_arg
from ...pagination import paginate_rows
from ...tables import table_rows
from ...timeutil import market_today
from .. import bp
from ..access import PLANNERS, store_or_404
from ..ad_budget_views import ad_budget_form
from ..form_keys import posted_form_key
from ..models import BudgetPlan, PerformanceRecord, Placement
from ..placements.queries import active_placements
from ..plans.period import next_period
from ..plans.queries import latest_plan, store_plan
from .against_plan import against_plan
from .csv_import import parse_results_csv
from .forms import ResultForm, ResultImportForm, entered, placement_choices
from .import_job import start_results_import
from .notes import imported_note, recorded_note
from .queries import estimates, observed_by_placement
from .replan import AlreadyReplanned, NothingToRecommend, replan
from .services import (
    delete_one,
    get_recorded_or_404,
    get_results_batch,
    import_results_file,
    record_one,
    replaced_since,
    undo_results_import,
)


def back_to_results(store):
    """The results page again, held against the plan the planner was looking at."""
    return redirect(url_for("budget.results", store_id=store.id, plan=id_arg("plan")))


def render_results(store, form=None, import_form=None, problems=(), status=200, ad_form=None):
    placements = active_placements()
    form = form or ResultForm()
    form.placement.choices = placement_choices(placements)
    observed = observed_by_placement(store.id)
    # the plan the results are held against: the one asked for, else the latest
    wanted = id_arg("plan")
    latest = store_plan(store.id, wanted)
    if wanted is not None and latest is None:
        abort(404)  # another store's plan: not shown in its place as if it were asked for
    recent_plans = db.session.execute(
        select(BudgetPlan.id, BudgetPlan.created_at, BudgetPlan.kind, BudgetPlan.budget)
        .where(BudgetPlan.store_id == store.id)
        .order_by(BudgetPlan.created_at.desc(), BudgetPlan.id.desc())
        .limit(20)
    ).all()
    compared_by = (
        db.session.scalar(select(User.email).where(User.id == latest.created_by_id))
        if latest
        else None
    )
    # a platform share is re-planned with every store (a new platform run); a store's own
    # latest plan, if it has one, can still be re-planned from these results here
    own_latest = latest_plan(store.id, own=True) if latest and latest.kind == "platform" else None
    by_id = {p.id: p for p in placements}
    compared = against_plan(latest, placements) if latest else None
    records = paginate_rows(
        select(PerformanceRecord, Placement)
        .join(Placement, Placement.id == PerformanceRecord.placement_id)
        .where(PerformanceRecord.store_id == store.id)
        .order_by(PerformanceRecord.week.desc(), Placement.name, PerformanceRecord.id.desc())
    )
    return (
        render_template(
            "budget/results.html",
            store=store,
            form=form,
            import_form=import_form or ResultImportForm(),
            problems=problems,
            estimates=estimates(placements, observed),
            comparison=compared.rows if compared else [],
            compared=compared,
            next_from=next_period(latest)[0] if latest else None,
            has_results=bool(observed),
            latest=latest,
            own_latest=own_latest,
            own_next_from=next_period(own_latest)[0] if own_latest else None,
            recent_plans=recent_plans,
            compared_by=compared_by,
            records=records,
            by_id=by_id,
            batches=recent_batches("results", store.id),
            action_form=EmptyForm(),
            ad_form=ad_form or ad_budget_form(store.id),
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
        done = record_one(store.id, entered(form), by_code, current_user)
        db.session.commit()
        flash(*recorded_note(done))
        return back_to_results(store)
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
        form.file.errors = [_("Choose an Excel (.xlsx) or CSV file.")]
        return render_results(store, import_form=form, status=400)
    raw = upload.stream.read(2 * 1024 * 1024 + 1)
    if table_rows(raw) > current_app.config["IMPORT_INLINE_ROWS"]:
        job = start_results_import(store, raw, upload.filename, current_user.id)
        db.session.commit()  # enqueues the import; its page shows the progress
        return redirect(url_for("jobs.job", job_id=job.id))
    placements = active_placements()
    try:
        rows = parse_results_csv(raw, placements)
    except ImportRejected as rejected:
        return render_results(store, import_form=form, problems=rejected.problems, status=400)
    by_code = {p.code: p for p in placements}
    try:  # one transaction: every row or none
        done = import_results_file(store.id, rows, by_code, upload.filename, current_user)
    except AlreadyImported as repeated:
        db.session.rollback()
        form.file.errors = [str(repeated)]
        return render_results(store, import_form=form, status=409)
    db.session.commit()
    flash(imported_note(done), "success")
    return back_to_results(store)


def _recorded_again(batch) -> list[str]:
    later, files = replaced_since(batch)
    if not later:
        return []
    return [
        ngettext(
            "%(num)d of its weeks was recorded again since (%(files)s): it keeps those later "
            "figures, counted once, and undoing that later import afterwards never brings this "
            "import's figures back.",
            "%(num)d of its weeks were recorded again since (%(files)s): they keep those later "
            "figures, counted once, and undoing that later import afterwards never brings this "
            "import's figures back.",
            later,
            files=", ".join(f"“{f}”" for f in files) or _("by hand"),
        )
    ]


@bp.route("/stores/<int:store_id>/results/imports/<int:batch_id>/undo", methods=["POST"])
@roles_required(*PLANNERS)
def undo_results(store_id: int, batch_id: int):
    store = store_or_404(store_id)
    batch = get_results_batch(store.id, batch_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "1" and batch.undone_at is None:
        # the recorded results and the rates learned from them go: say so before, not after
        return render_template(
            "confirm.html",
            heading=_("Undo the import of “%(file)s”?", file=batch.file_name),
            consequences=[
                ngettext(
                    "%(num)d result will be deleted, and the rates learned from it.",
                    "%(num)d results will be deleted, and the rates learned from them.",
                    batch.row_count,
                ),
                *_recorded_again(batch),
            ],
            action=url_for(
                "budget.undo_results", store_id=store.id, batch_id=batch.id, plan=id_arg("plan")
            ),
            back=url_for("budget.results", store_id=store.id, plan=id_arg("plan")),
            button=ngettext("Delete %(num)d result", "Delete %(num)d results", batch.row_count),
            action_form=EmptyForm(),
        )
    try:
        removed = undo_results_import(batch, current_user)
    except AlreadyUndone:
        db.session.rollback()
        flash(_("That import was already undone."), "info")
        return back_to_results(store)
    db.session.commit()
    flash(
        ngettext(
            "Import of “%(file)s” undone: %(num)d result removed.",
            "Import of “%(file)s” undone: %(num)d results removed.",
            removed,
            file=batch.file_name,
        ),
        "success",
    )
    return back_to_results(store)


@bp.route("/stores/<int:store_id>/results/<int:record_id>/delete", methods=["POST"])
@roles_required(*PLANNERS)
def delete_result(store_id: int, record_id: int):
    store = store_or_404(store_id)
    entry = get_recorded_or_404(store.id, record_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    placement = db.session.get(Placement, entry.placement_id)
    if entry.import_batch_id is not None:
        flash(_("This week came with an import: undo that import to remove it."), "error")
        return back_to_results(store)
    said = {"placement": placement.label, "week": format_date(entry.week, "medium")}
    if request.form.get("confirm") != "1":
        return render_template(
            "confirm.html",
            heading=_("Delete the results of %(placement)s for the week of %(week)s?", **said),
            consequences=[
                _(
                    "Spend %(spend)s, %(conversions)s conversions and revenue %(revenue)s go, "
                    "and the rates and curves learned from them at the next fit.",
                    spend=money(entry.spend),
                    conversions=f"{entry.conversions:,}",
                    revenue=money(entry.revenue),
                )
            ],
            action=url_for(
                "budget.delete_result", store_id=store.id, record_id=entry.id, plan=id_arg("plan")
            ),
            back=url_for("budget.results", store_id=store.id, plan=id_arg("plan")),
            button=_("Delete these results"),
            action_form=EmptyForm(),
        )
    delete_one(entry, placement, current_user)  # False: another tab deleted it; it is gone
    db.session.commit()
    flash(
        _("The results of %(placement)s for the week of %(week)s were deleted.", **said), "success"
    )
    return back_to_results(store)


def tell_of_replan(store, new_plan: BudgetPlan) -> None:
    """The merchant hears of re-plans at most once a (market) day, as of platform runs: the
    notice's key is the store and the day, which the database holds unique."""
    merchant = db.session.get(User, store.merchant_id)
    key = f"replan:{store.id}:{market_today().isoformat()}"
    if db.session.scalar(select(Notification.id).where(Notification.key == key)) is not None:
        return
    with force_locale(recipient_locale(merchant)):
        subject = _("A new ad budget plan for your store")
        body = _("Business operations re-planned your ad budget from the results that came back.")
    try:
        with db.session.begin_nested():
            notify(merchant, subject, body, url_for("budget.plan", plan_id=new_plan.id), key=key)
            db.session.flush()
    except IntegrityError:  # another re-plan of the store told them this very moment
        pass


@bp.route("/stores/<int:store_id>/replan", methods=["POST"])
@roles_required(*PLANNERS)
def replan_store(store_id: int):
    store = store_or_404(store_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    # re-planning starts from the plan the planner was looking at, not whichever is newest;
    # without one, from the store's latest own plan (a platform recommendation has no request
    # of its own to re-plan from)
    wanted = id_arg("plan_id", source=request.form)
    previous = latest_plan(store.id, own=True) if wanted is None else store_plan(store.id, wanted)
    if wanted is not None and previous is None:
        abort(404)
    if previous is None:
        flash(_("Run a plan first; re-planning starts from a plan."), "error")
        return redirect(url_for("budget.results", store_id=store.id))
    if previous.kind == "platform":
        flash(
            _(
                "A platform recommendation has no single-store request to re-plan from; "
                "choose one of the store's own plans."
            ),
            "error",
        )
        return redirect(url_for("budget.results", store_id=store.id, plan=previous.id))
    observed = observed_by_placement(store.id)
    if not observed:  # it would be the same plan moved a period on
        flash(_("Re-planning learns from results: record a week of results below first."), "error")
        return redirect(url_for("budget.results", store_id=store.id, plan=previous.id))
    cautious = request.form.get("cautious") == "1"
    try:
        new_plan = replan(
            previous,
            active_placements(),
            observed,
            cautious,
            current_user.id,
            form_key=posted_form_key(request.form.get("form_key")),
        )
    except AlreadyReplanned as made:
        plan_id, made_for = made.args
        if made_for != store.id:  # a form's key sent with another store's address: not a repeat
            abort(400)
        flash(_("This re-plan was already made (the button was pressed twice)."), "info")
        return redirect(url_for("budget.plan", plan_id=plan_id))
    except NothingToRecommend as nothing:
        flash(
            _("The re-plan would spend nothing, so none was made: %(why)s", why=str(nothing)),
            "error",
        )
        return redirect(url_for("budget.results", store_id=store.id, plan=previous.id))
    if new_plan is None:
        flash(
            _(
                "With what the results taught, the limits of plan #%(id)s cannot be met; "
                "run a new plan.",
                id=previous.id,
            ),
            "error",
        )
        return redirect(url_for("budget.results", store_id=store.id, plan=previous.id))
    tell_of_replan(store, new_plan)
    db.session.commit()
    flash(
        _("Re-planned from the results on the cautious estimates.")
        if cautious
        else _("Re-planned from the results."),
        "success",
    )
    return redirect(url_for("budget.plan", plan_id=new_plan.id))
