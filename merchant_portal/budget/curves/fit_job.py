"""Fitting the response curves as a job: on a planner's click, or nightly from the queue's own
scheduler. One fit at a time (the job's lock, held by the database). Every weekly result is
read in one statement, fitted through the optimizer's API, and stored as a new version in one
transaction with the job's success: a task delivered twice finds its version and stops."""

import hashlib
import logging
import re

from flask import has_request_context, url_for
from huey import crontab
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from optimizer import InvalidRequest
from optimizer.fit import fit_curves
from optimizer.fit.panel import MAX_WEEKS
from optimizer.fit.reading import FARTHEST_WEEKS, FIRST_WEEK

from ...extensions import db
from ...i18n import _
from ...jobs.messages import JobMessage, add_message_words, say
from ...jobs.models import Job
from ...jobs.queue import periodic_task, task
from ...jobs.runner import JobRejected, JobStopped, Progress, run_job
from ...jobs.state import AlreadyRunning, register_task, start_job
from ...timeutil import utcnow
from ..models import PerformanceRecord
from .models import CurveFit, FittedCurve, FittedPlacement

log = logging.getLogger(__name__)
KIND = "curve_fit"
MIN_WEEKS = 4  # fewer weeks cannot tell a curve's bend from its carryover
SHOW = "curve_fit.show"
TITLE, READING, FITTING, STORING, DONE = (
    "curve_fit.title",
    "curve_fit.reading",
    "curve_fit.fitting",
    "curve_fit.storing",
    "curve_fit.done",
)
HOLDOUT_DONE, LEFT_OUT, FAILED = (
    "curve_fit.holdout_done",
    "curve_fit.left_out",
    "curve_fit.failed",
)
NO_RESULTS, TOO_FEW_WEEKS, NO_CONVERSIONS, UNUSABLE, SAME_RESULTS = (
    "curve_fit.no_results",
    "curve_fit.too_few_weeks",
    "curve_fit.no_conversions",
    "curve_fit.unusable",
    "curve_fit.same_results",
)
add_message_words(
    {
        TITLE: lambda: _("Curve fit"),
        SHOW: lambda: _("Show the fitted curves"),
        READING: lambda: _("Reading the weekly results"),
        FITTING: lambda rows, weeks: _(
            "Fitting the curves to %(rows)s weekly results over %(weeks)s weeks",
            rows=f"{rows:,}",
            weeks=weeks,
        ),
        STORING: lambda: _("Storing the curves"),
        HOLDOUT_DONE: lambda: _(
            "Tested against the last weeks held back; now fitting on every week"
        ),
        LEFT_OUT: lambda number, curves, unusable, old: " ".join(
            [
                _(
                    "Fit #%(number)s is ready: %(curves)s curves. Look at them and accept it "
                    "to plan on them.",
                    number=number,
                    curves=f"{curves:,}",
                )
            ]
            + (
                [
                    _(
                        "%(count)s weekly results were left out: their week is not one results "
                        "can be for, or a figure cannot be used. Correct them on the stores' "
                        "results pages and fit again.",
                        count=f"{unusable:,}",
                    )
                ]
                if unusable
                else []
            )
            + (
                [
                    _(
                        "%(count)s weekly results older than the latest %(weeks)s weeks were "
                        "left out: what ads did years ago says little of what they do now.",
                        count=f"{old:,}",
                        weeks=MAX_WEEKS,
                    )
                ]
                if old
                else []
            )
        ),
        FAILED: lambda: _(
            "The fit could not finish, and nothing was changed: plans keep using the curves "
            "accepted before. Try again later; if it fails again, tell the technical team."
        ),
        DONE: lambda number, curves: _(
            "Fit #%(number)s is ready: %(curves)s curves. Look at them and accept it to plan "
            "on them.",
            number=number,
            curves=f"{curves:,}",
        ),
        NO_RESULTS: lambda: _("No weekly results have been recorded yet: there is nothing to fit."),
        TOO_FEW_WEEKS: lambda weeks, needed: _(
            "Results cover %(weeks)s weeks; a fit needs at least %(needed)s. Record more weeks "
            "of results and fit again.",
            weeks=weeks,
            needed=needed,
        ),
        NO_CONVERSIONS: lambda: _(
            "No week of results has any conversions: there is no curve to learn yet."
        ),
        SAME_RESULTS: lambda number: _(
            "Fit #%(number)s already fits these same weekly results: no second fit was made. "
            "Record new results to fit again.",
            number=number,
        ),
        UNUSABLE: lambda count: _(
            "%(count)s weekly results cannot be used (a negative or missing figure); correct "
            "them on the stores' results pages and fit again.",
            count=count,
        ),
    }
)


