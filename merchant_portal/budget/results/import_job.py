"""A large results CSV imported in the background: every row checked (with progress), then
recorded in one transaction with the job's success, so a resumed or repeated task never
counts a result twice."""

from flask import current_app, request, url_for
from flask_babel import force_locale

from ...auth.models import User
from ...csv_files import ImportRejected, problems_as_json
from ...extensions import db
from ...i18n import _, ngettext
from ...imports.batches import AlreadyImported, rejected
from ...jobs.messages import JobMessage, add_message_words, say
from ...jobs.models import Job
from ...jobs.queue import task
from ...jobs.runner import JobRejected, Progress, run_job
from ...jobs.state import register_task, start_job
from ...onboarding.store.models import Store
from ...tables import table_rows
from ..placements.queries import active_placements
from .csv_import import MAX_ROWS, parse_results_csv
from .services import import_results_file

KIND = "results_import"


def start_results_import(store: Store, raw: bytes, file_name: str, planner_id: int) -> Job:
    """Stage the job; the view commits, which enqueues it."""
    job = start_job(
        KIND,
        planner_id,
        {
            "store_id": store.id,
            "file_name": file_name,
            "title_code": TITLE,
            "title_args": {"store": store.name},
            "origin": request.host_url,
            "next": url_for("budget.results", store_id=store.id),
            "next_label_code": SHOW,
        },
        input=raw,
    )
    job.payload = {**job.payload, "page": url_for("jobs.job", job_id=job.id)}
    return job


@task()
def results_import_task(job_id: int) -> None:
    run_job(job_id, execute)


register_task(KIND, results_import_task)


CHECKING, CHECKED, IMPORTED = (
    "results_import.checking",
    "results_import.checked",
    "results_import.done",
)
TITLE, SHOW = "results_import.title", "results_import.show"
IMPORTED_WEEKS = "results_import.done_weeks"  # args: num, replaced, unchanged
add_message_words(
    {
        TITLE: lambda store: _("Results import for %(store)s", store=store),
        SHOW: lambda: _("Show the results and estimates"),
        CHECKING: lambda total: _("Checking %(total)s rows", total=f"{total:,}"),
        CHECKED: lambda done, total: _(
            "Checked %(done)s of %(total)s rows", done=f"{done:,}", total=f"{total:,}"
        ),
        IMPORTED: lambda num: ngettext(
            "Imported %(num)d result.", "Imported %(num)d results.", num
        ),
        IMPORTED_WEEKS: lambda num, replaced, unchanged: " ".join(
            [ngettext("Imported %(num)d result.", "Imported %(num)d results.", num)]
            + (
                [
                    ngettext(
                        "%(num)d week was already recorded: its figures were replaced (undoing "
                        "this import puts them back).",
                        "%(num)d weeks were already recorded: their figures were replaced "
                        "(undoing this import puts them back).",
                        replaced,
                    )
                ]
                if replaced
                else []
            )
            + (
                [
                    ngettext(
                        "%(num)d week already had the same figures.",
                        "%(num)d weeks already had the same figures.",
                        unchanged,
                    )
                ]
                if unchanged
                else []
            )
        ),
    }
)


def execute(job: Job, progress: Progress) -> JobMessage:
    """The file's problems are stored as text: written in the language of the planner who
    started the job (the payload's ``locale``); the job's own messages are codes."""
    with force_locale(job.payload.get("locale") or current_app.config["DEFAULT_LOCALE"]):
        return _execute(job, progress)


def _execute(job: Job, progress: Progress) -> JobMessage:
    placements = active_placements()
    total = max(table_rows(job.input, MAX_ROWS), 1)
    progress(5, say(CHECKING, total=total))
    try:
        rows = parse_results_csv(
            job.input,
            placements,
            lambda done: progress(
                5 + 85 * min(done, total) // total, say(CHECKED, done=done, total=max(done, total))
            ),
        )
    except ImportRejected as problems:
        raise JobRejected(
            rejected(len(problems.problems)), problems_as_json(problems.problems)
        ) from None
    by_code = {p.code: p for p in placements}
    planner = db.session.get(User, job.started_by_id)
    file_name = job.payload.get("file_name") or "results.csv"
    try:  # the same content imported before (inline or by another job) is refused by name
        done = import_results_file(job.payload["store_id"], rows, by_code, file_name, planner)
    except AlreadyImported as repeated:
        raise JobRejected(repeated.as_job_message(), {"problems": [], "problem_count": 0}) from None
    replaced = sum(1 for d in done if d.replaced_at and not d.unchanged)
    unchanged = sum(1 for d in done if d.unchanged)
    return say(IMPORTED_WEEKS, num=len(rows), replaced=replaced, unchanged=unchanged)
