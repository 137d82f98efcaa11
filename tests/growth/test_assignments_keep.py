"""On the assignments page a field left alone changes nothing; unassigning is its own button."""

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount

from .. import factories
from .test_book import assign_to


def accounts():
    return {
        (a.store_id, a.manager_id, str(a.monthly_gmv_target))
        for a in db.session.scalars(select(MerchantAccount))
    }


def test_typing_only_a_target_keeps_the_manager(client, auth):
    """Found by a new user: the dropdown's default "nobody (unassign)" took the manager away."""
    manager = factories.make_user(Role.REVIEWER, email="mia@example.com")
    _, store = factories.make_merchant(store_name="Oak & Iron")
    assign_to(manager, store, target=1000)
    auth.as_role(Role.ADMIN)
    form = client.get("/growth/assignments").get_data(as_text=True)
    assert "Keep each merchant" in form and "Nobody (unassign)" not in form
    response = client.post("/growth/assignments", data={
        "stores": [str(store.id)], "manager": "", "target": "5000", "assign": "1"})  # fmt: skip
    assert response.status_code == 302
    assert accounts() == {(store.id, manager.id, "5000.00")}


def test_applying_with_nothing_chosen_says_nothing_would_change(client, auth):
    manager = factories.make_user(Role.REVIEWER)
    _, store = factories.make_merchant(store_name="Oak & Iron")
    assign_to(manager, store, target=1000)
    auth.as_role(Role.ADMIN)
    page = client.post("/growth/assignments", data={
        "stores": [str(store.id)], "manager": "", "target": "", "assign": "1"})  # fmt: skip
    assert page.status_code == 400
    assert "nothing would change" in page.get_data(as_text=True)
    assert accounts() == {(store.id, manager.id, "1000.00")}


def test_unassigning_is_its_own_action_and_keeps_the_target(client, auth):
    manager = factories.make_user(Role.REVIEWER)
    other = factories.make_user(Role.REVIEWER)
    _, store = factories.make_merchant(store_name="Oak & Iron")
    assign_to(manager, store, target=1000)
    auth.as_role(Role.ADMIN)
    # the dropdown's value is ignored by the unassign button, and so is a typed target
    response = client.post("/growth/assignments", data={
        "stores": [str(store.id)], "manager": str(other.id), "target": "9", "unassign": "1"})  # fmt: skip
    assert response.status_code == 302
    assert accounts() == {(store.id, None, "1000.00")}
