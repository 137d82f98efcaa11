"""Job state in the database: one platform run at a time, retry and cancel from the page,
interrupted jobs picked up again, tasks that change nothing the second time."""

import contextlib
import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.budget.models import BudgetPlan, PlatformRun
from merchant_portal.budget.platform.run import platform_run_task
from merchant_portal.extensions import db
from merchant_portal.jobs.messages import say
from merchant_portal.jobs.models import Job
from merchant_portal.jobs.runner import run_job
from merchant_portal.jobs.state import cancel, sweep
from merchant_portal.notifications.models import Notification
from merchant_portal.timeutil import utcnow

from .. import factories


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_planners_starting_runs_at_the_same_moment_start_one(app, parked_queue):
    planners = [factories.make_user(Role.PLANNER) for _ in range(6)]
    db.session.commit()
    clients = []
    for planner in planners:
        client = app.test_client()
        client.post("/login", data={"email": planner.email, "password": factories.PASSWORD})
        clients.append(client)
    start = threading.Barrier(len(clients))
    answers = []

    def run(client):
        start.wait()
        answers.append(client.post("/budget/platform", data={"objective": "revenue"}))

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    assert sorted(a.status_code for a in answers) == [302] * len(clients), "no error page"
    assert count(PlatformRun) == 1 and count(Job) == 1, "the database let exactly one through"
    assert parked_queue.pending_count() == 1, "one task waits for the worker"
    # the refused are sent to the one run under way, not back to the list
    run_id = db.session.scalar(select(PlatformRun.id))
    assert {a.headers["Location"] for a in answers} == {f"/budget/platform/{run_id}"}


def test_a_finished_or_failed_run_frees_the_next(client, auth, parked_queue):
    auth.as_role(Role.PLANNER)
    first = client.post("/budget/platform", data={"objective": "revenue"})
    job = db.session.scalar(select(Job))
    job.status = "failed"
    db.session.commit()
    second = client.post("/budget/platform", data={"objective": "revenue"})
    assert first.status_code == second.status_code == 302
    assert count(PlatformRun) == 2


def test_a_planner_cancels_then_retries_a_run_from_its_page(client, auth, parked_queue):
    planner = auth.as_role(Role.PLANNER)
    run_page = client.post("/budget/platform", data={"objective": "revenue"}).headers["Location"]
    job = db.session.scalar(select(Job))
    page = client.get(run_page).text
    assert "Waiting to start" in page and "Cancel" in page and f'hx-get="/jobs/{job.id}"' in page

    fragment = client.post(f"/jobs/{job.id}/cancel", headers={"HX-Request": "true"}).text
    assert fragment.startswith(f'<section id="job-{job.id}"') and "Cancelled" in fragment
    assert "hx-trigger" not in fragment, "a finished job stops polling"
    assert db.session.get(Job, job.id).status == "cancelled"

    client.post(f"/jobs/{job.id}/retry")
    assert db.session.get(Job, job.id).status == "queued"
    assert parked_queue.pending_count() == 2, "the retry enqueued the run again"
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_kind == "job").order_by(AuditEvent.id)
    ).all()
    assert actions == ["cancel", "retry"]
    assert {e.actor_id for e in db.session.scalars(select(AuditEvent))} == {planner.id}


def test_a_retry_while_another_run_is_active_is_refused(client, auth, parked_queue):
    auth.as_role(Role.PLANNER)
    client.post("/budget/platform", data={"objective": "revenue"})
    old = db.session.scalar(select(Job))
    old.status = "failed"
    db.session.commit()
    client.post("/budget/platform", data={"objective": "revenue"})
    answer = client.post(f"/jobs/{old.id}/retry", follow_redirects=True)
    assert "Another one is already under way" in answer.text
    assert db.session.get(Job, old.id).status == "failed"


def test_someone_else_s_job_answers_404(client, auth, parked_queue):
    owner = factories.make_user(Role.MERCHANT)
    job = Job(kind="product_import", started_by_id=owner.id)
    db.session.add(job)
    db.session.commit()
    auth.as_merchant(email="intruder@example.com")
    for method, path in (("GET", ""), ("POST", "/cancel"), ("POST", "/retry")):
        assert client.open(f"/jobs/{job.id}{path}", method=method).status_code == 404
    assert db.session.get(Job, job.id).status == "queued"


def test_a_job_whose_heartbeat_stopped_is_interrupted_and_enqueued_again(app, parked_queue):
    stale = utcnow() - timedelta(minutes=5)
    fresh = Job(kind="platform_run", status="running", heartbeat_at=utcnow(), attempts=1)
    dead = Job(kind="platform_run", status="running", heartbeat_at=stale, attempts=1)
    hopeless = Job(kind="platform_run", status="running", heartbeat_at=stale, attempts=3)
    db.session.add_all([fresh, dead, hopeless])
    db.session.commit()
    sweep(timedelta(seconds=30), max_attempts=3)
    assert db.session.get(Job, fresh.id).status == "running"
    assert db.session.get(Job, dead.id).status == "interrupted"
    assert parked_queue.pending_count() == 1, "the interrupted job's task is queued again"
    gave_up = db.session.get(Job, hopeless.id)
    assert gave_up.status == "failed"
    assert gave_up.error == "Its worker stopped 3 times; retry it from its page."


