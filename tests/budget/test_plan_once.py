"""“Run plan” pressed twice (a double click, or the page sent again after the back button)
made two identical plans in the merchant's list: the form's render key makes one plan, and the
second press lands on it (held by the database when the presses arrive together)."""

import re

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories
from tests.conftest import Auth
from tests.imports.test_races import Request, together

PLAN = {"weeks": "4", "budget": "1000", "budget_basis": "weekly", "objective": "revenue"}


def plans_of(store_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count()).select_from(BudgetPlan).where(BudgetPlan.store_id == store_id)
    )


def form_key(client, url: str) -> str:
    page = client.get(url).text
    return re.search(r'name="form_key" value="([0-9a-f]{32})"', page).group(1)


def approved_merchant(app):
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top", name="Search top")
    db.session.commit()
    client = app.test_client()
    Auth(client).login(merchant.email)
    return merchant, store, client


def test_a_merchants_plan_pressed_twice_is_one_plan(app):
    _, store, client = approved_merchant(app)
    data = {**PLAN, "form_key": form_key(client, "/budget/my-plans/new")}
    first = client.post("/budget/my-plans/new", data=data)
    second = client.post("/budget/my-plans/new", data=data, follow_redirects=True)
    assert first.status_code == 302
    assert plans_of(store.id) == 1, "the second press made a second plan"
    assert second.request.path == first.headers["Location"], "the second press shows the plan"
    assert "This plan was already made" in second.text


def test_three_presses_at_once_make_one_plan(app):
    merchant, store, _ = approved_merchant(app)
    clients = [app.test_client() for _ in range(3)]
    for client in clients:
        Auth(client).login(merchant.email)
    data = {**PLAN, "form_key": form_key(clients[0], "/budget/my-plans/new")}
    send = lambda c: c.post("/budget/my-plans/new", data=data)  # noqa: E731
    answers = together(app, [Request(c, send) for c in clients])
    assert [a.status_code for a in answers] == [302, 302, 302]
    assert plans_of(store.id) == 1
    assert len({a.headers["Location"] for a in answers}) == 1, "each press lands on that plan"


def test_the_form_opened_again_makes_a_new_plan(app):
    _, store, client = approved_merchant(app)
    for _ in range(2):
        data = {**PLAN, "form_key": form_key(client, "/budget/my-plans/new")}
        assert client.post("/budget/my-plans/new", data=data).status_code == 302
    assert plans_of(store.id) == 2


def test_a_refused_form_keeps_its_key_and_then_makes_its_plan(app):
    _, store, client = approved_merchant(app)
    key = form_key(client, "/budget/my-plans/new")
    refused = client.post("/budget/my-plans/new", data={**PLAN, "budget": "", "form_key": key})
    assert refused.status_code == 400
    assert f'name="form_key" value="{key}"' in refused.text
    assert client.post("/budget/my-plans/new", data={**PLAN, "form_key": key}).status_code == 302
    assert plans_of(store.id) == 1


def test_a_planners_plan_for_a_store_pressed_twice_is_one_plan(app, auth):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement(code="search_top", name="Search top")
    db.session.commit()
    auth.as_role(Role.PLANNER)
    url = f"/budget/stores/{store.id}/plan"
    data = {**PLAN, "form_key": form_key(auth.client, url)}
    assert auth.client.post(url, data=data).status_code == 302
    assert auth.client.post(url, data=data).status_code == 302
    assert plans_of(store.id) == 1
