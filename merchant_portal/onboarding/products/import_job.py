"""A large product CSV imported in the background: every row checked (with progress), then
every product written in one transaction with the job's success, so a resumed or repeated
task never imports twice."""

from flask import request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from ...auth.models import User
from ...csv_files import ImportRejected, problems_as_json, row_count
from ...extensions import db
from ...i18n import in_language_of
from ...imports.batches import AlreadyImported
from ...jobs.models import Job
from ...jobs.queue import task
from ...jobs.runner import JobRejected, Progress, run_job
from ...jobs.state import register_task, start_job
from ..store.models import Store
from .csv_import import parse_csv
from .import_services import import_products

KIND = "product_import"


def start_product_import(store: Store, raw: bytes, file_name: str, merchant: User) -> Job:
    """Stage the job; the view commits, which enqueues it."""
    job = start_job(
        KIND,
        merchant.id,
        {
            "store_id": store.id,
            "file_name": file_name,
            "title": _("Product import"),
            "origin": request.host_url,
            "next": url_for("products.index"),
            "next_label": _("Show the products"),
        },
        input=raw,
    )
    job.payload = {**job.payload, "page": url_for("jobs.job", job_id=job.id)}
    return job


@task()
def product_import_task(job_id: int) -> None:
    run_job(job_id, execute)


register_task(KIND, product_import_task)


def execute(job: Job, progress: Progress) -> str:
    store = db.session.get(Store, job.payload["store_id"])
    merchant = db.session.get(User, job.started_by_id)
    with in_language_of(merchant):  # the job's messages speak the merchant's language
        return _execute(job, progress, store, merchant)


def _execute(job: Job, progress: Progress, store: Store, merchant: User) -> str:
    total = max(row_count(job.input), 1)
    progress(
        5,
        ngettext(
            "Checking %(rows)s row", "Checking %(rows)s rows", total, rows=format_decimal(total)
        ),
    )

    def checked(done: int) -> None:
        progress(
            5 + 85 * done // total,
            ngettext(
                "Checked %(done)s of %(rows)s row",
                "Checked %(done)s of %(rows)s rows",
                total,
                done=format_decimal(done),
                rows=format_decimal(total),
            ),
        )

    try:
        rows = parse_csv(job.input, checked)
    except ImportRejected as rejected:
        raise JobRejected(
            ngettext(
                "%(num)d problem in the file: nothing was imported",
                "%(num)d problems in the file: nothing was imported",
                len(rejected.problems),
            ),
            problems_as_json(rejected.problems),
        ) from None
    try:  # the same content imported before (inline or by another job) is refused by name
        import_products(store, rows, job.payload.get("file_name") or "import.csv", merchant)
    except AlreadyImported as repeated:
        raise JobRejected(str(repeated), {"problems": [], "problem_count": 0}) from None
    return ngettext(
        "Imported %(num)d product as drafts. Add images, then submit them.",
        "Imported %(num)d products as drafts. Add images, then submit them.",
        len(rows),
    )
