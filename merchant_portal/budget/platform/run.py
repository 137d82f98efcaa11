"""Running one platform plan as a job in the task queue: solve, store every merchant's share
with the run's summary in one transaction (the checkpoint), then tell merchants in batches.

Each step can run again after the consumer was killed: a stored run is not solved twice, and
merchants already told (their notice is keyed by run and merchant) are not told again.
"""

from flask import url_for
from flask_babel import force_locale
from sqlalchemy import select

from optimizer.platform import platform_plan
from optimizer.platform_validation import parse_platform_request

from ...extensions import db
from ...jobs.models import SUCCEEDED, Job, register_message_words
from ...jobs.queue import task
from ...jobs.runner import Progress, run_job
from ...jobs.state import AlreadyRunning, register_task, start_job
from ...reviewing.audit import audit
from ..models import PlatformRun
from ..words import _, ngettext
from .request import platform_request
from .store import store_shares, summary

KIND = "platform_run"


def start_platform_run(objective: str, planner_id: int, origin: str) -> PlatformRun:
    """Stage the run and its job; the database refuses a second while one is active
    (:class:`AlreadyRunning`). The view commits, which enqueues the task."""
    job = start_job(
        KIND,
        planner_id,
        {"origin": origin, "title": _("Platform run")},
        lock=KIND,
        shared_with_role="planner",
    )
    run = PlatformRun(created_by_id=planner_id, objective=objective, job_id=job.id)
    db.session.add(run)
    db.session.flush()
    job.payload = {**job.payload, "page": url_for("budget.platform_run", run_id=run.id)}
    return run


@task()
def platform_run_task(job_id: int) -> None:
    run_job(job_id, execute)


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
        detail={"message": job.message},
    )


register_task(KIND, platform_run_task, on_end=audit_end)


def execute(job: Job, progress: Progress) -> str:
    """Progress and the closing message are stored in English and said in the reader's
    language when shown (``MESSAGES`` below): they were stored in the language of the planner
    who started the run, so a planner who switched to English, or a colleague reading English,
    read the Chinese closing message on an English page."""
    with force_locale("en"):
        return _execute(job, progress)


def _count(figure: str) -> int:
    return int(figure.replace(",", ""))


MESSAGES = {
    r"Collecting approved merchants and their budgets": lambda: _(
        "Collecting approved merchants and their budgets"
    ),
    r"No approved merchant has a plan yet, or no CPC/CPM placement exists\.": lambda: _(
        "No approved merchant has a plan yet, or no CPC/CPM placement exists."
    ),
    r"Solving for ([\d,]+) merchants over ([\d,]+) placements": lambda merchants, placements: _(
        "Solving for %(merchants)s merchants over %(placements)s placements",
        merchants=merchants,
        placements=placements,
    ),
    r"Saved each merchant's recommendation; telling each merchant": lambda: _(
        "Saved each merchant's recommendation; telling each merchant"
    ),
    r"Saved each merchant's recommendation": lambda: _("Saved each merchant's recommendation"),
    r"Told ([\d,]+) of ([\d,]+) merchants": lambda told, total: _(
        "Told %(told)s of %(total)s merchants", told=told, total=total
    ),
    r"Done: ([\d,]+) merchants? planned": lambda count: ngettext(
        "Done: %(count)s merchant planned",
        "Done: %(count)s merchants planned",
        _count(count),
        count=count,
    ),
}
for _pattern, _words in MESSAGES.items():
    register_message_words(_pattern, _words)


def _execute(job: Job, progress: Progress) -> str:
    run = db.session.scalar(select(PlatformRun).where(PlatformRun.job_id == job.id))
    if run.summary is None:
        progress(5, _("Collecting approved merchants and their budgets"))
        request, stores = platform_request(run.objective, run.excluded)
        if not request["merchants"] or not request["placements"]:
            return _("No approved merchant has a plan yet, or no CPC/CPM placement exists.")
        progress(
            20,
            _(
                "Solving for %(merchants)s merchants over %(placements)s placements",
                merchants=f"{len(stores):,}",
                placements=f"{len(request['placements']):,}",
            ),
        )
        result = platform_plan(parse_platform_request(request))
        if result.status != "optimal":
            raise RuntimeError("the solver found no plan")
        answer = result.to_json()
        store_shares(run, answer, stores)
        run.summary = summary(answer, stores)
        progress(90, _("Saved each merchant's recommendation"))
    total = run.summary["merchants"]
    # a draft: nobody is told until a planner reviews and publishes it (publish.py)
    return ngettext(
        "Done: %(count)s merchant planned",
        "Done: %(count)s merchants planned",
        total,
        count=f"{total:,}",
    )


__all__ = ["AlreadyRunning", "platform_run_task", "start_platform_run"]
