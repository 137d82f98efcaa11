"""The planner's loop: results → a fit (a job, one at a time) → its curves → accept one →
plans and the platform run on the accepted curves, central or cautious, saying which."""

import re

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.budget.curves.fit_job import KIND, curve_fit_task, nightly_fit
from merchant_portal.budget.curves.models import CurveFit, FittedCurve, FittedPlacement
from merchant_portal.budget.models import BudgetPlan, PlatformRun
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories

from .curve_data import record_weeks


def market(auth, weeks=12, stores=3):
    planner = auth.as_role(Role.PLANNER)
    placements = [
        factories.make_placement(code="search_top", name="Search top", half_spend=5000),
        factories.make_placement(code="feed", name="Feed", channel="feed", half_spend=5000),
    ]
    shops = [
        factories.make_merchant(store_name=f"Shop {i}", status=ReviewStatus.APPROVED)[1]
        for i in range(stores)
    ]
    db.session.commit()
    record_weeks(shops, placements, planner, weeks=weeks)
    return planner, shops, placements


def fit_now(client) -> Job:
    response = client.post("/budget/curves")
    assert response.status_code == 302, response.text
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    db.session.expire_all()
    return db.session.get(Job, job_id)


def test_a_fit_is_a_job_that_stores_a_version(client, auth):
    planner, _shops, _placements = market(auth)
    job = fit_now(client)
    assert job.kind == KIND and job.status == "succeeded", job.message_text
    fit = db.session.scalar(select(CurveFit))
    assert fit.number == 1 and fit.created_by_id == planner.id and fit.status == "fitted"
    assert fit.curves == 6 and fit.weeks == 12 and fit.holdout_weeks == 4
    assert fit.holdout_error is not None and fit.holdout_error < 0.5
    curves = list(db.session.scalars(select(FittedCurve)))
    assert len(curves) == 6
    for c in curves:
        assert c.half_spend_low <= c.half_spend <= c.half_spend_high
        assert c.per_spend_low <= c.per_spend <= c.per_spend_high
    assert db.session.scalar(select(func.count()).select_from(FittedPlacement)) == 2
    page = client.get(f"/jobs/{job.id}")
    assert "Fit #1 is ready: 6 curves" in page.text

    # the task delivered again (a worker's retry) stores nothing twice
    curve_fit_task(job.id)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(CurveFit)) == 1


def test_a_rerun_of_the_same_job_finds_its_version(client, auth, app):
    market(auth)
    job = fit_now(client)
    from merchant_portal.budget.curves.fit_job import execute

    class Progress:
        def __call__(self, *a):
            pass

        def check(self):
            pass

    said = execute(job, Progress())
    assert said.args["number"] == 1
    assert db.session.scalar(select(func.count()).select_from(CurveFit)) == 1


def test_too_little_data_ends_with_the_planners_words(client, auth):
    market(auth, weeks=2)
    job = fit_now(client)
    assert job.status == "failed"
    assert job.message_text == (
        "Results cover 2 weeks; a fit needs at least 4. Record more weeks of results and fit again."
    )
    assert db.session.scalar(select(func.count()).select_from(CurveFit)) == 0


def test_no_results_at_all(client, auth):
    auth.as_role(Role.PLANNER)
    job = fit_now(client)
    assert job.status == "failed" and "nothing to fit" in job.message_text


def test_only_one_fit_at_a_time(client, auth, app):
    market(auth)
    app.config["TASK_QUEUE_IMMEDIATE"] = False
    from merchant_portal.jobs.queue import configure

    configure(app)
    try:
        first = client.post("/budget/curves")
        second = client.post("/budget/curves", follow_redirects=True)
        assert "A curve fit is already under way" in second.text
        assert first.headers["Location"].endswith(second.request.path)
        assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    finally:
        app.config["TASK_QUEUE_IMMEDIATE"] = True
        configure(app)


def test_the_nightly_fit_starts_one_a_night(client, auth, app):
    market(auth)
    nightly_fit.call_local()
    nightly_fit.call_local()  # another consumer's scheduler the same night
    db.session.expire_all()
    jobs = list(db.session.scalars(select(Job).where(Job.kind == KIND)))
    assert len(jobs) == 1 and jobs[0].started_by_id is None and jobs[0].status == "succeeded"
    fit = db.session.scalar(select(CurveFit))
    assert fit.created_by_id is None
    page = client.get("/budget/curves")
    assert "the nightly fit" in page.text


def test_the_consumer_runs_the_periodic_tasks():
    from datetime import datetime

    from merchant_portal.jobs.queue import huey

    due = {t.name for t in huey.read_periodic(datetime(2026, 12, 7, 2, 30))}
    assert "merchant_portal.budget.curves.fit_job.nightly_fit" in due
    afternoon = {t.name for t in huey.read_periodic(datetime(2026, 12, 7, 14, 30))}
    assert "merchant_portal.budget.curves.fit_job.nightly_fit" not in afternoon, "once a night"
    import inspect

    from merchant_portal.jobs import worker

    assert "periodic=True" in inspect.getsource(worker.worker_command.callback)


