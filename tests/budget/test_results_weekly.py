"""Results are kept by store, placement and week: recorded again, a week is replaced with a
note saying whose figures went, never added twice to what the plans learn from."""

import io

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.learning import observed_results
from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories
from tests.budget.test_plans import error_next_to
from tests.conftest import Auth
from tests.imports.test_races import Request, together


def week_form(week: str, clicks: int = 600, **more) -> dict:
    return {
        "placement": "search_top", "week": week, "spend": "500", "impressions": "0",
        "clicks": str(clicks), "conversions": "10", "revenue": "450", **more,
    }  # fmt: skip


def records() -> list[PerformanceRecord]:
    db.session.expire_all()
    return list(db.session.scalars(select(PerformanceRecord).order_by(PerformanceRecord.week)))


def setup(auth):
    planner = auth.as_role(Role.PLANNER)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top", name="Search top")
    db.session.commit()
    return planner, store


def test_the_form_saved_twice_counts_the_week_once(client, auth):
    planner, store = setup(auth)
    url = f"/budget/stores/{store.id}/results"
    first = client.post(url, data=week_form("2026-11-04"), follow_redirects=True)
    assert "Search top for the week of Nov 2, 2026 recorded" in first.text
    again = client.post(url, data=week_form("2026-11-04"), follow_redirects=True)
    assert "already had these figures" in again.text and planner.email in again.text
    (kept,) = records()
    assert kept.week.isoformat() == "2026-11-02", "kept under the week's Monday"
    assert (kept.period_start.isoformat(), kept.period_end.isoformat()) == (
        "2026-11-02",
        "2026-11-08",
    )
    # another day of the same week, with corrected figures: replaced, and said so
    fixed = client.post(url, data=week_form("2026-11-08", clicks=700), follow_redirects=True)
    assert "replaced the figures recorded on" in fixed.text
    assert f"by {planner.email}" in fixed.text
    (kept,) = records()
    assert kept.clicks == 700
    assert observed_results(store.id)[(store.id, kept.placement_id)].clicks == 700


def test_the_form_without_a_week_keeps_what_was_typed(client, auth):
    _, store = setup(auth)
    response = client.post(f"/budget/stores/{store.id}/results", data=week_form("", clicks=612))
    assert response.status_code == 400
    assert "Enter the week." in error_next_to(response.text, "week")
    assert 'value="612"' in response.text
    assert records() == []


HEADER = "placement,week,spend,impressions,clicks,conversions,revenue\n"


