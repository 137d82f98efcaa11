"""A large product CSV imported in the background: every row checked (with progress), then
every product written in one transaction with the job's success, so a resumed or repeated
task never imports twice."""

from flask import request, url_for

from ...auth.models import User
from ...csv_files import ImportRejected, problems_as_json, row_count
from ...extensions import db
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
            "title": "Product import",
            "origin": request.host_url,
            "next": url_for("products.index"),
            "next_label": "Show the products",
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
    total = max(row_count(job.input), 1)
    progress(5, f"Checking {total:,} rows")
    try:
        rows = parse_csv(
            job.input,
            lambda done: progress(5 + 85 * done // total, f"Checked {done:,} of {total:,} rows"),
        )
    except ImportRejected as rejected:
        raise JobRejected(
            f"{len(rejected.problems)} problem(s) in the file: nothing was imported",
            problems_as_json(rejected.problems),
        ) from None
    try:  # the same content imported before (inline or by another job) is refused by name
        import_products(store, rows, job.payload.get("file_name") or "import.csv", merchant)
    except AlreadyImported as repeated:
        raise JobRejected(str(repeated), {"problems": [], "problem_count": 0}) from None
    return f"Imported {len(rows)} product(s) as drafts. Add images, then submit them."