def start_fit(planner_id: int | None, origin: str = "http://localhost/") -> Job:
    """Stage the fit's job; the database refuses a second while one is active
    (:class:`AlreadyRunning`). The caller commits, which enqueues the task."""
    job = start_job(
        KIND,
        planner_id,
        {"origin": origin, "title_code": TITLE},
        lock=KIND,
        shared_with_role="planner",
    )
    job.payload = {
        **job.payload,
        "page": url_for("jobs.job", job_id=job.id),
        "next": url_for("budget.curves"),
        "next_label_code": SHOW,
    }
    return job


@task()
def curve_fit_task(job_id: int) -> None:
    run_job(job_id, execute)


register_task(KIND, curve_fit_task)


@periodic_task(crontab(hour="2", minute="30"))
def nightly_fit() -> None:
    """The queue's scheduler starts one fit a night, unless one is under way or another
    consumer's scheduler already started tonight's."""
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    started = db.session.scalar(
        select(func.count())
        .select_from(Job)
        .where(Job.kind == KIND, Job.started_by_id.is_(None), Job.created_at >= today)
    )
    if started:
        return
    try:
        start_fit(None)
    except AlreadyRunning:
        return
    db.session.commit()


def weekly_results() -> dict[str, list]:
    """Every weekly result as columns, in one statement."""
    rows = db.session.execute(
        select(
            PerformanceRecord.store_id,
            PerformanceRecord.placement_id,
            PerformanceRecord.week,
            PerformanceRecord.spend,
            PerformanceRecord.conversions,
            PerformanceRecord.revenue,
        ).order_by(PerformanceRecord.id)
    ).all()
    return {
        "store": [str(r[0]) for r in rows],
        "placement": [str(r[1]) for r in rows],
        "week": [r[2] for r in rows],
        "spend": [None if r[3] is None else float(r[3]) for r in rows],
        "conversions": [r[4] for r in rows],
        "revenue": [None if r[5] is None else float(r[5]) for r in rows],
    }


def _band(placement: dict) -> dict:
    """The pooled curve's band (section 5's placement rows carry it since this fit)."""
    low_k, high_k = placement.get("conversions_per_spend_interval") or (None, None)
    low_h, high_h = placement.get("half_spend_interval") or (None, None)
    return {"per_spend_low": low_k, "per_spend_high": high_k,
            "half_spend_low": low_h, "half_spend_high": high_h}  # fmt: skip


def _refuse(message: JobMessage) -> JobRejected:
    return JobRejected(message, {"problems": [], "problem_count": 0})


def execute(job: Job, progress: Progress) -> JobMessage:
    stored = db.session.scalar(select(CurveFit).where(CurveFit.job_id == job.id))
    if stored is not None:  # stored by an attempt that then lost its worker
        _link_to(job, stored)
        return say(DONE, number=stored.number, curves=stored.curves)
    progress(5, say(READING))
    columns = weekly_results()
    if not columns["week"]:
        raise _refuse(say(NO_RESULTS))
    key = results_key(columns)
    same = db.session.scalar(select(CurveFit).where(CurveFit.results_key == key))
    if same is not None:  # a second click on "fit now", the first one finished: nothing new
        _link_to(job, same)
        return say(SAME_RESULTS, number=same.number)
    weeks = len(set(columns["week"]))
    if weeks < MIN_WEEKS:
        raise _refuse(say(TOO_FEW_WEEKS, weeks=weeks, needed=MIN_WEEKS))
    if not any(columns["conversions"]):
        raise _refuse(say(NO_CONVERSIONS))
    progress(15, say(FITTING, rows=len(columns["week"]), weeks=_span(columns["week"])))
    fitted, unusable = _fit(columns, lambda: progress(50, say(HOLDOUT_DONE)))
    progress.check()  # cancelled while it fitted: nothing is stored
    progress(85, say(STORING))
    fit = store_fit(job, fitted.to_json(), weeks, key)
    _link_to(job, fit)
    if fit.job_id != job.id:  # another job stored the fit of these results meanwhile
        return say(SAME_RESULTS, number=fit.number)
    old = fitted.fit.get("rows_left_out") or 0
    if unusable or old:
        return say(LEFT_OUT, number=fit.number, curves=fit.curves, unusable=unusable, old=old)
    return say(DONE, number=fit.number, curves=fit.curves)


def _link_to(job: Job, fit: CurveFit) -> None:
    """The finished job's link goes to the fit it made (or found), not the list of fits."""
    if has_request_context():  # the worker runs the task in one (for links in notices)
        job.payload = {**job.payload, "next": url_for("budget.curve_fit", fit_id=fit.id)}


