"""A large product CSV imported in the background: every row checked (with progress), then
every product written in one transaction with the job's success, so a resumed or repeated
task never imports twice."""

from flask import request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from ...auth.models import User
from ...csv_files import ImportRejected, problems_as_json
from ...extensions import db
from ...i18n import in_language_of
from ...imports.batches import AlreadyImported, rejected
from ...jobs.messages import JobMessage, add_message_words, say
from ...jobs.models import Job
from ...jobs.queue import task
from ...jobs.runner import JobRejected, Progress, run_job
from ...jobs.state import register_task, start_job
from ...tables import table_rows
from ..store.models import Store
from .file_import import parse_product_file
from .import_services import import_products
from .import_updates import done_words, listings_changed

KIND = "product_import"


def start_product_import(store: Store, raw: bytes, file_name: str, merchant: User) -> Job:
    """Stage the job; the view commits, which enqueues it."""
    job = start_job(
        KIND,
        merchant.id,
        {
            "store_id": store.id,
            "file_name": file_name,
            "title_code": TITLE,
            "origin": request.host_url,
            "next": url_for("products.index"),
            "next_label_code": SHOW,
        },
        input=raw,
    )
    job.payload = {**job.payload, "page": url_for("jobs.job", job_id=job.id)}
    return job


@task()
def product_import_task(job_id: int) -> None:
    run_job(job_id, execute)


register_task(KIND, product_import_task)


CHECKING, CHECKED = "product_import.checking", "product_import.checked"
IMPORTED = "product_import.done"
TITLE, SHOW = "product_import.title", "product_import.show"
add_message_words(
    {
        TITLE: lambda: _("Product import"),
        SHOW: lambda: _("Show the products"),
        CHECKING: lambda total: ngettext(
            "Checking %(rows)s row", "Checking %(rows)s rows", total, rows=format_decimal(total)
        ),
        CHECKED: lambda done, total: ngettext(
            "Checked %(done)s of %(rows)s row",
            "Checked %(done)s of %(rows)s rows",
            total,
            done=format_decimal(done),
            rows=format_decimal(total),
        ),
        IMPORTED: lambda num, changed=(), kept=(): done_words(num, list(changed), list(kept)),
    }
)


def execute(job: Job, progress: Progress) -> JobMessage:
    store = db.session.get(Store, job.payload["store_id"])
    merchant = db.session.get(User, job.started_by_id)
    with in_language_of(merchant):  # the file's problems are stored in the merchant's words
        return _execute(job, progress, store, merchant)


def _execute(job: Job, progress: Progress, store: Store, merchant: User) -> JobMessage:
    total = max(table_rows(job.input), 1)
    progress(5, say(CHECKING, total=total))
    try:
        rows = parse_product_file(
            job.input,
            lambda done: progress(5 + 85 * done // total, say(CHECKED, done=done, total=total)),
        )
    except ImportRejected as problems:
        raise JobRejected(
            rejected(len(problems.problems)), problems_as_json(problems.problems)
        ) from None
    try:  # the same content imported before (inline or by another job) is refused by name
        batch = import_products(store, rows, job.payload.get("file_name") or "import.csv", merchant)
    except AlreadyImported as repeated:
        raise JobRejected(repeated.as_job_message(), {"problems": [], "problem_count": 0}) from None
    except ImportRejected as problems:  # a merchant code another listing has
        raise JobRejected(
            rejected(len(problems.problems)), problems_as_json(problems.problems)
        ) from None
    # rows already in the store are left out of both counts
    return say(IMPORTED, num=batch.row_count, changed=listings_changed(batch.id),
               kept=batch.kept_newer)  # fmt: skip
