"""What a new planner saw of the curve fit: one mistyped week took every store's fit down
with raw English from JAX, the bar sat at 15% and then jumped, the finished job sent them to
the list of fits rather than the fit it made, "over 15 weeks" counted only weeks with some
result, the carryover's words disagreed with its value, and the charts had no axis titles."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from merchant_portal.budget.curves import fit_job
from merchant_portal.budget.curves.chart import carryover_in_words
from merchant_portal.budget.curves.models import CurveFit, FittedCurve
from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.extensions import db

from .test_curve_fit import fit_now, market

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def typo_week(shop, placement, planner, week: date) -> None:
    """A row typed before the form refused such weeks."""
    db.session.add(
        PerformanceRecord(
            store_id=shop.id, placement_id=placement.id, week=week, period_start=week,
            period_end=week, spend=Decimal(100), impressions=0, clicks=100, conversions=3,
            revenue=Decimal(90), recorded_by_id=planner.id,
        )
    )  # fmt: skip
    db.session.commit()


def test_one_week_in_year_one_leaves_that_row_out_and_fits_every_store(client, auth):
    planner, shops, placements = market(auth)
    typo_week(shops[0], placements[0], planner, date(1, 1, 1))
    typo_week(shops[1], placements[1], planner, date(2099, 12, 28))
    job = fit_now(client)
    assert job.status == "succeeded", job.message_text
    assert "Fit #1 is ready: 6 curves." in job.message_text
    assert "2 weekly results were left out" in job.message_text
    assert len(db.session.scalars(select(FittedCurve)).all()) == 6
    fit = db.session.scalar(select(CurveFit))
    page = client.get(f"/jobs/{job.id}")
    assert f'href="/budget/curves/{fit.id}"' in page.text, "the link goes to the fit it made"


def test_a_fit_that_breaks_ends_in_the_planners_language(client, auth, monkeypatch):
    market(auth)

    def out_of_memory(*args, **kwargs):
        raise RuntimeError("RESOURCE_EXHAUSTED: Out of memory allocating 959000000000 bytes.")

    monkeypatch.setattr(fit_job, "fit_curves", out_of_memory)
    job = fit_now(client)
    assert job.status == "failed"
    page = client.get(f"/jobs/{job.id}", headers=ZH)
    assert "拟合未能完成" in page.text
    assert "RESOURCE_EXHAUSTED" not in page.text and "memory" not in page.text


class Recording:
    def __init__(self):
        self.said = []

    def __call__(self, percent, message):
        self.said.append((percent, message.code, message.args))

    def check(self):
        pass


def test_the_fit_reports_its_halves_and_counts_the_weeks_it_spans(client, auth):
    planner, shops, placements = market(auth)
    # three weeks later, one more week: the results span 16 weeks, 13 of them with results
    later = date(2026, 8, 3) + timedelta(weeks=15)
    for shop in shops:
        typo_week(shop, placements[0], planner, later)
    typo_week(shops[0], placements[1], planner, date(1, 1, 1))  # not counted in the span
    with client.application.test_request_context():
        job = fit_job.start_fit(planner.id)
        db.session.flush()  # not committed: the queue would run it at once
        recording = Recording()
        fit_job.execute(job, recording)
    percents = [p for p, _code, _args in recording.said]
    assert percents == sorted(percents) and 50 in percents, recording.said
    (fitting,) = [args for _p, code, args in recording.said if code == fit_job.FITTING]
    assert fitting == {"rows": 3 * 2 * 12 + 3 + 1, "weeks": 16}


def test_carryover_words_agree_with_the_value_and_a_wide_interval_says_not_known(app):
    with app.test_request_context(headers=ZH):
        assert "四分之一" in carryover_in_words(0.27, 0.2, 0.33)
        assert "五分之一" not in carryover_in_words(0.27, 0.2, 0.33)
        unknown = carryover_in_words(0.27, 0.01, 0.91)
        assert "还不知道" in unknown and "1%" in unknown and "91%" in unknown


def test_the_curve_charts_have_axis_titles(client, auth):
    _planner, _shops, placements = market(auth)
    fit_now(client)
    fit = db.session.scalar(select(CurveFit))
    page = client.get(f"/budget/curves/{fit.id}/placements/{placements[0].id}", headers=ZH)
    assert page.status_code == 200
    assert "周花费（¥）" in page.text and ">转化<" in page.text  # noqa: RUF001