def _span(weeks: list) -> int:
    """Weeks from the first to the last with results, as the fit lays them out (at most its
    window): "over 15 weeks" counted only the weeks that had some result."""
    middle = sorted(weeks)[len(weeks) // 2]
    usable = [  # as the optimizer reads them: a mistyped week is left out (see _fit)
        w for w in weeks if w >= FIRST_WEEK and abs((w - middle).days) <= 7 * FARTHEST_WEEKS
    ] or [middle]
    return min((max(usable) - min(usable)).days // 7 + 1, MAX_WEEKS)


ROW = re.compile(r"^row (\d+)")


def _fit(columns: dict[str, list], holdout_done):
    """The fit, and how many rows it refused: rows the optimizer names as unusable are left
    out and the rest fitted once more, so one bad row never takes every store's curves down.
    Anything else the fit raises (its memory, its numerics) ends the job with words a planner
    reads, in the planner's language, and the details in the log."""
    refused = 0
    for _attempt in range(2):
        try:
            return fit_curves(columns, progress=holdout_done), refused
        except InvalidRequest as invalid:
            bad = {int(m.group(1)) - 1 for p in invalid.problems if (m := ROW.match(p.path))}
            if _attempt or not all(ROW.match(p.path) for p in invalid.problems):
                raise _refuse(say(UNUSABLE, count=len(invalid.problems))) from None
            columns = {name: [v for i, v in enumerate(values) if i not in bad]
                       for name, values in columns.items()}  # fmt: skip
            refused = len(bad)
            if not columns["week"]:
                raise _refuse(say(UNUSABLE, count=refused)) from None
        except JobStopped:
            raise
        except Exception:
            log.exception("the curve fit failed")
            raise _refuse(say(FAILED)) from None
    raise _refuse(say(FAILED))


def results_key(columns: dict[str, list]) -> str:
    """A digest of every weekly result as read (in the order of their ids): the same results
    give the same key, any change, addition or removal another."""
    digest = hashlib.sha256()
    for row in zip(*(columns[name] for name in sorted(columns)), strict=True):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _complete(curve: dict) -> bool:
    figures = [curve["half_spend"], curve["conversions_per_spend"]]
    figures += curve["half_spend_interval"] + curve["conversions_per_spend_interval"]
    return all(f is not None for f in figures)


def store_fit(job: Job, answer: dict, weeks: int, key: str | None = None) -> CurveFit:
    """The version and its rows, staged to commit with the job's success. Where another job
    stored the fit of the same results first (the unique key refuses a second), that one."""
    number = (db.session.scalar(select(func.max(CurveFit.number))) or 0) + 1
    # a value the fit could not give (not finite) leaves that curve out, never the version
    curves = [c for c in answer["curves"] if _complete(c)]
    fit = CurveFit(
        number=number,
        job_id=job.id,
        created_by_id=job.started_by_id,
        weeks=weeks,
        curves=len(curves),
        explored=sum(1 for c in curves if c.get("explored")),
        holdout_weeks=answer["fit"]["holdout_weeks"],
        holdout_error=answer["fit"]["holdout_error"],
        holdout_coverage=answer["fit"].get("holdout_coverage"),
        results_key=key,
        seconds=answer["fit"]["seconds"],
        method=answer["fit"]["method"][:40],
    )
    try:
        with db.session.begin_nested():
            db.session.add(fit)
            db.session.flush()
    except IntegrityError:
        # the same results fitted by a job that committed first (its key), or a number taken
        same = db.session.scalar(select(CurveFit).where(CurveFit.results_key == key))
        if same is None:
            raise
        return same
    if curves:
        db.session.execute(
            insert(FittedCurve),
            [
                {
                    "fit_id": fit.id,
                    "store_id": int(c["store"]),
                    "placement_id": int(c["placement"]),
                    "weeks": c["weeks"],
                    "half_spend": c["half_spend"],
                    "half_spend_low": c["half_spend_interval"][0],
                    "half_spend_high": c["half_spend_interval"][1],
                    "per_spend": c["conversions_per_spend"],
                    "per_spend_low": c["conversions_per_spend_interval"][0],
                    "per_spend_high": c["conversions_per_spend_interval"][1],
                    "aov": c.get("aov"),
                    "explored": bool(c.get("explored")),
                }
                for c in curves
            ],
        )
    db.session.execute(
        insert(FittedPlacement),
        [
            {
                "fit_id": fit.id,
                "placement_id": int(p["placement"]),
                "carryover": p["carryover"],
                "carryover_low": p["carryover_interval"][0],
                "carryover_high": p["carryover_interval"][1],
                "half_spend": p["half_spend"],
                "per_spend": p["conversions_per_spend"],
                **_band(p),
                "aov": p.get("aov"),
                "stores": p.get("stores", 0),
            }
            for p in answer["placements"]
            if None not in (p["carryover"], p["half_spend"], p["conversions_per_spend"])
            and None not in p["carryover_interval"]
        ],
    )
    return fit


__all__ = ["AlreadyRunning", "curve_fit_task", "nightly_fit", "start_fit"]