def accept(client, fit_id):
    return client.post(f"/budget/curves/{fit_id}/accept", follow_redirects=True)


def record_one_more_week(shops, placements, planner):
    from datetime import timedelta

    from merchant_portal.budget.models import PerformanceRecord

    from .curve_data import FIRST_MONDAY

    week = FIRST_MONDAY + timedelta(weeks=20)
    for shop in shops:
        for placement in placements:
            db.session.add(PerformanceRecord(
                store_id=shop.id, placement_id=placement.id, week=week, period_start=week,
                period_end=week + timedelta(days=6), spend=1000, impressions=0, clicks=1250,
                conversions=30, revenue=1800, recorded_by_id=planner.id,
            ))  # fmt: skip
    db.session.commit()


def test_fit_now_twice_on_the_same_results_makes_one_fit(client, auth):
    # immediate mode: the first fit has finished before the second click arrives, so the
    # job's lock no longer stands between them; what fitted (the results' digest) does
    planner, shops, placements = market(auth)
    first = fit_now(client)
    second = fit_now(client)
    assert first.status == second.status == "succeeded"
    assert db.session.scalar(select(func.count()).select_from(CurveFit)) == 1
    page = client.get(f"/jobs/{second.id}")
    assert "Fit #1 already fits these same weekly results: no second fit was made" in page.text
    # new results: a new fit
    record_one_more_week(shops, placements, planner)
    third = fit_now(client)
    assert third.status == "succeeded", third.message_text
    assert [f.number for f in db.session.scalars(select(CurveFit).order_by(CurveFit.id))] == [1, 2]


def test_a_fit_of_results_already_fitted_by_another_job_stores_nothing(client, auth):
    # the store step itself, as when two workers fitted the same results side by side: the
    # unique key refuses the second version, which points at the first
    from merchant_portal.budget.curves.fit_job import results_key, store_fit, weekly_results

    market(auth)
    first = fit_now(client)
    stored = db.session.scalar(select(CurveFit))
    other = Job(kind=KIND, status="running", payload={})
    db.session.add(other)
    db.session.flush()
    answer = {
        "curves": [],
        "placements": [],
        "fit": {"holdout_weeks": 0, "holdout_error": None, "seconds": 1.0, "method": "x"},
    }
    # the first job's lookup missed (it had not committed yet): the database says no
    again = store_fit(other, answer, 12, results_key(weekly_results()))
    assert again.id == stored.id and again.job_id == first.id
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(CurveFit)) == 1


def test_accepting_is_versioned_and_audited(client, auth):
    planner, shops, placements = market(auth)
    fit_now(client)
    record_one_more_week(shops, placements, planner)
    fit_now(client)
    one, two = db.session.scalars(select(CurveFit).order_by(CurveFit.number)).all()
    page = accept(client, one.id)
    assert "Fit #1 is accepted" in page.text
    assert "Accepted" in page.text and planner.email in page.text
    page = accept(client, two.id)
    db.session.expire_all()
    assert [f.status for f in db.session.scalars(select(CurveFit).order_by(CurveFit.number))] == [
        "retired",
        "accepted",
    ]
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "accept_curve_fit")
            .order_by(AuditEvent.id)
        )
    )
    assert [(e.subject_id, e.actor_id, e.detail) for e in events] == [
        (one.id, planner.id, {"fit": 1, "previous_fit": None}),
        (two.id, planner.id, {"fit": 2, "previous_fit": 1}),
    ]
    again = accept(client, two.id)
    assert "Fit #2 is already the accepted one" in again.text
    index = client.get("/budget/curves")
    assert re.search(r"Plans and platform runs use <a [^>]*>fit #2</a>", index.text)


def plan_form(basis: str, **more) -> dict:
    return {"budget": "20000", "objective": "profit", "margin": "0.5", "weeks": "4",
            "budget_basis": "weekly", "curves": basis, **more}  # fmt: skip


def run_plan(client, store, basis, **more):
    response = client.post(f"/budget/stores/{store.id}/plan", data=plan_form(basis, **more))
    assert response.status_code == 302, response.text
    plan_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return db.session.get(BudgetPlan, plan_id)


