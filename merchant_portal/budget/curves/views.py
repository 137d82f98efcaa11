"""The curves pages: the fitted versions (fit now, accept one), a version's placements, and
one placement's curves store by store."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...access import roles_required
from ...audit import audit
from ...extensions import db
from ...forms import EmptyForm
from ...i18n import _
from ...i18n.name_order import in_name_order
from ...jobs.models import ACTIVE, Job
from ...onboarding.store.models import Store
from ...pagination import paginate, paginate_rows
from .. import bp
from ..access import PLANNERS
from ..models import Placement
from .accept import AcceptedMeanwhile, AlreadyAccepted, accept_fit, accepted_fit
from .chart import carryover_in_words, draw
from .fit_job import KIND, AlreadyRunning, start_fit
from .models import CurveFit, FittedCurve, FittedPlacement
from .queries import weeks_by_store


def running_fit() -> Job | None:
    return db.session.scalar(select(Job).where(Job.kind == KIND, Job.status.in_(ACTIVE)))


def fit_or_404(fit_id: int) -> CurveFit:
    return db.session.get(CurveFit, fit_id) or abort(404)


@bp.route("/curves", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def curves():
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            job = start_fit(current_user.id, request.host_url)
        except AlreadyRunning:
            # a double click, or a colleague's click: the fit under way is the one to watch
            flash(_("A curve fit is already under way; wait for it to finish."), "error")
            running = running_fit()
            if running is None:
                return redirect(url_for("budget.curves"))
            return redirect(url_for("jobs.job", job_id=running.id))
        audit(current_user.id, "job", job.id, "start_curve_fit", to_state="queued",
              detail={"kind": KIND})  # fmt: skip
        db.session.commit()  # enqueues the fit
        return redirect(url_for("jobs.job", job_id=job.id))
    versions = paginate(select(CurveFit).order_by(CurveFit.number.desc()))
    return render_template(
        "budget/curves/index.html",
        page=versions,
        accepted=accepted_fit(),
        running=running_fit(),
        form=form,
    )


@bp.route("/curves/<int:fit_id>/accept", methods=["POST"])
@roles_required(*PLANNERS)
def accept_curves(fit_id: int):
    fit = fit_or_404(fit_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    number = fit.number
    try:
        accept_fit(fit, current_user.id)
    except AlreadyAccepted:
        flash(_("Fit #%(number)s is already the accepted one.", number=number), "error")
    except AcceptedMeanwhile:
        flash(_("Another planner accepted a fit at the same moment; look again."), "error")
    else:
        db.session.commit()
        flash(
            _(
                "Fit #%(number)s is accepted: new plans and platform runs use its curves.",
                number=number,
            ),
            "success",
        )
    return redirect(url_for("budget.curve_fit", fit_id=fit_id))


@bp.route("/curves/<int:fit_id>")
@roles_required(*PLANNERS)
def curve_fit(fit_id: int):
    fit = fit_or_404(fit_id)
    rows = db.session.execute(
        select(FittedPlacement, Placement)
        .join(Placement, Placement.id == FittedPlacement.placement_id)
        .where(FittedPlacement.fit_id == fit.id)
        .order_by(Placement.name)
    ).all()
    return render_template(
        "budget/curves/fit.html",
        fit=fit,
        placements=[
            (fp, p, carryover_in_words(fp.carryover, fp.carryover_low, fp.carryover_high))
            for fp, p in rows
        ],
        accepted=accepted_fit(),
        form=EmptyForm(),
    )


@bp.route("/curves/<int:fit_id>/placements/<int:placement_id>")
@roles_required(*PLANNERS)
def placement_curves(fit_id: int, placement_id: int):
    fit = fit_or_404(fit_id)
    pooled, placement = db.session.execute(
        select(FittedPlacement, Placement)
        .join(Placement, Placement.id == FittedPlacement.placement_id)
        .where(FittedPlacement.fit_id == fit.id, FittedPlacement.placement_id == placement_id)
    ).first() or abort(404)
    page = paginate_rows(
        select(FittedCurve, Store.name)
        .join(Store, Store.id == FittedCurve.store_id)
        .where(FittedCurve.fit_id == fit.id, FittedCurve.placement_id == placement_id)
        .order_by(in_name_order(Store.name), Store.id)
    )
    weeks = weeks_by_store([c.store_id for c, _name in page.items], [placement_id])
    charts = [
        (
            curve,
            name,
            draw(curve, pooled.carryover, weeks.get((curve.store_id, placement_id), []), pooled),
        )
        for curve, name in page.items
    ]
    return render_template(
        "budget/curves/placement.html",
        fit=fit,
        placement=placement,
        pooled=pooled,
        carry_words=carryover_in_words(
            pooled.carryover, pooled.carryover_low, pooled.carryover_high
        ),
        page=page,
        charts=charts,
        accepted=accepted_fit(),
    )
