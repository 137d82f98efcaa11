"""A merchant reading a plan made for their store saw the planner's own email address ("Run
... by planner@example.com"); the list of their plans says "business operations"."""

from merchant_portal.access import Role
from merchant_portal.extensions import db

from .. import factories
from .marketplace import text
from .test_plans import shop_and_catalogue


def test_a_merchant_reads_business_operations_not_a_colleague_s_address(client, auth):
    merchant, store = shop_and_catalogue()
    planner = factories.make_user(Role.PLANNER, email="pat.planner@example.com")
    plan = factories.make_plan(store, planner)
    db.session.commit()
    auth.login(merchant.email)
    page = text(client.get(f"/budget/plans/{plan.id}").text)
    assert "pat.planner@example.com" not in page
    assert "by business operations" in page
    auth.logout()
    auth.login(planner.email)
    assert "by pat.planner@example.com" in text(client.get(f"/budget/plans/{plan.id}").text)
