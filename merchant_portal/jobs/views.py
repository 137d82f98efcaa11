"""A job's progress (polled by htmx from the page that started it), retry and cancel."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import ALL_ROLES, ALL_STORE_ROLES, Role, roles_required
from ..extensions import db
from ..forms import EmptyForm
from ..htmx import is_htmx
from . import bp
from .models import Job
from .state import AlreadyRunning, cancel, retry


def job_or_404(job_id: int) -> Job:
    """Whoever started the job, staff of the role it is shared with, and admins."""
    job = db.session.get(Job, job_id)
    if job is None or not (
        current_user.role == Role.ADMIN
        or job.started_by_id == current_user.id
        or (job.shared_with_role is not None and job.shared_with_role == current_user.role)
    ):
        abort(404)
    return job


def _answer(job: Job):
    if is_htmx():
        return render_template("jobs/_job_status.html", job=job, form=EmptyForm())
    return redirect(job.payload.get("page") or url_for("jobs.job", job_id=job.id))


@bp.route("/<int:job_id>")
@roles_required(*ALL_ROLES, store=ALL_STORE_ROLES)
def job(job_id: int):
    job = job_or_404(job_id)
    if is_htmx():
        return render_template("jobs/_job_status.html", job=job, form=EmptyForm())
    return render_template("jobs/job.html", job=job, form=EmptyForm())


@bp.route("/<int:job_id>/retry", methods=["POST"])
@roles_required(*ALL_ROLES, store=ALL_STORE_ROLES)
def retry_job(job_id: int):
    job = job_or_404(job_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        retry(job, current_user.id)
    except ValueError:
        flash(_("Only a failed, interrupted or cancelled job can be retried."), "error")
    except AlreadyRunning:
        flash(_("Another one is already under way; wait for it to finish."), "error")
        job = job_or_404(job_id)
    else:
        db.session.commit()
    return _answer(job)


@bp.route("/<int:job_id>/cancel", methods=["POST"])
@roles_required(*ALL_ROLES, store=ALL_STORE_ROLES)
def cancel_job(job_id: int):
    job = job_or_404(job_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        cancel(job, current_user.id)
    except ValueError:
        flash(_("This job has already ended."), "error")
    else:
        db.session.commit()
    return _answer(job)
