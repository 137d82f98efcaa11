"""Running one platform plan as a job in the task queue: solve, and store every merchant's
share with the run's summary in one transaction (the checkpoint). The run is a draft: merchants
are told only when a planner publishes it (``publish``).

A run can run again after the consumer was killed: a stored run is not solved twice.
"""

from flask import url_for
from flask_babel import force_locale
from sqlalchemy import select, text

from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request

from ...audit import audit
from ...extensions import db
from ...i18n import _, ngettext
from ...jobs.messages import JobMessage, add_message_words, say
from ...jobs.models import SUCCEEDED, Job
from ...jobs.queue import task
from ...jobs.runner import Progress, run_job
from ...jobs.state import AlreadyRunning, register_task, start_job
from ..curves.accept import accepted_fit
from ..curves.use import BASES, CENTRAL
from ..models import BudgetPlan, PlatformRun
from .answer import read_result
from .covered import leave_out_too_small
from .request import platform_request
from .store import store_shares, summary

KIND = "platform_run"


ACCEPTED_NOW = object()


def start_platform_run(
    objective: str, planner_id: int, origin: str, basis: str = CENTRAL, fit=ACCEPTED_NOW
) -> PlatformRun:
    """Stage the run and its job; the database refuses a second while one is active
    (:class:`AlreadyRunning`). The view commits, which enqueues the task. ``fit``: the
    curves to plan on (a re-run keeps its draft's); by default the fit accepted now."""
    job = start_job(
        KIND,
        planner_id,
        {"origin": origin, "title_code": TITLE},
        lock=KIND,
        shared_with_role="planner",
    )
    run = PlatformRun(created_by_id=planner_id, objective=objective, job_id=job.id)
    # the fit accepted when the planner started the run is the one it plans on, even if
    # another is accepted before the worker picks it up
    if fit is ACCEPTED_NOW:
        fit = accepted_fit()
    if fit is not None:
        run.curve_fit_id, run.curve_basis = fit.id, basis if basis in BASES else CENTRAL
    db.session.add(run)
    db.session.flush()
    job.payload = {**job.payload, "page": url_for("budget.platform_run", run_id=run.id)}
    return run


@task()
def platform_run_task(job_id: int) -> None:
    run_job(job_id, execute)


def english(job: Job) -> str:
    with force_locale("en"):  # the trail keeps the run's last word as it always did
        return job.message_text


def audit_end(job: Job) -> None:
    """How the run ended is in the trail: done or failed."""
    run_id = db.session.scalar(select(PlatformRun.id).where(PlatformRun.job_id == job.id))
    ended = "done" if job.status == SUCCEEDED else "failed"
    audit(
        actor_id=None,
        subject_kind="platform_run",
        subject_id=run_id,
        action=f"platform_run_{ended}",
        from_state="running",
        to_state=ended,
        detail={"message": english(job)},
    )


register_task(KIND, platform_run_task, on_end=audit_end)


# What the run says, as codes (stored with their arguments, said in the reader's language)
COLLECTING, NOTHING_TO_PLAN, SOLVING = (
    "platform_run.collecting",
    "platform_run.nothing",
    "platform_run.solving",
)
SAVED, TOLD, DONE = "platform_run.saved", "platform_run.told", "platform_run.done"
TITLE = "platform_run.title"
DRAFT_SAVED = "platform_run.draft_saved"
add_message_words(
    {
        TITLE: lambda: _("Platform run"),
        COLLECTING: lambda: _("Collecting approved merchants and their budgets"),
        NOTHING_TO_PLAN: lambda: _(
            "No approved store has a monthly ad budget or a plan of its own yet, or no CPC/CPM "
            "placement exists."
        ),
        SOLVING: lambda merchants, placements: _(
            "Solving for %(merchants)s merchants over %(placements)s placements",
            merchants=f"{merchants:,}",
            placements=f"{placements:,}",
        ),
        SAVED: lambda: _("Saved each merchant's recommendation; telling each merchant"),
        DRAFT_SAVED: lambda: _("Saved each merchant's recommendation"),
        TOLD: lambda told, total: _(
            "Told %(told)s of %(total)s merchants", told=f"{told:,}", total=f"{total:,}"
        ),
        DONE: lambda count: ngettext(
            "Done: %(count)s merchant planned",
            "Done: %(count)s merchants planned",
            count,
            count=f"{count:,}",
        ),
    }
)


def execute(job: Job, progress: Progress) -> JobMessage:
    run = db.session.scalar(select(PlatformRun).where(PlatformRun.job_id == job.id))
    if run.summary is None:
        progress(5, say(COLLECTING))
        request, stores = platform_request(run.objective, run.excluded, run.curve_fit,
                                           run.curve_basis)  # fmt: skip
        leave_out_too_small(request, stores)
        if not request["merchants"] or not request["placements"]:
            return say(NOTHING_TO_PLAN)
        progress(20, say(SOLVING, merchants=len(stores), placements=len(request["placements"])))
        result = platform_plan(parse_platform_request(request))
        # cancelled while it solved: the answer is not stored (the check is between the steps)
        progress.check()
        if result.status != "optimal":
            raise RuntimeError("the solver found no plan")
        answer = read_result(result)  # the rows without the JSON's dicts (memory)
        store_shares(run, answer, stores)
        run.summary = summary(answer, stores)
        progress(90, say(DRAFT_SAVED))  # committed
        fresh_statistics(BudgetPlan)
    total = run.summary["merchants"]
    # a draft: nobody is told until a planner reviews and publishes it (publish.py)
    return say(DONE, count=total)


def fresh_statistics(model) -> None:
    """PostgreSQL's statistics of a table a run just wrote 100,000 rows to: until autovacuum
    came by (a minute or more), the planner opened the run's page on statistics of before it,
    with parallel scans and JIT for a page's 25 rows (300 ms instead of 100)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"ANALYZE {model.__tablename__}"))
        db.session.commit()


__all__ = ["AlreadyRunning", "platform_run_task", "start_platform_run"]