def upload(client, store, text: str, name: str = "weeks.csv", **headers):
    return client.post(
        f"/budget/stores/{store.id}/results/import",
        data={"file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
        headers=headers,
    )


def test_an_import_replaces_a_recorded_week_and_its_undo_puts_it_back(client, auth):
    planner, store = setup(auth)
    client.post(f"/budget/stores/{store.id}/results", data=week_form("2026-11-02"))
    page = upload(
        client,
        store,
        HEADER + "search_top,2026-11-03,500,0,900,10,450\nsearch_top,2026-11-09,400,0,500,8,300\n",
    )
    assert "Imported 2 results." in page.text
    assert "1 week was already recorded: replaced the figures recorded on" in page.text
    assert [r.clicks for r in records()] == [900, 500]
    assert observed_results(store.id)[(store.id, records()[0].placement_id)].clicks == 1400

    (batch_id,) = {r.import_batch_id for r in records()}
    undone = client.post(
        f"/budget/stores/{store.id}/results/imports/{batch_id}/undo",
        data={"confirm": "1"},
        follow_redirects=True,
    )
    assert undone.status_code == 200
    (back,) = records()
    assert (back.week.isoformat(), back.clicks, back.import_batch_id) == ("2026-11-02", 600, None)
    assert back.recorded_by_id == planner.id


def test_a_file_naming_one_week_twice_imports_nothing(client, auth):
    _, store = setup(auth)
    page = upload(
        client,
        store,
        HEADER + "search_top,2026-11-02,500,0,900,10,450\nsearch_top,2026-11-05,1,0,1,0,1\n",
    )
    assert "nothing was imported" in page.text
    assert "row 2 already has search_top for the week of 2026-11-02" in page.text
    assert records() == []


def test_a_file_with_periods_still_imports_under_each_first_days_week(client, auth):
    _, store = setup(auth)
    page = upload(
        client,
        store,
        "placement,period_start,period_end,spend,impressions,clicks,conversions,revenue\n"
        "search_top,2026-11-01,2026-11-14,1500,0,1800,30,1650\n",
    )
    assert "Imported 1 result." in page.text
    (kept,) = records()
    assert kept.week.isoformat() == "2026-10-26"
    assert (kept.period_start.isoformat(), kept.period_end.isoformat()) == (
        "2026-11-01",
        "2026-11-14",
    )


def test_one_week_recorded_by_two_planners_at_once_is_kept_once(app):
    """Two tabs post the same week with different figures at the same moment: one row, the
    other request replaces it and says so (PostgreSQL: the unique constraint decides)."""
    planner = factories.make_user(Role.PLANNER)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top", name="Search top")
    db.session.commit()
    url = f"/budget/stores/{store.id}/results"
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        Auth(client).login(planner.email)

    def post(clicks):
        def send(client):
            return client.post(
                url,
                data=week_form("2026-11-04", clicks=clicks),
                follow_redirects=True,
            )

        return send

    answers = together(app, [Request(c, post(700 + i)) for i, c in enumerate(clients)])
    assert [a.status_code for a in answers] == [200, 200]
    assert sum("replaced the figures recorded on" in a.text for a in answers) == 1
    assert db.session.scalar(select(func.count()).select_from(PerformanceRecord)) == 1


def test_undoing_an_import_a_later_one_replaced_in_part_never_counts_a_week_twice(client, auth):
    # A records weeks 1 and 2; B records weeks 2 and 3 (replacing A's week 2); undo A, then B
    _planner, store = setup(auth)
    upload(client, store, HEADER + "search_top,2026-11-02,100,0,100,1,10\n"
           "search_top,2026-11-09,200,0,200,2,20\n", name="a.csv")  # fmt: skip
    upload(client, store, HEADER + "search_top,2026-11-09,300,0,300,3,30\n"
           "search_top,2026-11-16,400,0,400,4,40\n", name="b.csv")  # fmt: skip
    a_id = records()[0].import_batch_id
    b_id = records()[-1].import_batch_id
    placement = records()[0].placement_id

    def clicks_learned():
        learned = observed_results(store.id).get((store.id, placement))
        return learned.clicks if learned else 0

    assert [r.clicks for r in records()] == [100, 300, 400] and clicks_learned() == 800
    url = f"/budget/stores/{store.id}/results/imports/{a_id}/undo"
    asked = client.post(url)
    assert "1 of its weeks was recorded again since (“b.csv”)" in asked.text
    assert "never brings this import&#39;s figures back" in asked.text or (
        "never brings this import's figures back" in asked.text
    )
    client.post(url, data={"confirm": "1"})
    # A's own week 1 went; week 2 keeps B's figures, once
    assert [(r.week.isoformat(), r.clicks) for r in records()] == [
        ("2026-11-09", 300),
        ("2026-11-16", 400),
    ]
    assert clicks_learned() == 700
    # undoing B afterwards does not bring A's week 2 back: A was undone
    client.post(f"/budget/stores/{store.id}/results/imports/{b_id}/undo", data={"confirm": "1"})
    assert records() == [] and clicks_learned() == 0


def test_undoing_the_later_import_first_puts_the_earlier_one_back(client, auth):
    _planner, store = setup(auth)
    upload(client, store, HEADER + "search_top,2026-11-09,200,0,200,2,20\n", name="a.csv")
    upload(client, store, HEADER + "search_top,2026-11-09,300,0,300,3,30\n", name="b.csv")
    (entry,) = records()
    b_id = entry.import_batch_id
    client.post(f"/budget/stores/{store.id}/results/imports/{b_id}/undo", data={"confirm": "1"})
    (back,) = records()
    assert back.clicks == 200 and back.import_batch_id != b_id
