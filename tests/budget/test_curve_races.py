"""Two planners at once: one fit at a time and one accepted version, held by the database
(run on PostgreSQL with TEST_DATABASE_URL; SQLite serialises the writers anyway)."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.curves.models import CurveFit
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job
from merchant_portal.jobs.queue import configure
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories
from tests.conftest import Auth
from tests.imports.test_races import Request, together


def two_planners(app):
    planners = [factories.make_user(Role.PLANNER) for _ in range(2)]
    db.session.commit()
    clients = [app.test_client(), app.test_client()]
    for client, planner in zip(clients, planners, strict=True):
        Auth(client).login(planner.email)
    return clients


def test_two_fit_clicks_at_once_start_one_fit(app):
    clients = two_planners(app)
    app.config["TASK_QUEUE_IMMEDIATE"] = False  # the fits wait: both clicks see one active
    configure(app)
    try:
        answers = together(app, [Request(c, lambda c: c.post("/budget/curves")) for c in clients])
    finally:
        app.config["TASK_QUEUE_IMMEDIATE"] = True
        configure(app)
    assert sorted(a.status_code for a in answers) == [302, 302]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    job_id = db.session.scalar(select(Job.id))
    assert {a.headers["Location"] for a in answers} == {f"/jobs/{job_id}"}


def test_two_versions_accepted_at_once_leave_exactly_one_accepted(app):
    clients = two_planners(app)
    _owner, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    placement = factories.make_placement()
    one = factories.make_curve_fit(store, placement, number=1)
    two = factories.make_curve_fit(store, placement, number=2)
    db.session.commit()
    urls = [f"/budget/curves/{fit.id}/accept" for fit in (one, two)]
    answers = together(
        app,
        [
            Request(clients[0], lambda c: c.post(urls[0])),
            Request(clients[1], lambda c: c.post(urls[1])),
        ],
    )
    assert [a.status_code for a in answers] == [302, 302]
    db.session.expire_all()
    statuses = sorted(f.status for f in db.session.scalars(select(CurveFit)))
    assert statuses in (["accepted", "fitted"], ["accepted", "retired"]), statuses


def test_two_fit_clicks_at_once_in_immediate_mode_store_one_fit(app):
    # each click may run its fit at once (the queue is immediate): the second is refused by
    # the job's lock while the first runs, or finds the first's fit of the same results
    from tests.budget.curve_data import record_weeks

    clients = two_planners(app)
    recorder = factories.make_user(Role.PLANNER)
    stores = [factories.make_merchant(status=ReviewStatus.APPROVED)[1] for _ in range(2)]
    placement = factories.make_placement()
    db.session.commit()
    record_weeks(stores, [placement], recorder)
    answers = together(app, [Request(c, lambda c: c.post("/budget/curves")) for c in clients])
    assert sorted(a.status_code for a in answers) == [302, 302]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(CurveFit)) == 1


def test_the_same_version_accepted_by_four_clicks_at_once_is_accepted_once(app):
    """Four parallel accepts of one fit wrote four accept events, all told "accepted"."""
    from merchant_portal.audit import AuditEvent

    clients = two_planners(app) + two_planners(app)
    _owner, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    placement = factories.make_placement()
    older = factories.make_curve_fit(store, placement, number=1)
    fit = factories.make_curve_fit(store, placement, number=2)
    db.session.commit()
    url = f"/budget/curves/{fit.id}/accept"
    first = clients[0].post(f"/budget/curves/{older.id}/accept")
    assert first.status_code == 302
    answers = together(
        app, [Request(c, lambda c: c.post(url, follow_redirects=True)) for c in clients]
    )
    said = [a.text for a in answers]
    assert sum("Fit #2 is accepted" in page for page in said) == 1, "one click accepted it"
    assert sum("already the accepted" in page for page in said) == 3, "the others were told"
    db.session.expire_all()
    events = (
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "accept_curve_fit", AuditEvent.subject_id == fit.id)
    )
    assert db.session.scalar(events) == 1
    statuses = {f.number: f.status for f in db.session.scalars(select(CurveFit))}
    assert statuses == {1: "retired", 2: "accepted"}