def test_a_platform_run_task_run_twice_changes_nothing_the_second_time(client, auth):
    planner = auth.as_role(Role.PLANNER)
    factories.make_marketplace(20, planner)
    db.session.commit()
    client.post("/budget/platform", data={"objective": "revenue"})  # immediate: runs now
    job = db.session.scalar(select(Job))
    assert job.status == "succeeded"
    before = (count(BudgetPlan), count(Notification), job.ended_at)
    platform_run_task.call_local(job.id)
    db.session.expire_all()
    assert (count(BudgetPlan), count(Notification), db.session.get(Job, job.id).ended_at) == before


def test_a_job_cancelled_while_it_runs_keeps_nothing_staged_after(app, parked_queue):
    planner = factories.make_user(Role.PLANNER)
    job = Job(kind="test", started_by_id=planner.id)
    db.session.add(job)
    db.session.commit()
    planner_id, job_id = planner.id, job.id
    db.session.rollback()  # this test's own session holds no read lock on SQLite meanwhile

    def work(job, progress):
        progress(10, say("test.first_step"))
        with app.app_context():  # the planner presses Cancel meanwhile, in another session
            db.session.get(Job, job_id).status = "cancelled"
            db.session.commit()
        db.session.add(Notification(user_id=planner_id, subject="half", body="staged"))
        progress(50, say("test.second_step"))
        raise AssertionError("progress must stop a cancelled job")

    with app.app_context():
        run_job(job_id, work)
    db.session.expire_all()
    stopped = db.session.get(Job, job_id)
    assert (stopped.status, stopped.progress) == ("cancelled", 10)
    assert count(Notification) == 0, "nothing after the cancellation is written"


def test_two_retries_at_once_enqueue_and_audit_one(app, parked_queue):
    """Found by the attack pass: two retry clicks both passed "is it failed?" and both wrote
    QUEUED: the run was enqueued twice and the trail said retried twice."""
    planner = factories.make_user(Role.PLANNER)
    job = Job(kind="platform_run", lock="platform_run", status="failed", shared_with_role="planner")
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    clients = []
    for _ in range(2):
        client = app.test_client()
        client.post("/login", data={"email": planner.email, "password": factories.PASSWORD})
        clients.append(client)

    def run(client, barrier, answers):
        barrier.wait()
        answers.append(client.post(f"/jobs/{job_id}/retry").status_code)

    for round_ in range(3):  # several rounds: the interleaving differs from one to the next
        barrier, answers = threading.Barrier(len(clients), timeout=10), []
        threads = [threading.Thread(target=run, args=(c, barrier, answers)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert max(answers) < 500, answers
        db.session.rollback()
        retries = count(AuditEvent, AuditEvent.subject_kind == "job", AuditEvent.action == "retry")
        assert retries == round_ + 1, "one retry per round"
        db.session.execute(update(Job).values(status="failed"))
        db.session.commit()
    assert parked_queue.pending_count() == 3


def test_a_job_that_finished_meanwhile_is_not_cancelled(client, auth, parked_queue):
    """Found by the attack pass: the cancel read "queued", the worker finished the job, and the
    cancel's write by primary key overwrote "succeeded" with "cancelled"."""
    auth.as_role(Role.PLANNER)
    client.post("/budget/platform", data={"objective": "revenue"})
    job = db.session.scalar(select(Job))
    assert job.status == "queued"  # what the cancel read
    finished = update(Job).values(status="succeeded").execution_options(synchronize_session=False)
    db.session.execute(finished)  # the worker, meanwhile
    with contextlib.suppress(ValueError):
        cancel(job, None)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "succeeded"
    assert count(AuditEvent, AuditEvent.action == "cancel") == 0


def test_a_queued_job_whose_task_was_lost_with_the_queue_is_enqueued_when_a_consumer_starts(
    app, parked_queue
):
    """Found by the attack pass: a platform run's task consumed by a worker of another
    database (or gone with a queue restarted empty) left the run "waiting" for good, and every
    new platform run was refused as already under way; restarting the worker did not help."""
    waiting = Job(kind="platform_run", lock="platform_run", status="queued")
    db.session.add(waiting)
    db.session.commit()
    parked_queue.flush()  # the queue lost its task
    sweep(timedelta(seconds=30), max_attempts=3)
    assert parked_queue.pending_count() == 0, "a running watchdog leaves queued jobs alone"
    sweep(timedelta(seconds=30), max_attempts=3, resume_interrupted=True)
    assert parked_queue.pending_count() == 1, "a starting consumer enqueues the run again"
    assert db.session.get(Job, waiting.id).status == "queued"
