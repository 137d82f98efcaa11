"""The growth dashboard: merchants per stage and how they moved month by month."""

import re
from datetime import date, datetime, timedelta

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.growth.models import StageSnapshot
from merchant_portal.growth.summaries import refresh, snapshot_dates
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .builders import sell_daily

TODAY = date(2026, 11, 25)
OCTOBER_END = date(2026, 10, 31)


def seller(name: str):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED, store_name=name)
    product = factories.make_product(store, status=ReviewStatus.APPROVED, stock=50,
                                     quality_score=90)  # fmt: skip
    return store, product


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_snapshot_dates_are_six_month_ends_and_today():
    assert snapshot_dates(TODAY) == [date(2026, 5, 31), date(2026, 6, 30), date(2026, 7, 31),
                                     date(2026, 8, 31), date(2026, 9, 30), OCTOBER_END, TODAY]  # fmt: skip


def test_the_dashboard_counts_stages_and_shows_who_moved(client, auth):
    start = TODAY - timedelta(days=150)
    _, falling = seller("Falling Fabrics")  # steady until October, then down to a third
    sell_daily(falling, start, (OCTOBER_END - start).days + 1, gmv=100.0)
    sell_daily(falling, OCTOBER_END + timedelta(days=1), 24, gmv=30.0)
    _, quiet = seller("Quiet Quilts")  # last sale 40 days ago: slowing at October's end
    sell_daily(quiet, start, 110, gmv=100.0)
    factories.make_merchant(store_name="Fresh Start")  # nothing live
    refresh(TODAY)
    db.session.commit()
    assert (
        db.session.scalar(
            select(StageSnapshot.stage).where(
                StageSnapshot.store_id == falling.store_id, StageSnapshot.as_of == OCTOBER_END
            )
        )
        == "steady"
    )

    auth.as_role(Role.REVIEWER)
    page = client.get("/growth/dashboard").get_data(as_text=True)
    counts = {stage: int(n) for stage, n in re.findall(
        r'data-stage="(\w+)"><span class="stat-value">(\d+)', page)}  # fmt: skip
    assert counts["at_risk"] == 1 and counts["dormant"] == 1 and counts["onboarding"] == 1
    assert counts["growing"] == 0
    moves = text_of(page.split('id="moves"')[1].split("</section>")[0])
    latest = moves.split(f"To {TODAY}")[1].split("To ")[0]
    assert "1 Steady → At risk" in latest
    assert "1 At risk → Dormant" in latest


def test_refreshing_from_the_dashboard_is_audited(client, auth):
    seller("Oak & Iron")
    user = auth.as_role(Role.REVIEWER)
    assert "Press “Refresh now”" in client.get("/growth/dashboard").get_data(as_text=True)
    assert client.post("/growth/dashboard/refresh").status_code == 302
    page = client.get("/growth/dashboard").get_data(as_text=True)
    assert "Summaries refreshed" in page
    from merchant_portal.audit import AuditEvent

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "refresh_growth"))
    assert event.actor_id == user.id and event.detail["stages"] == {"onboarding": 1}


def test_a_month_end_counts_only_stores_that_had_joined_or_sold_by_then(client, auth):
    # A new-user pass: 70 stores joined today showed as onboarding at every month end before
    _, imported = seller("Imported History")  # joined now, its sales imported from August
    sell_daily(imported, date(2026, 8, 3), 60, gmv=100.0)
    _, fresh = factories.make_merchant(store_name="Joined Today")
    _, joined_in_october = factories.make_merchant(store_name="Joined In October")
    joined_in_october.created_at = datetime(2026, 10, 14, 2, 0)
    fresh.created_at = datetime(2026, 11, 24, 17, 0)  # 25 November in Beijing, not the 24th
    refresh(TODAY)
    db.session.commit()
    counted = {
        as_of: set(names)
        for as_of, names in _by_month(
            db.session.execute(
                select(StageSnapshot.as_of, Store.name).join(
                    Store, Store.id == StageSnapshot.store_id
                )
            ).all()
        ).items()
    }
    assert counted[date(2026, 7, 31)] == set(), "nobody had joined or sold by July's end"
    assert counted[date(2026, 8, 31)] == {"Imported History"}
    assert counted[OCTOBER_END] == {"Imported History", "Joined In October"}
    assert counted[TODAY] == {"Imported History", "Joined In October", "Joined Today"}


def _by_month(rows):
    months: dict = {}
    for as_of, name in rows:
        months.setdefault(as_of, []).append(name)
    for as_of in snapshot_dates(TODAY):
        months.setdefault(as_of, [])
    return months
