"""Changes to a job's state from outside its task: start, retry, cancel, and the sweep that
finds jobs whose consumer died. Each caller commits (the view, or the watchdog)."""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import has_request_context
from flask_babel import get_locale
from sqlalchemy import exc, select, update

from ..audit import audit
from ..extensions import db
from ..timeutil import utcnow
from ..transitions import move_once
from .messages import CANCELLED as CANCELLED_MESSAGE
from .messages import GAVE_UP, RESUMING, WAITING_AGAIN, gave_up_error
from .models import (
    ACTIVE,
    CANCELLED,
    FAILED,
    INTERRUPTED,
    QUEUED,
    RUNNING,
    Job,
)
from .queue import enqueue_after_commit

log = logging.getLogger(__name__)

# kind -> the task that carries a job of that kind (registered by the feature owning it)
TASKS: dict[str, Any] = {}
# kind -> what the feature owning it stages when one of its jobs ends (an audit event)
ON_END: dict[str, Callable[[Job], None]] = {}
# who tells a job's starter how it ended, given the job, a subject and a body worded in the
# language the job was started in (the inbox registers: the queue sits below notifications)
TELL_STARTER: list[Callable[[Job, str, str], None]] = []
# other sweeps the watchdog runs (the mail outbox registers one): each returns how many it fixed
SWEEPERS: list[Callable[[], int]] = []


class AlreadyRunning(Exception):
    """Another job holding the same lock is queued, running or being resumed."""


def register_task(
    kind: str, task_wrapper: Any, on_end: Callable[[Job], None] | None = None
) -> None:
    """``on_end(job)``, if given, stages what the feature records when a job of this kind
    succeeds or fails; it commits with the job's end."""
    TASKS[kind] = task_wrapper
    if on_end is not None:
        ON_END[kind] = on_end


def start_job(
    kind: str,
    started_by_id: int | None,
    payload: dict,
    lock: str | None = None,
    shared_with_role: str | None = None,
    input: bytes | None = None,
) -> Job:
    """Insert the job and enqueue its task when the caller commits.

    With a ``lock``, the database refuses a second active job. Call this before staging
    anything else: a refusal rolls the transaction back (SQLite's savepoints are not reliable
    under pysqlite, so there is no partial rollback to lean on).
    """
    if has_request_context() and "locale" not in payload:
        # the language its closing notice is written in, from the request that started it
        payload = {**payload, "locale": str(get_locale())}
    job = Job(
        kind=kind,
        lock=lock,
        started_by_id=started_by_id,
        payload=payload,
        shared_with_role=shared_with_role,
        input=input,
    )
    db.session.add(job)
    try:
        db.session.flush()
    except exc.IntegrityError as error:
        db.session.rollback()
        raise AlreadyRunning(kind) from error
    enqueue_after_commit(TASKS[kind], job.id)
    return job


def retry(job: Job, actor_id: int) -> None:
    """Raises ValueError when the job is not (or no longer: another click won) retryable."""
    if job.kind not in TASKS:  # a kind this version no longer runs: its row still shows
        raise ValueError(f"no task runs a {job.kind} job")
    before = job.status
    try:
        # a retry starts clean: no progress, start or heartbeat of the attempt before it
        moved = move_once(job, "status", (FAILED, INTERRUPTED, CANCELLED), status=QUEUED,
                          error=None, ended_at=None, attempts=0, progress=0,
                          started_at=None, heartbeat_at=None,
                          message_code=WAITING_AGAIN, message_args={})  # fmt: skip
    except exc.IntegrityError as error:
        db.session.rollback()
        raise AlreadyRunning(job.kind) from error
    if not moved:
        raise ValueError(f"a {job.status} job cannot be retried")
    audit(actor_id, "job", job.id, "retry", from_state=before, to_state=QUEUED)
    enqueue_after_commit(TASKS[job.kind], job.id)


def cancel(job: Job, actor_id: int) -> None:
    """Raises ValueError when the job has ended, even a moment ago (its worker finished it)."""
    before = job.status
    if not move_once(job, "status", ACTIVE, status=CANCELLED, ended_at=utcnow(),
                     message_code=CANCELLED_MESSAGE, message_args={}):  # fmt: skip
        raise ValueError(f"a {job.status} job cannot be cancelled")
    audit(actor_id, "job", job.id, "cancel", from_state=before, to_state=CANCELLED)


def sweep(stale_after: timedelta, max_attempts: int, resume_interrupted: bool = False) -> int:
    """Mark running jobs whose heartbeat stopped as interrupted and enqueue them again.

    Several consumers may sweep at once: the conditional update lets exactly one of them take
    each job. ``resume_interrupted`` (a consumer starting) also re-enqueues jobs already marked
    interrupted, in case the consumer that marked them died before their task ran, and jobs
    still queued: their task may be gone with the queue (a Redis restarted empty, a queue file
    deleted, a process stopped between its commit and the enqueue), and a platform run left
    queued refused every new run as "already under way" until someone cancelled it by hand.
    A task run twice is harmless, its claim lets only one through.
    """
    cutoff = utcnow() - stale_after
    stale = db.session.scalars(
        select(Job.id).where(Job.status == RUNNING, Job.heartbeat_at < cutoff)
    ).all()
    taken = []
    for job_id in stale:
        result = db.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == RUNNING, Job.heartbeat_at < cutoff)
            .values(status=INTERRUPTED, message_code=RESUMING, message_args={})
        )
        if result.rowcount:
            taken.append(job_id)
    if resume_interrupted:
        taken = sorted(
            set(taken)
            | set(db.session.scalars(select(Job.id).where(Job.status.in_((INTERRUPTED, QUEUED)))))
        )
    fixed = 0
    for job in db.session.scalars(select(Job).where(Job.id.in_(taken))):
        if job.attempts >= max_attempts:
            job.status, job.ended_at = FAILED, utcnow()
            job.error = gave_up_error(job.attempts)
            job.message_code, job.message_args = GAVE_UP, {"attempts": job.attempts}
        elif job.kind in TASKS:
            enqueue_after_commit(TASKS[job.kind], job.id)
        fixed += 1
    db.session.commit()
    for sweeper in SWEEPERS:
        fixed += sweeper()
    if fixed:
        log.info("watchdog: %s job(s) resumed or given up", fixed)
    return fixed
