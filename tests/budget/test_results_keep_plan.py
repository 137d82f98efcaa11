"""Recording or importing results keeps the page on the plan the planner was comparing with,
so the re-plan button below still names that plan, not the newest one."""

import io

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories


def test_recording_and_importing_results_stay_on_the_viewed_plan(client, auth):
    planner = auth.as_role(Role.PLANNER)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top")
    older = factories.make_plan(store, planner)
    factories.make_plan(store, planner)  # a newer plan the page would otherwise fall back to
    factories.make_result(store, planner)
    db.session.commit()
    url = f"/budget/stores/{store.id}/results?plan={older.id}"
    page = client.get(url).text
    assert f"Re-plan plan #{older.id}" in page

    recorded = client.post(
        url,
        data={
            "placement": "search_top",
            "period_start": "2026-10-01",
            "period_end": "2026-10-07",
            "spend": "100",
            "impressions": "1000",
            "clicks": "50",
            "conversions": "2",
            "revenue": "300",
        },
        follow_redirects=True,
    )
    assert f"Re-plan plan #{older.id}" in recorded.text, "recording results kept the plan"

    csv = (
        b"placement,period_start,period_end,spend,impressions,clicks,conversions,revenue\n"
        b"search_top,2026-10-08,2026-10-14,120,1100,60,3,410\n"
    )
    imported = client.post(
        f"/budget/stores/{store.id}/results/import?plan={older.id}",
        data={"file": (io.BytesIO(csv), "week.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Imported 1 result." in imported.text
    assert f"Re-plan plan #{older.id}" in imported.text, "importing results kept the plan"
    assert db.session.get(BudgetPlan, older.id) is not None


def test_another_store_s_plan_is_not_shown_in_place_of_the_one_asked_for(client, auth):
    # Found by an attack pass: ?plan= naming another store's plan showed this store's latest
    # plan, as if it were the one asked for (the re-plan button answered 404 to the same id).
    planner = auth.as_role(Role.PLANNER)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    _, other = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top")
    own = factories.make_plan(store, planner)
    theirs = factories.make_plan(other, planner)
    db.session.commit()
    assert client.get(f"/budget/stores/{store.id}/results?plan={own.id}").status_code == 200
    assert client.get(f"/budget/stores/{store.id}/results?plan={theirs.id}").status_code == 404
    assert client.get(f"/budget/stores/{store.id}/results").status_code == 200
