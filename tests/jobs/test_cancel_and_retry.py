"""A platform run cancelled while it solves and retried at once: the cancelled attempt stops at
the next step without storing anything, the retry starts clean, and the run ends at 100% with
its closing message (SQLite and Redis queue storage, two consumers so the retry runs while the
cancelled attempt is still solving). Found by a new user: the retry first showed the cancelled
attempt at 20%, and the run ended "finished" at 80% ("Saved each merchant's recommendation;
telling each merchant"), the overtaken attempt having written over the retry's end."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan, PlatformRun
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job
from merchant_portal.notifications.models import Notification

from .. import factories
from .conftest import wait_until

MERCHANTS = 3000  # long enough a solve to cancel in the middle of it


def job_now(job_id: int) -> Job:
    db.session.rollback()  # a fresh snapshot: the consumers write from other processes
    return db.session.get(Job, job_id)


def test_a_run_cancelled_while_solving_and_retried_ends_clean_at_100(client, auth, consumers):
    planner = auth.as_role(Role.PLANNER)
    factories.make_marketplace(MERCHANTS, planner)
    db.session.commit()
    run_id = int(
        client.post("/budget/platform", data={"objective": "revenue"})
        .headers["Location"]
        .rsplit("/", 1)[1]
    )
    job_id = db.session.scalar(select(PlatformRun.job_id).where(PlatformRun.id == run_id))
    first, second = consumers(NOTIFY_BATCH_SIZE="500"), consumers(NOTIFY_BATCH_SIZE="500")

    wait_until(lambda: job_now(job_id).progress == 20, 300, "the solve starting", first)
    htmx = {"HX-Request": "true"}
    assert client.post(f"/jobs/{job_id}/cancel", headers=htmx).status_code == 200
    retried = client.post(f"/jobs/{job_id}/retry", headers=htmx).text
    assert 'data-progress="0"' in retried and "Waiting to start again" in retried, retried

    job = wait_until(
        lambda: (j := job_now(job_id)).finished and j, 300, "the retried run finishing", second
    )
    assert job.status == "succeeded", job.error
    assert job.progress == 100, f"finished at {job.progress}%: {job.message_text}"
    assert job.message_text == f"Done: {MERCHANTS:,} merchants planned"
    stopped = first.output() + second.output()
    assert f"job {job_id} stopped: cancelled or taken over" in stopped, stopped[-3000:]

    plans = select(func.count()).select_from(BudgetPlan).where(BudgetPlan.platform_run_id == run_id)
    assert db.session.scalar(plans) == MERCHANTS, "each merchant's share stored once"
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.key.like(f"platform-run:{run_id}:user:%"))
    ).all()
    assert len(told) == len(set(told)), "a merchant told twice"
    finished = select(Notification.subject).where(Notification.user_id == planner.id)
    assert db.session.scalars(finished).all() == ["Platform run: finished"]
    page = client.get(f"/budget/platform/{run_id}").text
    assert 'data-progress="100"' in page and "Finished" in page
