"""Planners work on stores that trade: a store still in draft (or in review, or turned down)
cannot be opened, planned, or have results recorded; it answers 404 and nothing is stored."""

import io

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

RESULTS = (
    "placement,period_start,period_end,spend,impressions,clicks,conversions,revenue\n"
    "search_top,2026-11-01,2026-11-07,120.50,5000,150,12,980.00\n"
)


@pytest.mark.parametrize("status", [s for s in ReviewStatus if s != ReviewStatus.APPROVED])
def test_a_store_not_trading_answers_404_to_planners(client, auth, status):
    _, store = factories.make_merchant(status=status)
    factories.make_placement()
    db.session.commit()
    auth.as_role(Role.PLANNER)
    for path in (f"/budget/stores/{store.id}/results", f"/budget/stores/{store.id}/plan"):
        assert client.get(path).status_code == 404, path
    imported = client.post(
        f"/budget/stores/{store.id}/results/import",
        data={"file": (io.BytesIO(RESULTS.encode()), "results.csv")},
    )
    assert imported.status_code == 404
    assert client.post(f"/budget/stores/{store.id}/replan").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(BudgetPlan)) == 0


def test_an_approved_store_opens(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    auth.as_role(Role.PLANNER)
    assert client.get(f"/budget/stores/{store.id}/results").status_code == 200
