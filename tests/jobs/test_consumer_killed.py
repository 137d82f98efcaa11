"""A consumer killed in the middle of a platform run: the next consumer finishes it, and every
merchant is told exactly once (SQLite and Redis queue storage)."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan, PlatformRun
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.notifications.models import Notification

from .. import factories
from .conftest import wait_until

MERCHANTS = 400


def merchants_told(run_id: int) -> int:
    db.session.rollback()  # a fresh snapshot: the consumer writes from another process
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.key.like(f"platform-run:{run_id}:user:%"))
    )


def test_a_killed_consumer_s_platform_run_finishes_on_the_next(client, auth, consumers):
    planner = auth.as_role(Role.PLANNER)
    factories.make_marketplace(MERCHANTS, planner)
    db.session.commit()
    response = client.post("/budget/platform", data={"objective": "revenue"})
    assert response.status_code == 302, "the page answers at once; the run waits in the queue"
    run_id = int(response.headers["Location"].rsplit("/", 1)[1])
    job_id = db.session.scalar(select(PlatformRun.job_id).where(PlatformRun.id == run_id))
    assert db.session.get(Job, job_id).status == "queued"

    # one merchant per batch, so the kill lands while merchants are being told
    first = consumers(NOTIFY_BATCH_SIZE="1")

    def run_finished():
        db.session.rollback()
        job = db.session.get(Job, job_id)
        return job if job.finished else None

    ran = wait_until(run_finished, 120, "the run's draft", first)
    assert ran.status == "succeeded", ran.error
    assert merchants_told(run_id) == 0, "a draft tells nobody"
    published = client.post(f"/budget/platform/{run_id}/publish")
    assert published.status_code == 302
    job_id = int(published.headers["Location"].rsplit("/", 1)[1])  # the telling job
    told_at_kill = wait_until(
        lambda: merchants_told(run_id), 120, "the first merchants being told", first
    )
    first.kill()
    told_at_kill = merchants_told(run_id)
    assert 0 < told_at_kill < MERCHANTS, f"killed mid-run: {told_at_kill} of {MERCHANTS} told"
    assert db.session.get(Job, job_id).status == "running", "nobody has noticed yet"

    second = consumers(NOTIFY_BATCH_SIZE="50")

    def finished():
        db.session.rollback()
        job = db.session.get(Job, job_id)
        return job if job.finished else None

    job = wait_until(finished, 120, "the run finishing on the second consumer", second)
    assert job.status == "succeeded", job.error
    # a busy machine can let one heartbeat lapse and resume it once more; what counts is that
    # it was resumed and its work landed once (checked below)
    assert job.attempts >= 2, "the second consumer resumed it"
    assert job.progress == 100
    keys = db.session.scalars(
        select(Notification.user_id).where(Notification.key.like(f"platform-run:{run_id}:user:%"))
    ).all()
    assert len(keys) == MERCHANTS and len(set(keys)) == MERCHANTS, "every merchant told once"
    plans = select(func.count()).select_from(BudgetPlan).where(BudgetPlan.platform_run_id == run_id)
    assert db.session.scalar(plans) == MERCHANTS, "each merchant's share stored once"
    mails = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.subject == "A new ad recommendation for your store")
    )
    assert db.session.scalar(mails) == MERCHANTS, "and mailed once"
    finished_notice = select(Notification.subject).where(Notification.user_id == planner.id)
    # the run and the telling job each tell the planner; which lands first is not defined
    assert "Platform run: finished" in db.session.scalars(finished_notice).all()
    page = client.get(f"/budget/platform/{run_id}").text
    assert "Finished" in page and "Placements and clearing prices" in page
