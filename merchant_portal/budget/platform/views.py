from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ...access import roles_required
from ...audit import audit
from ...extensions import db
from ...forms import EmptyForm
from ...htmx import is_htmx
from ...i18n import _
from ...jobs.models import ACTIVE, Job
from ...pagination import page_number, paginate
from .. import bp
from ..access import PLANNERS
from ..curves.accept import accepted_fit
from ..models import Placement, PlatformRun
from .explain import explain_run
from .marks import marked_among, marked_count
from .marks_views import MAX_FILTER
from .publish import MATERIAL
from .review import current_spends, unreachable_count
from .run import AlreadyRunning, start_platform_run
from .shares import share_page


def active_run() -> PlatformRun | None:
    """The run under way (queued, running or being resumed), if any: at most one is."""
    return db.session.scalar(
        select(PlatformRun).join(Job, Job.id == PlatformRun.job_id).where(Job.status.in_(ACTIVE))
    )


@bp.route("/platform", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def platform():
    form = EmptyForm()
    if form.validate_on_submit():
        objective = request.form.get("objective")
        if objective not in ("revenue", "conversions"):
            flash(_("Choose revenue or conversions."), "error")
            return redirect(url_for("budget.platform"))
        try:
            basis = request.form.get("curves")
            basis = basis if basis in ("central", "lower_band") else "central"
            run = start_platform_run(objective, current_user.id, request.host_url, basis)
        except AlreadyRunning:
            # a double click, or a second tab: the run under way is the one to watch
            flash(_("A platform run is already under way; wait for it to finish."), "error")
            running = active_run()
            if running is None:  # it ended in the meantime
                return redirect(url_for("budget.platform"))
            return redirect(url_for("budget.platform_run", run_id=running.id))
        audit(
            actor_id=current_user.id,
            subject_kind="platform_run",
            subject_id=run.id,
            action="start_platform_run",
            to_state="queued",
            detail={
                "objective": objective,
                "fit": run.curve_fit.number if run.curve_fit_id else None,
                "curves": run.curve_basis,
            },
        )
        db.session.commit()  # enqueues the run's task
        return redirect(url_for("budget.platform_run", run_id=run.id))
    runs = paginate(
        select(PlatformRun).order_by(PlatformRun.created_at.desc(), PlatformRun.id.desc())
    )
    # merchants follow the newest published run (an older draft cannot be published after it);
    # an older run's share only where the newest has none for the store
    latest = db.session.scalar(
        select(func.max(PlatformRun.id)).where(PlatformRun.state == "published")
    )
    return render_template(
        "budget/platform.html",
        page=runs,
        form=form,
        running=active_run(),
        accepted=accepted_fit(),
        latest_published=latest,
    )


@bp.route("/platform/<int:run_id>")
@roles_required(*PLANNERS)
def platform_run(run_id: int):
    run = db.session.get(PlatformRun, run_id) or abort(404)
    if is_htmx():
        return render_template("jobs/_job_status.html", job=run.job, form=EmptyForm())
    recommendations = None
    words = (request.args.get("q") or "").strip()[:MAX_FILTER]
    if run.succeeded and run.summary:
        recommendations = share_page(run, words)
    elif page_number() > 1:  # no share list (queued, failed, nothing planned): page 1 only
        abort(404)
    names = {p.code: p.label for p in db.session.scalars(select(Placement))}
    stores_here = (
        [plan.store_id for plan, _name, _active in recommendations.items] if recommendations else []
    )
    draft = run.state == "draft" and recommendations is not None
    return render_template(
        "budget/platform_run.html",
        run=run,
        recommendations=recommendations,
        current=current_spends(stores_here, run.id),
        material=MATERIAL,
        names=names,
        form=EmptyForm(),
        words=words,
        marked=marked_among(run.id, stores_here) if draft else set(),
        marked_count=marked_count(run.id) if draft else 0,
        unreachable=unreachable_count(run.id) if recommendations is not None else 0,
        explained=explain_run(run.summary, run.objective, names),
    )