def test_plans_use_the_accepted_curves_and_say_which(client, auth):
    _planner, shops, _placements = market(auth)
    before = run_plan(client, shops[0], "central")
    assert before.curve_fit_id is None
    page = client.get(f"/budget/plans/{before.id}")
    assert "no fit was accepted" in page.text
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    accept(client, fit.id)
    central = run_plan(client, shops[0], "central")
    cautious = run_plan(client, shops[0], "lower_band")
    assert (central.curve_fit_id, central.curve_basis) == (fit.id, "central")
    assert (cautious.curve_fit_id, cautious.curve_basis) == (fit.id, "lower_band")
    own = db.session.scalar(
        select(FittedCurve)
        .where(FittedCurve.store_id == shops[0].id, FittedCurve.fit_id == fit.id)
        .limit(1)
    )
    item = central.request["placements"][0]
    assert item["saturation"]["half_spend"] != 5000, "the fitted half-spend, not the typed one"
    assert any(
        abs(i["saturation"]["half_spend"] - own.half_spend) < 1e-6
        for i in central.request["placements"]
    )
    # a cautious plan, on curves that return less, spends less for profit
    assert cautious.result["totals"]["spend"] < central.result["totals"]["spend"]
    assert cautious.result["totals"]["revenue"] < central.result["totals"]["revenue"]
    page = client.get(f"/budget/plans/{cautious.id}")
    assert "Curves: fit #1, cautious (lower band)." in page.text
    assert 'id="store-curves"' in page.text and "<polyline" in page.text
    page = client.get(f"/budget/plans/{central.id}")
    assert "Curves: fit #1, central estimate." in page.text


def test_a_cautious_plan_gives_a_store_without_results_the_pooled_lower_band(client, auth):
    _planner, _shops, placements = market(auth)
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    accept(client, fit.id)
    newcomer = factories.make_merchant(store_name="Newcomer", status=ReviewStatus.APPROVED)[1]
    db.session.commit()
    pooled = {
        p.placement_id: p
        for p in db.session.scalars(select(FittedPlacement).where(FittedPlacement.fit_id == fit.id))
    }
    by_code = {p.code: p.id for p in placements}
    for p in pooled.values():
        assert p.per_spend_low < p.per_spend < p.per_spend_high
        assert p.half_spend_low < p.half_spend < p.half_spend_high
    central = run_plan(client, newcomer, "central", objective="revenue")
    cautious = run_plan(client, newcomer, "lower_band", objective="revenue")
    for plan, end in ((central, "half_spend"), (cautious, "half_spend_low")):
        for item in plan.request["placements"]:
            expected = getattr(pooled[by_code[item["id"]]], end)
            assert abs(item["saturation"]["half_spend"] - expected) < 1e-6, (end, item)
    assert cautious.result["totals"]["revenue"] < central.result["totals"]["revenue"]
    page = client.get(f"/budget/plans/{cautious.id}")
    assert "gets the lower end of that placement's band" in page.text
    page = client.get(f"/budget/curves/{fit.id}/placements/{placements[0].id}")
    assert "A cautious plan takes the band's lower end for such a store" in page.text


def test_the_fit_says_how_far_to_trust_it(client, auth):
    market(auth)
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    assert fit.holdout_coverage is not None and 0 <= fit.holdout_coverage <= 1
    page = client.get(f"/budget/curves/{fit.id}")
    error = f"{fit.holdout_error:.0%}"
    assert f"forecast missed their conversions by {error}" in page.text
    share = f"{fit.holdout_coverage:.0%}"
    assert f"{share} of those store-weeks fell inside the fit's 90% range" in page.text
    assert "6 of 6 curves have spend varied enough to show their own bend" in page.text


def test_the_platform_run_uses_the_accepted_curves(client, auth):
    from merchant_portal.budget.models import AdBudget

    planner, shops, _placements = market(auth)
    for shop in shops:
        db.session.add(AdBudget(store_id=shop.id, monthly=40000, set_by_id=planner.id))
    db.session.commit()
    page = client.get("/budget/platform")
    assert "No curve fit is accepted" in page.text
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    accept(client, fit.id)
    spends = {}
    for basis in ("central", "lower_band"):
        response = client.post("/budget/platform", data={"objective": "revenue", "curves": basis})
        run_id = int(response.headers["Location"].rsplit("/", 1)[1])
        db.session.expire_all()
        run = db.session.get(PlatformRun, run_id)
        assert run.job.status == "succeeded", run.job.message_text
        assert (run.curve_fit_id, run.curve_basis) == (fit.id, basis)
        spends[basis] = run.summary["revenue"]
        page = client.get(f"/budget/platform/{run_id}")
        words = "cautious (lower band)" if basis == "lower_band" else "central estimate"
        assert f"Curves: fit #1, {words}." in page.text
        share = db.session.scalar(select(BudgetPlan).where(BudgetPlan.platform_run_id == run_id))
        assert (share.curve_fit_id, share.curve_basis) == (fit.id, basis), (
            "a store's share says the fit it was planned on"
        )
    assert spends["lower_band"] < spends["central"], "the cautious curves expect less"


