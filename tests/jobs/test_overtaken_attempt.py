"""An attempt cancelled and overtaken by a retry (running again, on another consumer) stops at
its next step and writes nothing more: not its progress, not its end. Before, it saw the job
"running" again, took it for its own, and wrote "80%, telling each merchant" over the retry's
finished run."""

from sqlalchemy import func, select, update

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.jobs.messages import AS_WRITTEN, WAITING_AGAIN, say
from merchant_portal.jobs.models import Job
from merchant_portal.jobs.runner import run_job
from merchant_portal.jobs.state import TASKS, cancel, retry
from merchant_portal.notifications.models import Notification

from .. import factories


def test_an_overtaken_attempt_writes_nothing_over_the_retry(app, parked_queue, monkeypatch):
    monkeypatch.setitem(TASKS, "test", lambda job_id: None)  # the retry's task: run below
    planner = factories.make_user(Role.PLANNER)
    job = Job(kind="test", started_by_id=planner.id)
    db.session.add(job)
    db.session.commit()
    planner_id, job_id = planner.id, job.id
    db.session.rollback()

    def overtaken(job, progress):
        progress(20, say(AS_WRITTEN, text="solving"))
        with app.app_context():  # Cancel, Retry, and another consumer claims the retry
            other = db.session.get(Job, job_id)
            cancel(other, planner_id)
            db.session.commit()
            retry(other, planner_id)
            db.session.commit()
            db.session.execute(  # as run_job claims it, on the other consumer
                update(Job)
                .where(Job.id == job_id)
                .values(status="running", attempts=Job.attempts + 1, claim=Job.claim + 1)
            )
            db.session.commit()
        db.session.add(Notification(user_id=planner_id, subject="stale", body="staged"))
        progress(80, say(AS_WRITTEN, text="telling each merchant"))
        return say(AS_WRITTEN, text="Done: the overtaken attempt")

    with app.app_context():
        run_job(job_id, overtaken)
    db.session.expire_all()
    now = db.session.get(Job, job_id)
    assert (now.status, now.progress, now.message_code) == ("running", 0, WAITING_AGAIN)
    assert db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.subject == "stale")
    ) == 0  # fmt: skip


def test_a_retry_starts_clean(app, parked_queue, monkeypatch):
    monkeypatch.setitem(TASKS, "test", lambda job_id: None)
    planner = factories.make_user(Role.PLANNER)
    job = Job(kind="test", started_by_id=planner.id, status="cancelled", progress=20,
              message_code=AS_WRITTEN, message_args={"text": "Solving"}, attempts=1, started_at=factories.utcnow())  # fmt: skip
    db.session.add(job)
    db.session.commit()
    retry(job, planner.id)
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(Job, job.id)
    assert (again.status, again.progress, again.started_at) == ("queued", 0, None)
