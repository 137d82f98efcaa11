"""Carrying one job through inside its task: claim it, keep its heartbeat, report progress,
and record how it ended, in words, for whoever started it."""

import logging
import threading
from collections.abc import Callable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Engine, exc, func, select, update

from ..audit import audit
from ..extensions import db
from ..timeutil import utcnow
from .messages import FAILED as FAILED_MESSAGE
from .messages import JobMessage, message_in_words, say
from .models import (
    FAILED,
    INTERRUPTED,
    QUEUED,
    RUNNING,
    SUCCEEDED,
    Job,
)
from .state import ON_END, TELL_STARTER

log = logging.getLogger(__name__)


class JobStopped(Exception):
    """The job was cancelled, or taken over, while it ran: stop without writing more."""


class JobRejected(Exception):
    """The job's input cannot be used (an import with bad rows): the job fails with this
    message, keeping ``result`` (the problems) for its page, and nothing it staged."""

    def __init__(self, message: JobMessage, result: dict) -> None:
        super().__init__(message.code)
        self.message = message
        self.result = result


class Progress:
    """``progress(percent, say(code, **args))`` commits the work staged so far with the job's
    progress, so each call is a checkpoint; it raises :class:`JobStopped` once the job is
    cancelled, or taken over by another attempt (a retry after a cancel): the check and the
    write are one conditional update, so nothing this attempt staged lands once it is not
    the job's."""

    def __init__(self, job_id: int, claim: int) -> None:
        self.job_id, self.claim = job_id, claim

    def _ours(self):
        return (Job.id == self.job_id, Job.status == RUNNING, Job.claim == self.claim)

    def __call__(self, percent: int, message: JobMessage) -> None:
        written = db.session.execute(
            update(Job)
            .where(*self._ours())
            .values(
                progress=percent,
                message_code=message.code,
                message_args=message.args,
                heartbeat_at=utcnow(),
            )
        ).rowcount
        if written != 1:
            db.session.rollback()
            raise JobStopped(self.job_id)
        db.session.commit()

    def check(self) -> None:
        """Between two steps that write nothing: stop now if the job is no longer ours (a
        cancelled solve is not stored, then found out at the next checkpoint)."""
        if db.session.scalar(select(func.count()).select_from(Job).where(*self._ours())) != 1:
            db.session.rollback()
            raise JobStopped(self.job_id)


class Heartbeat(threading.Thread):
    """Stamps the job every few seconds on its own connection, so a long solve or a long
    write still shows the job alive; a killed consumer stops stamping."""

    def __init__(self, engine: Engine, job_id: int, claim: int, interval: float) -> None:
        super().__init__(name=f"heartbeat-{job_id}", daemon=True)
        self.engine, self.job_id, self.claim, self.interval = engine, job_id, claim, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        update(Job)
                        .where(
                            Job.id == self.job_id, Job.status == RUNNING, Job.claim == self.claim
                        )
                        .values(heartbeat_at=utcnow())
                    )
            except exc.OperationalError:  # the database busy for a moment: next beat
                log.warning("heartbeat of job %s missed a beat", self.job_id)

    def stop(self) -> None:
        self.stopped.set()
        self.join()


Work = Callable[[Job, Progress], JobMessage]


def run_job(job_id: int, work: Work) -> None:
    """Run ``work`` for the job if nobody else is (a second delivery of the task, or one for
    a finished or cancelled job, does nothing). ``work`` returns the closing message; what it
    staged after its last progress call commits with the job's success."""
    now = utcnow()
    claimed = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status.in_((QUEUED, INTERRUPTED)))
        .values(
            status=RUNNING,
            started_at=func.coalesce(Job.started_at, now),
            heartbeat_at=now,
            attempts=Job.attempts + 1,
            claim=Job.claim + 1,
        )
    ).rowcount
    # read in the claiming transaction (its row lock held): this attempt's number
    claim = db.session.scalar(select(Job.claim).where(Job.id == job_id)) if claimed else None
    db.session.commit()
    if not claimed:
        log.info("job %s is not waiting to run; nothing to do", job_id)
        return
    job = db.session.get(Job, job_id)
    interval = current_app.config["JOB_HEARTBEAT_SECONDS"]
    heartbeat = Heartbeat(db.engine, job_id, claim, interval)
    heartbeat.start()
    origin = job.payload.get("origin", "http://localhost/")
    try:
        with current_app.test_request_context(base_url=origin):  # links in notices and mail
            message = work(job, Progress(job_id, claim))
    except JobStopped:
        log.info("job %s stopped: cancelled or taken over", job_id)
    except JobRejected as rejected:
        db.session.rollback()
        _finish(job_id, claim, FAILED, rejected.message, result=rejected.result)
    except Exception as error:  # the job records why it failed; its page shows it
        log.exception("job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        _finish(
            job_id,
            claim,
            FAILED,
            say(FAILED_MESSAGE, error=str(error)[:200]),
            error=f"{type(error).__name__}: {error}",
        )
    else:
        _finish(job_id, claim, SUCCEEDED, message)
    finally:
        heartbeat.stop()


def _finish(
    job_id: int,
    claim: int,
    status: str,
    message: JobMessage,
    error: str | None = None,
    result: dict | None = None,
) -> None:
    values = {
        "status": status,
        "message_code": message.code,
        "message_args": message.args,
        "ended_at": utcnow(),
        "error": error,
    }
    if result is not None:
        values["result"] = result
    if status == SUCCEEDED:
        values["progress"] = 100
    ended = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == RUNNING, Job.claim == claim)
        .values(**values)
    ).rowcount
    if not ended:  # cancelled or overtaken meanwhile: that stands, nothing staged is kept
        db.session.rollback()
        return
    job = db.session.get(Job, job_id)
    # worded in the language the job was started in: the worker serves no request
    locale = job.payload.get("locale") or current_app.config["DEFAULT_LOCALE"]
    with force_locale(locale):
        said = message_in_words(message.code, message.args)
    # how every job ended is in the trail (a platform run's plans and notices, an import's rows)
    audit(None, "job", job.id, f"job_{status}", from_state=RUNNING, to_state=status,
          detail={"kind": job.kind, "message": said[:200]})  # fmt: skip
    if (on_end := ON_END.get(job.kind)) is not None:
        on_end(job)
    if job.started_by_id is not None:
        with force_locale(locale):
            subject = _(
                "%(title)s: %(status)s",
                title=job.payload.get("title") or _("Your job"),
                status=str(job.status_label).lower(),
            )
        body = said
        for tell in TELL_STARTER:
            tell(job, subject, body)
    db.session.commit()