def test_the_curves_pages(client, auth):
    _planner, _shops, placements = market(auth)
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    page = client.get(f"/budget/curves/{fit.id}")
    assert page.status_code == 200 and "carries into the next week" in page.text
    page = client.get(f"/budget/curves/{fit.id}/placements/{placements[0].id}")
    assert page.status_code == 200
    assert page.text.count('class="curve-fit"') == 3 and page.text.count('class="curve-band"') == 3
    assert page.text.count('class="curve-week"') == 36, "each store's twelve weeks as points"
    assert 'style="' not in page.text
    assert client.get(f"/budget/curves/{fit.id}/placements/999999").status_code == 404
    assert client.get("/budget/curves/999999").status_code == 404


def test_the_curves_pages_in_chinese(client, auth):
    _planner, _shops, placements = market(auth)
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    zh = {"Accept-Language": "zh-CN,zh;q=0.9"}
    for url in (
        "/budget/curves",
        f"/budget/curves/{fit.id}",
        f"/budget/curves/{fit.id}/placements/{placements[0].id}",
    ):
        page = client.get(url, headers=zh)
        assert page.status_code == 200
        assert "响应曲线" in page.text and "拟合 #1" in page.text
        assert "Response curves" not in page.text and "carries into" not in page.text
        assert "Fit #" not in page.text
    page = client.get(f"/budget/curves/{fit.id}/placements/{placements[0].id}", headers=zh)
    assert "延续到下一周" in page.text
    # the chart key ends without an English full stop glued to the Chinese
    assert "曲线. " not in page.text
    job = db.session.scalar(select(Job))
    assert "拟合 #1 已完成" in client.get(f"/jobs/{job.id}", headers=zh).text
    # a fit is adopted (采用), not passed like a document under review (通过)
    listing = client.get("/budget/curves", headers=zh).text
    assert "未采用" in listing and ">采用</button>" in listing
    assert "未通过" not in listing and ">通过</button>" not in listing
    client.post(f"/budget/curves/{fit.id}/accept")
    assert "已采用" in client.get(f"/budget/curves/{fit.id}", headers=zh).text


def test_the_curves_page_asks_the_same_whatever_the_number_of_stores(client, auth):
    from tests.query_counter import count_queries

    _planner, _shops, placements = market(auth, stores=1)
    fit = factories.make_curve_fit(_shops[0], placements[0], number=1)
    db.session.commit()

    def statements() -> int:
        with count_queries() as seen:
            assert (
                client.get(f"/budget/curves/{fit.id}/placements/{placements[0].id}").status_code
                == 200
            )
        return len(seen)

    few = statements()
    for i in range(5):
        shop = factories.make_merchant(store_name=f"More {i}", status=ReviewStatus.APPROVED)[1]
        db.session.flush()
        from merchant_portal.budget.curves.models import FittedCurve as Curve

        db.session.add(Curve(fit_id=fit.id, store_id=shop.id, placement_id=placements[0].id,
                             weeks=12, half_spend=800.0, half_spend_low=500.0,
                             half_spend_high=1200.0, per_spend=0.05, per_spend_low=0.04,
                             per_spend_high=0.06, aov=60.0, explored=True))  # fmt: skip
    db.session.commit()
    assert statements() == few


def test_a_replan_uses_the_accepted_curves_as_a_new_plan_does(client, auth):
    """Found by the new-user pass: a re-plan from results kept the typed curves and said no
    fit was accepted, though one was."""
    _planner, shops, _placements = market(auth)
    first = run_plan(client, shops[0], "central")
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    accept(client, fit.id)
    for cautious, basis in (("0", "central"), ("1", "lower_band")):
        answer = client.post(f"/budget/stores/{shops[0].id}/replan",
                             data={"plan_id": first.id, "cautious": cautious})  # fmt: skip
        assert answer.status_code == 302, answer.text
        again = db.session.scalar(select(BudgetPlan).order_by(BudgetPlan.id.desc()).limit(1))
        assert (again.replanned_from_id, again.curve_fit_id, again.curve_basis) == (
            first.id, fit.id, basis,
        )  # fmt: skip
        assert "no fit was accepted" not in client.get(f"/budget/plans/{again.id}").text


def test_a_fit_that_forecast_its_test_weeks_poorly_warns_before_it_is_accepted(client, auth):
    # A new user accepted a fit that missed its test weeks by 244% with nothing said.
    market(auth)
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    page = client.get(f"/budget/curves/{fit.id}").text
    assert 'id="poor-forecast"' not in page, "a good fit is offered plainly"
    fit.holdout_error, fit.holdout_coverage = 2.44, 0.7
    db.session.commit()
    page = client.get(f"/budget/curves/{fit.id}").text
    warned = page.split('id="poor-forecast">')[1].split("</p>")[0]
    assert "missed by 244%" in warned and "70% inside" in warned
    assert page.index('id="poor-forecast"') < page.index("Accept fit #1")
