"""The plan page traced the plan's frontier (16 solves, 100-340 ms of CPU) on every view, a
merchant's too: it is traced on the first view and kept with the plan, which never changes."""

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan
from merchant_portal.budget.plans import frontier_kept
from merchant_portal.extensions import db

from .. import factories
from .test_plans import shop_and_catalogue


def frontier_part(html: str) -> str:
    """The two frontier charts: from their heading to the words under them."""
    if "Return against budget" not in html:
        return ""
    return html.split("Return against budget")[1].split('<p class="muted">')[0]


def test_the_frontier_is_traced_once_and_shown_the_same_after(client, auth, monkeypatch):
    merchant, store = shop_and_catalogue()
    planner = factories.make_user(Role.PLANNER)
    made = factories.make_plan(store, planner)  # an older plan: no frontier kept yet
    db.session.commit()
    traced = []
    real = frontier_kept.frontier_from_zero
    monkeypatch.setattr(
        frontier_kept, "frontier_from_zero", lambda p: traced.append(p.id) or real(p)
    )
    auth.login(planner.email)
    first = client.get(f"/budget/plans/{made.id}")
    again = client.get(f"/budget/plans/{made.id}")
    auth.logout()
    auth.login(merchant.email)
    theirs = client.get(f"/budget/plans/{made.id}")
    assert [r.status_code for r in (first, again, theirs)] == [200, 200, 200]
    assert traced == [made.id], "traced on the first view only"
    assert frontier_part(first.text) and frontier_part(first.text) == frontier_part(again.text)
    db.session.expire_all()
    kept = db.session.scalar(select(BudgetPlan).where(BudgetPlan.id == made.id))
    assert len(kept.result["frontier"]) > 1 and kept.viewed_by_merchant_at is not None
