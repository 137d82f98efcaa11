"""A monthly ad budget of a few cents became a weekly ¥0.00 and failed the whole platform run;
the form refuses it, a run leaves such a store out with the reason, and the merchant sees
their budget as money and who set it."""

from decimal import Decimal

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.budget.models import AdBudget
from merchant_portal.extensions import db

from .. import factories
from .test_plans import error_next_to
from .test_platform_publish import draft, market


def test_a_few_cents_a_month_is_refused_with_the_minimum(client, auth):
    planner = factories.make_user(Role.PLANNER)
    _, birch = market(planner)
    auth.login(planner.email)
    refused = client.post(f"/budget/stores/{birch.id}/ad-budget", data={"monthly": "0.04"})
    assert refused.status_code == 400
    said = error_next_to(refused.text, "monthly")
    assert "at least ¥0.05 a month" in said and "0 to leave the plan" in said, said
    assert 'value="0.04"' in refused.text
    assert db.session.get(AdBudget, birch.id) is None
    assert (
        client.post(f"/budget/stores/{birch.id}/ad-budget", data={"monthly": "0.05"}).status_code
        == 302
    )


def test_one_store_with_a_cent_a_month_is_left_out_and_the_run_succeeds(client, auth):
    planner = factories.make_user(Role.PLANNER)
    _ash, birch = market(planner)
    # stored before the form refused it
    db.session.add(AdBudget(store_id=birch.id, monthly=Decimal("0.01"), set_by_id=planner.id))
    db.session.commit()
    auth.login(planner.email)
    run = draft(client)
    assert run.summary["merchants"] == 1, "Ash is planned"
    page = client.get(f"/budget/platform/{run.id}").text
    assert f"store #{birch.id}" in page and "less than ¥0.01 a week" in page


def test_the_merchant_sees_the_budget_as_money_and_who_set_it_when(client, auth):
    planner = factories.make_user(Role.PLANNER)
    _, birch = market(planner)
    auth.login(planner.email)
    assert (
        client.post(f"/budget/stores/{birch.id}/ad-budget", data={"monthly": "15000"}).status_code
        == 302
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "set_ad_budget"))
    assert (event.subject_id, event.detail["monthly"]) == (birch.id, "15000.00")
    auth.logout()
    auth.login("birch@example.com")
    page = client.get("/budget/my-plans").text
    assert 'value="¥15,000.00"' in page, "shown as money, with ¥ and separators"
    set_line = page.split('id="ad-budget-set"')[1].split("</p>")[0]
    assert "business operations" in set_line or "商业化运营" in set_line, set_line
    assert planner.email not in set_line
    again = client.post("/budget/my-plans/ad-budget", data={"monthly": "¥15,000.00"})
    assert again.status_code == 302, "what is shown can be saved back"
