"""Health over time: the nightly snapshot keeps one score per store and day (a re-run
replaces it), is computed in bulk, and a fall below the threshold puts the store on the
recall worklist once; managers see the trend and sort and filter their book by the change."""

from datetime import datetime, timedelta

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.growth.health_history import take_snapshot
from merchant_portal.growth.health_job import nightly_health_snapshot
from merchant_portal.growth.models import HealthCrossing, HealthSnapshot, MerchantAccount
from merchant_portal.jobs.queue import huey
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories
from ..query_counter import count_queries
from .test_health import today, troubled_store


def snapshots() -> list[tuple[int, object, int]]:
    return db.session.execute(
        select(HealthSnapshot.store_id, HealthSnapshot.day, HealthSnapshot.score).order_by(
            HealthSnapshot.store_id, HealthSnapshot.day
        )
    ).all()


def crossings() -> list[tuple[int, object, int | None]]:
    return db.session.execute(
        select(HealthCrossing.store_id, HealthCrossing.day, HealthCrossing.previous_score)
        .order_by(HealthCrossing.id)
    ).all()  # fmt: skip


def earlier(store_id: int, days_ago: int, score: int) -> None:
    db.session.add(HealthSnapshot(store_id=store_id, day=today() - timedelta(days=days_ago),
                                  score=score))  # fmt: skip
    db.session.commit()


def test_a_rerun_replaces_the_day_s_score_instead_of_adding_one(app):
    _, poor = troubled_store("Poorly")
    _, clean = factories.make_merchant(status=S.APPROVED, store_name="Clean")
    db.session.commit()
    take_snapshot(today())
    db.session.commit()
    assert snapshots() == [(poor.id, today(), 525), (clean.id, today(), 1000)]
    factories.make_document(clean, verdict="rejected")  # the day goes on: a document refused
    db.session.commit()
    take_snapshot(today())
    db.session.commit()
    assert snapshots() == [(poor.id, today(), 525), (clean.id, today(), 900)]


def test_the_snapshot_sends_the_same_statements_for_two_stores_or_twelve(app):
    for n in range(2):
        factories.make_merchant(status=S.APPROVED, store_name=f"Shop {n}")
    db.session.commit()
    with count_queries() as few:
        take_snapshot(today())
    for n in range(2, 12):
        factories.make_merchant(status=S.APPROVED, store_name=f"Shop {n}")
    db.session.commit()
    with count_queries() as many:
        take_snapshot(today() + timedelta(days=1))
    assert len(many) == len(few), f"{len(few)} statements for 2 stores, {len(many)} for 12"


def test_a_fall_below_the_threshold_is_kept_once_per_fall(app):
    _, poor = troubled_store("Poorly")
    db.session.commit()
    earlier(poor.id, 1, 900)
    take_snapshot(today())
    take_snapshot(today())  # a second consumer's scheduler, or a retried task
    db.session.commit()
    assert crossings() == [(poor.id, today(), 900)]
    take_snapshot(today() + timedelta(days=1))  # still below: the same fall
    db.session.commit()
    assert len(crossings()) == 1
    db.session.add(HealthSnapshot(store_id=poor.id, day=today() + timedelta(days=2), score=700))
    db.session.commit()
    take_snapshot(today() + timedelta(days=3))  # back up, then down again: a new fall
    db.session.commit()
    assert crossings()[-1] == (poor.id, today() + timedelta(days=3), 700)
    assert len(crossings()) == 2


def test_the_threshold_comes_from_the_configuration(app):
    troubled_store("Poorly")
    db.session.commit()
    app.config["HEALTH_RECALL_BELOW"] = 500
    try:
        take_snapshot(today())
        db.session.commit()
        assert crossings() == []  # 525 is above a line at 500
    finally:
        app.config["HEALTH_RECALL_BELOW"] = 600


def test_the_worklist_says_when_the_store_fell_and_from_what(client, auth):
    manager = auth.as_role(Role.REVIEWER)
    _, poor = troubled_store("Poorly")
    db.session.add(MerchantAccount(store_id=poor.id, manager_id=manager.id))
    db.session.commit()
    earlier(poor.id, 1, 880)
    take_snapshot(today())
    db.session.commit()
    worklist = client.get("/growth/recall").text.split('id="worklist"', 1)[1]
    assert "Poorly" in worklist and "fell below 600 on" in worklist and "(from 880)" in worklist


def test_the_book_shows_sorts_and_filters_by_the_week_s_change(client, auth):
    manager = auth.as_role(Role.REVIEWER)
    _, poor = troubled_store("Poorly")
    _, steady = factories.make_merchant(status=S.APPROVED, store_name="Steady")
    for store in (poor, steady):
        db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    earlier(poor.id, 7, 900)
    earlier(steady.id, 7, 1000)
    page = client.get("/growth/book?sort=change").text
    assert page.index("Poorly") < page.index("Steady")  # the steepest fall first
    assert "-375" in page
    fallen = client.get("/growth/book?fell_by=300").text
    assert "Poorly" in fallen and "Steady" not in fallen
    refused = client.get("/growth/book?fell_by=abc")
    assert refused.status_code == 200 and "Enter a score from 1 to 1000" in refused.text


def test_the_manager_sees_the_store_s_health_day_by_day(client, auth):
    manager = auth.as_role(Role.REVIEWER)
    _, poor = troubled_store("Poorly")
    db.session.add(MerchantAccount(store_id=poor.id, manager_id=manager.id))
    db.session.commit()
    earlier(poor.id, 2, 910)
    earlier(poor.id, 1, 640)
    page = client.get(f"/growth/stores/{poor.id}").text
    section = page.split('id="health-trend"', 1)[1].split("</section>", 1)[0]
    assert "<svg" in section and "910" in section and "640" in section


def test_the_merchant_does_not_see_the_manager_s_trend(client, auth):
    user, _ = troubled_store("Poorly")
    db.session.commit()
    auth.login(user.email)
    assert 'id="health-trend"' not in client.get("/growth/").text


def test_the_queue_s_scheduler_runs_the_snapshot_every_night(app):
    name = "merchant_portal.growth.health_job.nightly_health_snapshot"
    assert name in {t.name for t in huey.read_periodic(datetime(2026, 12, 7, 1, 15))}
    assert name not in {t.name for t in huey.read_periodic(datetime(2026, 12, 7, 13, 15))}
    _, store = factories.make_merchant(status=S.APPROVED)
    db.session.commit()
    nightly_health_snapshot.call_local()
    assert snapshots() == [(store.id, today(), 1000)]
