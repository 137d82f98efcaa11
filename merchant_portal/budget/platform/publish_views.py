"""Publishing a reviewed draft, or re-running it without some stores or placements."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...access import roles_required
from ...audit import audit
from ...errors import Refused
from ...extensions import db
from ...forms import EmptyForm
from ...i18n import _, ngettext
from ...numbers import parse_int
from ...transitions import move_once
from .. import bp
from ..access import PLANNERS
from ..curves.accept import accepted_fit
from ..curves.models import CurveFit
from ..models import Placement, PlatformRun
from .marks import all_marked, mark_page, marked_count
from .publish import AlreadyPublished, MarkedMeanwhile, NewerPublished, publish
from .run import AlreadyRunning, start_platform_run


def _draft_or_404(run_id: int) -> PlatformRun:
    run = db.session.get(PlatformRun, run_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return run


@bp.route("/platform/<int:run_id>/publish", methods=["POST"])
@roles_required(*PLANNERS)
def publish_platform_run(run_id: int):
    run = _draft_or_404(run_id)
    if not run.succeeded:
        flash(_("Only a finished run can be published."), "error")
        return redirect(url_for("budget.platform_run", run_id=run.id))
    waiting = marked_count(run.id) if run.state == "draft" else 0
    if waiting:  # the draft still recommends for them: publishing would tell them
        return _marked_first(run_id, waiting)
    try:
        job = publish(run, current_user.id, request.host_url)
    except MarkedMeanwhile as marked:
        db.session.rollback()
        return _marked_first(run_id, marked.args[0])
    except NewerPublished as newer:
        flash(
            _(
                "Run %(newer)s, newer than this draft, is already published: publishing this "
                "one would put older recommendations back. Start a new run instead.",
                newer=newer.args[0],
            ),
            "error",
        )
        return redirect(url_for("budget.platform_run", run_id=run_id))
    except AlreadyPublished:
        db.session.rollback()
        state = db.session.scalar(select(PlatformRun.state).where(PlatformRun.id == run_id))
        flash(
            _("This run was discarded: it was never published, and nobody was told of it.")
            if state == "discarded"
            else _("This run is no longer a draft: nobody was told again."),
            "info",
        )
        return redirect(url_for("budget.platform_run", run_id=run_id))
    db.session.commit()  # enqueues the telling
    flash(_("Published: merchants whose recommendation changed are being told."), "success")
    return redirect(url_for("jobs.job", job_id=job.id))


def _marked_first(run_id: int, waiting: int):
    flash(
        ngettext(
            "%(num)d store is marked to leave out, but this draft still recommends for it: "
            "re-run the draft without it, or unmark it, then publish.",
            "%(num)d stores are marked to leave out, but this draft still recommends for "
            "them: re-run the draft without them, or unmark them, then publish.",
            waiting,
        ),
        "error",
    )
    return redirect(url_for("budget.platform_run", run_id=run_id))


MAX_IDS = 1000  # a page shows 25; PostgreSQL takes at most 65,535 parameters a statement


def ids_of(values: list[str]) -> set[int]:
    """Store ids a form sent; more than a page could hold is refused (400, said why)."""
    if len(values) > MAX_IDS:
        raise Refused(
            _("Too many stores in one go (at most %(most)s): page through them instead.",
              most=MAX_IDS)
        )  # fmt: skip
    return {n for n in (parse_int(v, 1) for v in values) if n is not None}


def _same_fit(run: PlatformRun) -> tuple[CurveFit | None, dict | None]:
    """The draft's own fit, or (gone) the accepted one with what changed for the trail."""
    if run.curve_fit_id is None:
        return None, None
    kept = db.session.get(CurveFit, run.curve_fit_id)
    if kept is not None:
        return kept, None
    now = accepted_fit()
    return now, {"from": run.curve_fit_id, "to": now.number if now is not None else None}


@bp.route("/platform/<int:run_id>/rerun", methods=["POST"])
@roles_required(*PLANNERS)
def rerun_platform(run_id: int):
    run = _draft_or_404(run_id)
    codes = set(db.session.scalars(select(Placement.code)))
    before = run.excluded or {}
    # the page's ticks as they stand (kept as marks first), then every mark on every page
    ticked = ids_of(request.form.getlist("exclude_store"))
    mark_page(run.id, ids_of(request.form.getlist("page_store")), ticked, current_user.id)
    stores = set(before.get("stores") or []) | ticked | all_marked(run.id)
    stores -= ids_of(request.form.getlist("include_store"))
    placements = set(before.get("placements") or []) | {
        c for c in request.form.getlist("exclude_placement") if c in codes
    }
    placements -= set(request.form.getlist("include_placement"))
    if not move_once(run, "state", ("draft",), state="discarded"):
        flash(_("This run is no longer a draft; start a new run instead."), "error")
        return redirect(url_for("budget.platform_run", run_id=run.id))
    # the re-run plans on its draft's own curves (it switched silently to whichever fit was
    # accepted by then); only a fit that no longer exists gives way to the accepted one
    fit, fit_changed = _same_fit(run)
    try:
        again = start_platform_run(
            run.objective, current_user.id, request.host_url, run.curve_basis or "central", fit
        )
    except AlreadyRunning:  # rolled back: the draft is a draft again
        flash(_("A platform run is already under way; wait for it to finish."), "error")
        return redirect(url_for("budget.platform_run", run_id=run_id))
    again.excluded = {"stores": sorted(stores), "placements": sorted(placements)}
    again.rerun_of_id = run.id
    audit(
        actor_id=current_user.id,
        subject_kind="platform_run",
        subject_id=run.id,
        action="discard_platform_run",
        from_state="draft",
        to_state="discarded",
        detail={"rerun": again.id},
    )
    audit(
        actor_id=current_user.id,
        subject_kind="platform_run",
        subject_id=again.id,
        action="start_platform_run",
        to_state="queued",
        detail={
            "objective": run.objective,
            "rerun_of": run.id,
            "excluded": again.excluded,
            "fit": fit.number if fit is not None else None,
            **({"fit_changed": fit_changed} if fit_changed else {}),
        },
    )
    db.session.commit()
    if fit_changed:
        flash(
            _(
                "The fit this draft planned on (#%(before)s) no longer exists: the re-run plans "
                "on the accepted fit, %(now)s.",
                before=fit_changed["from"],
                now=f"#{fit_changed['to']}" if fit_changed["to"] else _("none"),
            ),
            "info",
        )
    return redirect(url_for("budget.platform_run", run_id=again.id))
