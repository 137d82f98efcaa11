"""Re-plan pressed three times at once made three identical plans and three notices: the
button's render key makes one plan (held by the database, on PostgreSQL with
TEST_DATABASE_URL too), and the merchant hears of re-plans at most once a day."""

import re

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories
from tests.conftest import Auth
from tests.imports.test_races import Request, together


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def shop_with_a_plan(app):
    planner = factories.make_user(Role.PLANNER)
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top", name="Search top")
    factories.make_result(store, planner)  # re-planning learns from results
    db.session.commit()
    client = app.test_client()
    Auth(client).login(planner.email)
    client.post(
        f"/budget/stores/{store.id}/plan",
        data={"weeks": "4", "budget": "1000", "objective": "revenue"},
    )
    first = db.session.scalar(select(BudgetPlan))
    return planner, merchant, store, first


def replan_key(client, plan_id: int) -> str:
    page = client.get(f"/budget/plans/{plan_id}").text
    return re.search(r'name="form_key" value="([0-9a-f]{32})"', page).group(1)


def test_three_presses_of_one_replan_button_make_one_plan_and_one_notice(app):
    planner, merchant, store, first = shop_with_a_plan(app)
    clients = [app.test_client() for _ in range(3)]
    for client in clients:
        Auth(client).login(planner.email)
    key = replan_key(clients[0], first.id)
    url = f"/budget/stores/{store.id}/replan"
    data = {"plan_id": first.id, "form_key": key}
    answers = together(app, [Request(c, lambda c: c.post(url, data=data)) for c in clients])
    assert [a.status_code for a in answers] == [302, 302, 302]
    made = count(BudgetPlan, BudgetPlan.replanned_from_id == first.id)
    assert made == 1, f"{made} plans from one button"
    assert count(Notification, Notification.user_id == merchant.id) == 1
    assert len({a.headers["Location"] for a in answers}) == 1, "each press lands on that plan"


def test_a_second_replan_the_same_day_is_made_but_not_told_again(app):
    planner, merchant, store, first = shop_with_a_plan(app)
    client = app.test_client()
    Auth(client).login(planner.email)
    url = f"/budget/stores/{store.id}/replan"
    for _ in range(2):
        key = replan_key(client, first.id)
        assert client.post(url, data={"plan_id": first.id, "form_key": key}).status_code == 302
    assert count(BudgetPlan, BudgetPlan.replanned_from_id == first.id) == 2
    assert count(Notification, Notification.user_id == merchant.id) == 1


def test_a_button_s_key_sent_with_another_store_s_address_is_refused(app):
    # Found by an attack pass: the key of store A's re-plan, posted to store B's address, said
    # "already made" and led to store A's plan.
    planner, _merchant, store, first = shop_with_a_plan(app)
    _other_merchant, other = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_result(other, planner)
    db.session.commit()
    client = app.test_client()
    Auth(client).login(planner.email)
    client.post(f"/budget/stores/{other.id}/plan",
                data={"weeks": "4", "budget": "800", "objective": "revenue"})  # fmt: skip
    other_plan = db.session.scalar(select(BudgetPlan).where(BudgetPlan.store_id == other.id))
    key = replan_key(client, first.id)
    made = client.post(f"/budget/stores/{store.id}/replan",
                       data={"plan_id": first.id, "form_key": key})  # fmt: skip
    assert made.status_code == 302
    again = client.post(f"/budget/stores/{other.id}/replan",
                        data={"plan_id": other_plan.id, "form_key": key})  # fmt: skip
    assert again.status_code == 400
    assert count(BudgetPlan, BudgetPlan.replanned_from_id == other_plan.id) == 0
